/**
 * The answer of `GET /api/audits/{id}/report`: the self-contained report page (`src/report/renderAuditHtml.ts`:
 * summary, drift table, remediations, SVG topology picture), with the page's own CSP repeated as a header.
 */
import type { HttpResponseInit } from '@azure/functions';
import type { AuditReport } from '../../report/auditReport.js';
import { renderAuditHtml } from '../../report/renderAuditHtml.js';

export function reportPage(report: AuditReport): HttpResponseInit {
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:", 'x-content-type-options': 'nosniff' },
    body: renderAuditHtml(report),
  };
}
