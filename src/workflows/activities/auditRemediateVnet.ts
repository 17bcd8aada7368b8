/**
 * Activity `auditRemediateVnet`: hands one VNet its audit ticket through the hand-over protocol (one writer
 * per VNet: the VNet's reconcile instance repairs, probes and records the probes in the audit trail), then
 * follows the instance until it has acknowledged the ticket, and stores how it went (outcome, probes) for the
 * report. A remediation still running after the wait is reported as `handedOver` — it finishes on its own.
 */
import type { DurableClient } from 'durable-functions';
import { getJson, putJson } from '../../azure/storage/blobDocuments.js';
import { vnetInstanceId, vnetTableKey } from '../../domain/instanceKeys.js';
import type { RemediationTarget } from '../../domain/remediationTargets.js';
import type { ReportRemediation } from '../../report/auditReport.js';
import type { AuditRemediateInput, AuditRemediateOutput } from '../audit/auditTypes.js';
import { auditBlobs } from '../audit/auditTypes.js';
import { handOver } from '../handOver.js';
import { probeLine } from '../reconcile/passRecord.js';
import type { ReconcileOutput } from '../reconcile/passResult.js';
import { auditTicket } from '../tickets.js';
import { auditContainer, settings } from './activitySupport.js';

const ENDED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export async function auditRemediateVnet(input: AuditRemediateInput, client: DurableClient): Promise<AuditRemediateOutput> {
  try {
    return await remediate(input, client);
  } catch (error) {
    // Storage or settings trouble: this VNet's remediation failed; the audit goes on with the others.
    console.warn(`audit ${input.auditId}: remediation of ${input.vnetId} failed: ${(error as Error).message}`);
    return { vnetId: input.vnetId, status: 'failed' };
  }
}

async function remediate(input: AuditRemediateInput, client: DurableClient): Promise<AuditRemediateOutput> {
  const s = settings();
  const container = auditContainer(s);
  const key = vnetTableKey(input.vnetId);
  const target = await getJson<RemediationTarget>(container, auditBlobs.remediation(input.auditId, key));
  const ticket = auditTicket(input.vnetId, input.auditId, s.remediation === 'all' ? 'all' : 'safe', new Date().toISOString(), target ? { pairs: target.pairs, prune: target.prune } : {});
  const base = { vnetId: input.vnetId, ticketId: ticket.ticketId, pairKeys: target?.pairKeys ?? [] };
  let result: ReportRemediation;
  if (s.remediation === 'off' || !target) {
    result = { ...base, status: 'skipped', detail: !target ? 'no remediation work stored for this VNet' : 'REMEDIATION is off' };
  } else {
    try {
      await handOver(client, ticket);
      result = await follow(client, input.vnetId, ticket.ticketId, base, s.auditRemediationWaitMs);
    } catch (error) {
      result = { ...base, status: 'failed', detail: `hand-over failed: ${(error as Error).message}` };
    }
  }
  await putJson(container, auditBlobs.remediationResult(input.auditId, key), result);
  return { vnetId: input.vnetId, status: result.status };
}

async function follow(client: DurableClient, vnetId: string, ticketId: string, base: Pick<ReportRemediation, 'vnetId' | 'ticketId' | 'pairKeys'>, waitMs: number): Promise<ReportRemediation> {
  const instanceId = vnetInstanceId(vnetId);
  const deadline = Date.now() + waitMs;
  let pause = 100;
  while (Date.now() < deadline) {
    const status = await client.getStatus(instanceId, { showInput: false });
    const output = status.output as ReconcileOutput | null | undefined;
    if (ENDED.has(String(status.runtimeStatus))) {
      if (String(status.runtimeStatus) !== 'Completed') return { ...base, status: 'failed', detail: `reconcile instance ${instanceId} ended ${String(status.runtimeStatus)}` };
      if (output?.acked.includes(ticketId)) {
        const pass = output.pass;
        if (!pass || !pass.tickets.includes(ticketId)) return { ...base, status: 'succeeded', detail: `handled by ${instanceId}; see /api/history?vnet=${vnetId}` };
        const ok = pass.outcome === 'converged' || pass.outcome === 'nothingToDo';
        return {
          ...base,
          status: ok ? 'succeeded' : 'failed',
          detail: pass.summary,
          probes: pass.probes.map((p) => ({ pairKey: p.pairKey, reachable: p.passed, summary: probeLine(p) })),
        };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 2_000);
  }
  return { ...base, status: 'handedOver', detail: `still running in ${instanceId} after ${Math.round(waitMs / 1000)} s; it records its passes and probes in the audit trail` };
}
