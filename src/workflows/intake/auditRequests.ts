/**
 * The audit's HTTP API and timer entry:
 * - `POST /api/audits`: start an audit now → 202, `Location: /api/audits/{id}`;
 * - `GET /api/audits/{id}`: status, progress (`n/m subscriptions read, k drifts`), and the summary when done;
 * - `GET /api/audits/{id}/report`: the report page; `GET /api/audits/{id}/report.json` (or `?format=json`):
 *   the report as stored (JSON, `src/report/auditReport.ts`);
 * - the timer starts one audit per occurrence (its id derives from the schedule time, so a second host
 *   firing the same occurrence finds it running).
 */
import { randomBytes } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { getJson } from '../../azure/storage/blobDocuments.js';
import type { AuditReport } from '../../report/auditReport.js';
import { auditContainer } from '../activities/activitySupport.js';
import type { AuditInput, AuditOutput, AuditStatus, AuditTriggerKind } from '../audit/auditTypes.js';
import { AUDIT_ID_PREFIX, AUDIT_ORCHESTRATION, auditBlobs } from '../audit/auditTypes.js';
import { errorAnswer } from './httpAnswers.js';
import { reportPage } from './reportPage.js';

const AUDIT_ID = /^audit-[a-z0-9-]{1,80}$/;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'z').toLowerCase();
}

/** Starts an audit; `false` when an instance of that id exists already. */
export async function startAudit(client: DurableClient, auditId: string, trigger: AuditTriggerKind): Promise<boolean> {
  const input: AuditInput = { auditId, trigger };
  try {
    await client.startNew(AUDIT_ORCHESTRATION, { instanceId: auditId, input });
    return true;
  } catch (error) {
    if (/\b409\b/.test((error as Error).message)) return false;
    throw error;
  }
}

const links = (auditId: string) => ({ status: `/api/audits/${auditId}`, report: `/api/audits/${auditId}/report`, reportJson: `/api/audits/${auditId}/report.json` });

/** `POST /api/audits`. */
export async function startAuditRequest(_request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const auditId = `${AUDIT_ID_PREFIX}${stamp(new Date())}-${randomBytes(3).toString('hex')}`;
  await startAudit(client, auditId, 'http');
  return { status: 202, headers: { location: links(auditId).status, 'retry-after': '2' }, jsonBody: { auditId, links: links(auditId) } };
}

/** The timer's occurrence: one audit per scheduled time. */
export async function startScheduledAudit(client: DurableClient, firedAt: Date, log: (message: string) => void): Promise<void> {
  // The minute of the occurrence: hosts firing it a few seconds apart name the same audit.
  const minute = new Date(Math.floor(firedAt.getTime() / 60_000) * 60_000);
  const auditId = `${AUDIT_ID_PREFIX}${stamp(minute)}-timer`;
  const started = await startAudit(client, auditId, 'timer');
  log(started ? `drift audit ${auditId} started` : `drift audit ${auditId} already runs (another host took this occurrence)`);
}

function auditIdOf(request: HttpRequest): string | HttpResponseInit {
  const auditId = request.params.auditId ?? '';
  if (!AUDIT_ID.test(auditId)) return errorAnswer(400, 'InvalidAuditId', `'${auditId}' is not an audit id (audit-…, as POST /api/audits answered)`, 'auditId');
  return auditId;
}

/** `GET /api/audits/{id}`. */
export async function auditStatusRequest(request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const auditId = auditIdOf(request);
  if (typeof auditId !== 'string') return auditId;
  let status;
  try {
    status = await client.getStatus(auditId, { showInput: false });
  } catch (error) {
    if (/\b404\b/.test((error as Error).message)) return errorAnswer(404, 'AuditNotFound', `no audit ${auditId}`, 'auditId');
    throw error;
  }
  if (!status?.runtimeStatus) return errorAnswer(404, 'AuditNotFound', `no audit ${auditId}`, 'auditId');
  const custom = status.customStatus as AuditStatus | null;
  const output = status.output as AuditOutput | null;
  return {
    status: 200,
    jsonBody: {
      auditId,
      runtimeStatus: status.runtimeStatus,
      createdTime: status.createdTime,
      lastUpdatedTime: status.lastUpdatedTime,
      phase: custom?.phase,
      progress: custom?.progress,
      ...(output ? { summary: output } : {}),
      links: links(auditId),
    },
  };
}

/** `GET /api/audits/{id}/report` (page) and `/report.json` or `?format=json` (JSON). */
export async function auditReportRequest(request: HttpRequest, format: 'page' | 'json'): Promise<HttpResponseInit> {
  const auditId = auditIdOf(request);
  if (typeof auditId !== 'string') return auditId;
  const report = await getJson<AuditReport>(auditContainer(), auditBlobs.report(auditId));
  if (!report) return errorAnswer(404, 'ReportNotFound', `audit ${auditId} has no report (yet): see /api/audits/${auditId}`, 'auditId');
  if (format === 'json' || request.query.get('format') === 'json') return { status: 200, jsonBody: report };
  return reportPage(report);
}
