/**
 * Activity `auditClassify`: reads the audit's inventory from blob storage, the desired state (topology file
 * or remembered pairs) and when sides were first seen `Initiated`, assesses drift (`assessAudit.ts`), and
 * stores the report, each VNet's remediation work and the `Initiated` times. Returns counts and VNet ids.
 */
import { getJson, putJson } from '../../azure/storage/blobDocuments.js';
import { listAllRememberedPairs } from '../../azure/storage/rememberedPairs.js';
import type { VnetSnapshot } from '../../domain/model.js';
import { vnetTableKey } from '../../domain/instanceKeys.js';
import type { AuditClassifyInput, AuditClassifyOutput } from '../audit/auditTypes.js';
import { auditBlobs } from '../audit/auditTypes.js';
import { appTables, auditContainer, guarded, settings } from './activitySupport.js';
import { assessAudit } from './assessAudit.js';
import { loadTopology } from './loadTopology.js';

export async function auditClassify(input: AuditClassifyInput): Promise<AuditClassifyOutput> {
  return guarded<AuditClassifyOutput>(input.auditId, async () => {
    const s = settings();
    const container = auditContainer(s);
    const pages = await Promise.all(input.subscriptions.map((sub) => getJson<VnetSnapshot[]>(container, auditBlobs.inventory(input.auditId, sub))));
    const snapshots = pages.flatMap((p) => p ?? []);
    const topology = s.topologyFile ? await loadTopology(s.topologyFile) : undefined;
    const remembered = topology ? undefined : await listAllRememberedPairs({ table: appTables(s).rememberedPairs });
    const initiatedSince = (await getJson<Record<string, string>>(container, auditBlobs.initiatedSince)) ?? {};
    const assessment = assessAudit({
      auditId: input.auditId,
      trigger: input.trigger,
      startedAt: input.startedAt,
      now: input.now,
      snapshots,
      subscriptions: input.subscriptions,
      unread: input.unread,
      ...(topology ? { groups: topology.groups } : { remembered: remembered ?? [] }),
      initiatedSince,
      initiatedTooLongMs: s.auditInitiatedGraceMinutes * 60_000,
      remediation: input.remediation,
      prune: input.prune,
      scope: s.scopeSubscriptions,
      armCalls: input.armCalls,
    });
    await putJson(container, auditBlobs.report(input.auditId), assessment.report);
    await putJson(container, auditBlobs.initiatedSince, assessment.initiatedSince);
    await Promise.all(assessment.targets.map((t) => putJson(container, auditBlobs.remediation(input.auditId, vnetTableKey(t.vnetId)), t)));
    const { counts } = assessment.report;
    return {
      ok: true,
      vnets: counts.vnets,
      peerings: counts.peerings,
      pairs: counts.pairs,
      drifts: counts.drifts,
      byClass: counts.byClass,
      remediate: assessment.targets.map((t) => t.vnetId),
    };
  });
}
