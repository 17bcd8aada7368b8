/**
 * The audit's thinking, without I/O (the bench measures it alone): inventory → desired pairs (the topology
 * expanded against the inventory, or the remembered pairs) → drift classification → report and the
 * remediation targets. Pairs touching a subscription that could not be read are left out: their VNets are
 * unknown, not gone.
 */
import type { DesiredPair } from '../../domain/desired.js';
import type { DriftReport } from '../../domain/drift.js';
import { classifyDrift, trackInitiated } from '../../domain/drift.js';
import type { Inventory } from '../../domain/inventory.js';
import { buildInventory } from '../../domain/inventory.js';
import type { VnetSnapshot } from '../../domain/model.js';
import type { RemediationTarget } from '../../domain/remediationTargets.js';
import { remediationTargets } from '../../domain/remediationTargets.js';
import { parseVnetId, resourceKey } from '../../domain/resourceId.js';
import type { TopologyConflict, TopologyGroup } from '../../domain/topology.js';
import { expandTopology, resolveMembers } from '../../domain/topology.js';
import type { AuditReport } from '../../report/auditReport.js';
import { buildAuditReport } from '../../report/buildAuditReport.js';
import type { AuditClassifyInput } from '../audit/auditTypes.js';

/** What the classify activity was asked (`AuditClassifyInput`), and what it read for it. */
export interface AssessInput extends AuditClassifyInput {
  readonly snapshots: readonly VnetSnapshot[];
  /** The topology's groups, or `undefined` for the remembered pairs. */
  readonly groups?: readonly TopologyGroup[];
  readonly remembered?: readonly DesiredPair[];
  readonly initiatedSince: Readonly<Record<string, string>>;
  /** How long a side may stay `Initiated` before it is drift (default: the domain's hour). */
  readonly initiatedTooLongMs?: number;
  /** Subscriptions the app may write. */
  readonly scope: readonly string[];
}

export interface Assessment {
  readonly inventory: Inventory;
  readonly desired: readonly DesiredPair[];
  readonly drift: DriftReport;
  readonly report: AuditReport;
  readonly targets: readonly RemediationTarget[];
  readonly initiatedSince: Record<string, string>;
  readonly conflicts: readonly TopologyConflict[];
}

const subOf = (vnetId: string): string => {
  try {
    return parseVnetId(vnetId).subscriptionId.toLowerCase();
  } catch {
    return '';
  }
};

export function assessAudit(input: AssessInput): Assessment {
  const inventory = buildInventory(input.snapshots);
  const unread = new Set(input.unread.map((s) => s.toLowerCase()));
  const audited = new Set(input.subscriptions.map((s) => s.toLowerCase()));
  const known = (p: DesiredPair) => !unread.has(subOf(p.a.vnetId)) && !unread.has(subOf(p.b.vnetId));
  let desired: DesiredPair[];
  let conflicts: TopologyConflict[] = [];
  const groupsOf: Record<string, string[]> = {};
  if (input.groups) {
    const expanded = expandTopology(input.groups, inventory);
    desired = expanded.pairs.filter(known);
    conflicts = expanded.conflicts;
    for (const group of input.groups) {
      for (const id of resolveMembers(group, inventory)) {
        (groupsOf[resourceKey(id)] ??= []).push(group.name);
      }
    }
  } else {
    desired = (input.remembered ?? []).filter((p) => known(p) && (audited.has(subOf(p.a.vnetId)) || audited.has(subOf(p.b.vnetId))));
  }
  const drift = classifyDrift({
    desired,
    inventory,
    now: input.now,
    initiatedSince: input.initiatedSince,
    reportUnexpected: input.groups !== undefined,
    unknownVnet: (id) => unread.has(subOf(id)),
    ...(input.initiatedTooLongMs !== undefined ? { initiatedTooLongMs: input.initiatedTooLongMs } : {}),
  });
  const report = buildAuditReport({
    auditId: input.auditId,
    trigger: input.trigger,
    startedAt: input.startedAt,
    finishedAt: input.now,
    desiredSource: input.groups ? 'topology' : 'remembered',
    remediation: input.remediation,
    prune: input.prune,
    subscriptions: input.subscriptions,
    inventory,
    desired,
    drift,
    ...(input.groups ? { groups: groupsOf } : {}),
    armCalls: input.armCalls,
  });
  const scope = new Set(input.scope.map((s) => s.toLowerCase()));
  const targets = remediationTargets(drift.entries, { level: input.remediation, prune: input.prune }, (id) => scope.has(subOf(id)) && inventory.vnet(id) !== undefined);
  // Sides in a subscription that could not be read are unknown, not gone: keep when they were first seen
  // Initiated, or a throttled list would restart their grace period (and hide a stuck side for another one).
  const initiatedSince = trackInitiated(input.initiatedSince, inventory, input.now);
  for (const [key, since] of Object.entries(input.initiatedSince)) {
    if (unread.has(/^\/subscriptions\/([^/]+)\//i.exec(key)?.[1]?.toLowerCase() ?? '') && !(key in initiatedSince)) initiatedSince[key] = since;
  }
  return { inventory, desired, drift, report, targets, initiatedSince, conflicts };
}
