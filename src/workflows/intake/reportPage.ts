/**
 * The answer of `GET /api/audits/{id}/report`. Until the HTML renderer (`src/report/renderAuditHtml.ts`,
 * developed on its own branch) is part of the app, the page is the report's JSON, marked so a reader
 * knows which form it got.
 */
import type { HttpResponseInit } from '@azure/functions';
import type { AuditReport } from '../../report/auditReport.js';

export function reportPage(report: AuditReport): HttpResponseInit {
  return { status: 200, headers: { 'x-report-format': 'json' }, jsonBody: report };
}
