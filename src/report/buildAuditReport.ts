/**
 * Builds the {@link AuditReport} from what an audit holds once it has classified drift: the inventory it
 * read, the desired pairs and the drift report. Pure (no clock: times come in), so the audit's activity, the
 * tests and the sample page build reports the same way.
 *
 * Pairs are every pair with at least one side plus every desired pair with none (`missing`), sorted by key;
 * VNets are the inventory's, sorted by lower-cased id.
 */
import type { DesiredPair } from '../domain/desired.js';
import type { DriftReport } from '../domain/drift.js';
import type { Inventory } from '../domain/inventory.js';
import type { PeeringSide } from '../domain/model.js';
import { resourceKey } from '../domain/resourceId.js';
import type { AuditReport, ReportPair, ReportRemediation, ReportSide, ReportVnet } from './auditReport.js';
import { AUDIT_REPORT_SCHEMA_VERSION } from './auditReport.js';
import { pairStatus } from './pairStatus.js';

/** Input of {@link buildAuditReport}: the report's own facts, and what it is built from. */
export interface AuditReportInput extends Pick<AuditReport, 'auditId' | 'trigger' | 'startedAt' | 'finishedAt' | 'desiredSource' | 'remediation' | 'prune' | 'subscriptions'> {
  /** ARM requests the audit made. */
  readonly armCalls: number;
  readonly inventory: Inventory;
  readonly desired: readonly DesiredPair[];
  readonly drift: DriftReport;
  readonly remediations?: readonly ReportRemediation[];
  /**
   * Topology groups per VNet (lower-cased id → group names). Default: the groups of the desired pairs that
   * touch the VNet (a group member with no pair is then in no group).
   */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
}

function reportSide(side: PeeringSide | undefined): ReportSide | undefined {
  if (!side) return undefined;
  const { name, peeringState, peeringSyncLevel, provisioningState, options } = side;
  return { name, peeringState, peeringSyncLevel, provisioningState, options: { ...options } };
}

function groupsFromDesired(desired: readonly DesiredPair[]): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const pair of desired) {
    if (pair.group === undefined) continue;
    for (const id of [pair.a.vnetId, pair.b.vnetId]) {
      const set = groups.get(resourceKey(id)) ?? new Set<string>();
      set.add(pair.group);
      groups.set(resourceKey(id), set);
    }
  }
  return groups;
}

function byKey<T>(key: (item: T) => string): (x: T, y: T) => number {
  return (x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);
}

/** The report of one audit. */
export function buildAuditReport(input: AuditReportInput): AuditReport {
  const inv = input.inventory;
  const derivedGroups = input.groups ? undefined : groupsFromDesired(input.desired);
  const groupsOf = (id: string): string[] => [...(input.groups?.[resourceKey(id)] ?? derivedGroups?.get(resourceKey(id)) ?? [])].sort();

  const vnets: ReportVnet[] = [...inv.vnets()].sort(byKey((v) => resourceKey(v.id))).map((v) => ({
    id: v.id,
    name: v.name,
    subscriptionId: v.subscriptionId,
    resourceGroup: v.resourceGroup,
    location: v.location,
    addressPrefixes: [...v.addressSpace],
    groups: groupsOf(v.id),
  }));

  const desiredKeys = new Set(input.desired.map((p) => p.key));
  const pairs = new Map<string, ReportPair>();
  for (const actual of inv.pairs()) {
    const a = reportSide(actual.ab);
    const b = reportSide(actual.ba);
    pairs.set(actual.key, {
      pairKey: actual.key,
      vnetIds: [actual.a, actual.b],
      status: pairStatus(actual.ab, actual.ba, inv.vnet(actual.a), inv.vnet(actual.b)),
      desired: desiredKeys.has(actual.key),
      sides: { ...(a ? { a } : {}), ...(b ? { b } : {}) },
    });
  }
  for (const wanted of input.desired) {
    if (pairs.has(wanted.key)) continue;
    const [first, second] = resourceKey(wanted.a.vnetId) <= resourceKey(wanted.b.vnetId) ? [wanted.a.vnetId, wanted.b.vnetId] : [wanted.b.vnetId, wanted.a.vnetId];
    pairs.set(wanted.key, { pairKey: wanted.key, vnetIds: [first, second], status: 'missing', desired: true, sides: {} });
  }
  const pairList = [...pairs.values()].sort(byKey((p) => p.pairKey));

  return {
    schemaVersion: AUDIT_REPORT_SCHEMA_VERSION,
    auditId: input.auditId,
    trigger: input.trigger,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    desiredSource: input.desiredSource,
    remediation: input.remediation,
    prune: input.prune,
    subscriptions: [...input.subscriptions],
    counts: {
      subscriptions: input.subscriptions.length,
      vnets: vnets.length,
      peerings: inv.vnets().reduce((n, v) => n + v.peerings.length, 0),
      pairs: pairList.length,
      drifts: input.drift.entries.length,
      byClass: { ...input.drift.counts },
      armCalls: input.armCalls,
    },
    vnets,
    pairs: pairList,
    drifts: input.drift.entries,
    remediations: [...(input.remediations ?? [])],
  };
}
