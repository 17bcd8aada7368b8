/**
 * Builds the {@link AuditReport} from what an audit read and found: the VNets (nodes), every pair with at
 * least one side plus the desired pairs with none (edges), the drift entries, counts. Pure: the audit's
 * activity gives it the inventory, the desired pairs and the classification; time comes in as strings.
 */
import type { DesiredPair } from '../domain/desired.js';
import type { DriftReport } from '../domain/drift.js';
import type { ActualPair, Inventory } from '../domain/inventory.js';
import type { PeeringSide } from '../domain/model.js';
import { resourceKey } from '../domain/resourceId.js';
import { isInSync } from '../domain/syncState.js';
import type { AuditReport, AuditTrigger, DesiredSourceKind, PairStatus, RemediationMode, ReportPair, ReportRemediation, ReportSide } from './auditReport.js';
import { AUDIT_REPORT_SCHEMA_VERSION } from './auditReport.js';

/** What the report is built from. */
export interface AuditReportInput {
  readonly auditId: string;
  readonly trigger: AuditTrigger;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly desiredSource: DesiredSourceKind;
  readonly remediation: RemediationMode;
  readonly prune: boolean;
  readonly subscriptions: readonly string[];
  readonly inventory: Inventory;
  readonly desired: readonly DesiredPair[];
  readonly drift: DriftReport;
  /** Lower-cased VNet id → topology groups it belongs to. */
  readonly groupsOf?: ReadonlyMap<string, readonly string[]>;
  readonly armCalls: number;
  readonly remediations?: readonly ReportRemediation[];
}

function reportSide(side: PeeringSide | undefined): ReportSide | undefined {
  if (!side) return undefined;
  return { name: side.name, peeringState: side.peeringState, peeringSyncLevel: side.peeringSyncLevel, provisioningState: side.provisioningState, options: side.options };
}

/** How a pair is drawn (see {@link PairStatus}). */
export function pairStatus(pair: ActualPair, inventory: Inventory): PairStatus {
  const { ab, ba } = pair;
  if (!ab && !ba) return 'missing';
  if (ab?.peeringState === 'Disconnected' || ba?.peeringState === 'Disconnected') return 'disconnected';
  if (!ab || !ba || ab.peeringState !== 'Connected' || ba.peeringState !== 'Connected') return 'initiated';
  return isInSync(ab, ba, inventory.vnet(pair.b)) && isInSync(ba, ab, inventory.vnet(pair.a)) ? 'connected' : 'notInSync';
}

/** The report. VNets sorted by lower-cased id, pairs by key. */
export function buildAuditReport(input: AuditReportInput): AuditReport {
  const inv = input.inventory;
  const desiredKeys = new Set(input.desired.map((p) => p.key));
  const pairs: ReportPair[] = [];
  const seen = new Set<string>();
  for (const pair of inv.pairs()) {
    seen.add(pair.key);
    const sides = { ...(pair.ab ? { a: reportSide(pair.ab) as ReportSide } : {}), ...(pair.ba ? { b: reportSide(pair.ba) as ReportSide } : {}) };
    pairs.push({ pairKey: pair.key, vnetIds: [pair.a, pair.b], status: pairStatus(pair, inv), desired: desiredKeys.has(pair.key), sides });
  }
  for (const wish of input.desired) {
    if (seen.has(wish.key)) continue;
    seen.add(wish.key);
    const [a, b] = resourceKey(wish.a.vnetId) <= resourceKey(wish.b.vnetId) ? [wish.a.vnetId, wish.b.vnetId] : [wish.b.vnetId, wish.a.vnetId];
    pairs.push({ pairKey: wish.key, vnetIds: [a, b], status: 'missing', desired: true, sides: {} });
  }
  pairs.sort((x, y) => (x.pairKey < y.pairKey ? -1 : x.pairKey > y.pairKey ? 1 : 0));
  const vnets = [...inv.vnets()]
    .sort((x, y) => (resourceKey(x.id) < resourceKey(y.id) ? -1 : 1))
    .map((v) => ({
      id: v.id,
      name: v.name,
      subscriptionId: v.subscriptionId,
      resourceGroup: v.resourceGroup,
      location: v.location,
      addressPrefixes: v.addressSpace,
      groups: input.groupsOf?.get(resourceKey(v.id)) ?? [],
    }));
  return {
    schemaVersion: AUDIT_REPORT_SCHEMA_VERSION,
    auditId: input.auditId,
    trigger: input.trigger,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    desiredSource: input.desiredSource,
    remediation: input.remediation,
    prune: input.prune,
    subscriptions: input.subscriptions,
    counts: {
      subscriptions: input.subscriptions.length,
      vnets: vnets.length,
      peerings: inv.vnets().reduce((n, v) => n + v.peerings.length, 0),
      pairs: pairs.length,
      drifts: input.drift.entries.length,
      byClass: input.drift.counts,
      armCalls: input.armCalls,
    },
    vnets,
    pairs,
    drifts: input.drift.entries,
    remediations: input.remediations ?? [],
  };
}

/** The drift as a text table (class, pair, state of both sides, fix): for logs, the CLI and closing notes. */
export function driftTable(report: AuditReport): string {
  const short = (id: string) => id.split('/').at(-1) ?? id;
  const state = (s: { peeringState: string; peeringSyncLevel: string } | undefined) => (s ? `${s.peeringState}/${s.peeringSyncLevel}` : '—');
  const rows = report.drifts.map((d) => [d.class, `${short(d.vnetIds[0])} ↔ ${short(d.vnetIds[1])}`, state(d.sides.a), state(d.sides.b), d.remediation, d.fix]);
  const head = ['class', 'pair', 'side a', 'side b', 'repaired at', 'fix'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
