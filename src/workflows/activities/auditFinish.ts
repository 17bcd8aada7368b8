/**
 * Activity `auditFinish`: puts the remediations (what each VNet's instance did, its probes) and the finish
 * time into the stored report.
 */
import { getJson, putJson } from '../../azure/storage/blobDocuments.js';
import { vnetTableKey } from '../../domain/instanceKeys.js';
import type { AuditReport, ReportRemediation } from '../../report/auditReport.js';
import type { AuditFinishInput } from '../audit/auditTypes.js';
import { auditBlobs } from '../audit/auditTypes.js';
import { auditContainer } from './activitySupport.js';

export async function auditFinish(input: AuditFinishInput): Promise<{ remediations: number }> {
  const container = auditContainer();
  const report = await getJson<AuditReport>(container, auditBlobs.report(input.auditId));
  if (!report) throw new Error(`the report of audit ${input.auditId} is not in blob storage (${container}/${auditBlobs.report(input.auditId)})`);
  const results = await Promise.all(input.remediated.map((id) => getJson<ReportRemediation>(container, auditBlobs.remediationResult(input.auditId, vnetTableKey(id)))));
  const remediations = results.filter((r): r is ReportRemediation => r !== undefined);
  await putJson(container, auditBlobs.report(input.auditId), { ...report, finishedAt: input.finishedAt, remediations });
  return { remediations: remediations.length };
}
