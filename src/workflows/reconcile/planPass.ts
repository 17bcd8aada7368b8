/**
 * The plan of one pass from what was read: desired pairs (those a request or an audit asks for first, so they
 * win; then the topology file's; then the remembered ones and the healthy pairs adopted on first sight), the strategy
 * (request → tag → setting) and the planner. Pure: the orchestrator runs it on replay, and the HTTP API's
 * dry run runs the very same function on a fresh read, so a dry run shows the writes a pass would make.
 */
import type { DesiredPair, RememberedDesired } from '../../domain/desired.js';
import { rememberedDesired } from '../../domain/desired.js';
import { buildInventory, pairKey } from '../../domain/inventory.js';
import type { VnetSnapshot } from '../../domain/model.js';
import { planVnet } from '../../domain/plan.js';
import type { Finding, Plan } from '../../domain/planTypes.js';
import type { ResolvedStrategy } from '../../domain/strategy.js';
import { resolveStrategy } from '../../domain/strategy.js';
import type { PassSettings } from './activityTypes.js';
import type { PassWork } from './passWork.js';

/** What `readWorld` returned that the plan needs. */
export interface PassWorld {
  readonly snapshots: readonly VnetSnapshot[];
  readonly remembered: readonly DesiredPair[];
  /** The VNet's pairs the topology file fixes (`readWorld`; absent without a file). */
  readonly topology?: readonly DesiredPair[];
  readonly settings: PassSettings;
}

export interface PassPlan {
  readonly plan: Plan;
  readonly owner?: VnetSnapshot;
  readonly remembered: RememberedDesired;
  /** Every desired pair of the VNet (requested first). */
  readonly desired: readonly DesiredPair[];
  readonly strategy: ResolvedStrategy;
  /** The plan's findings plus a warning about an unusable strategy tag. */
  readonly findings: readonly Finding[];
}

/** Plans a pass of `vnetId` for `work` on `world`; `locked`: ARM refused the address change while peered. */
export function planPass(vnetId: string, world: PassWorld, pass: Pick<PassWork, 'addressChange' | 'extraDesired' | 'removePairs' | 'prunedByAudit' | 'strategy' | 'repairOptions'>, locked = false): PassPlan {
  const inventory = buildInventory(world.snapshots);
  const owner = inventory.vnet(vnetId);
  // An audit's prune is as old as the audit's read: a pair the topology wants now is kept.
  const topologyKeys = new Set((world.topology ?? []).map((p) => p.key));
  const stale = new Set((pass.prunedByAudit ?? []).filter((key) => topologyKeys.has(key)));
  const removePairs = (pass.removePairs ?? []).filter(([x, y]) => !stale.has(pairKey(x, y)));
  const work = { ...pass, ...(pass.removePairs ? { removePairs } : {}) };
  const removed = new Set(removePairs.map(([x, y]) => pairKey(x, y)));
  const all = rememberedDesired(world.remembered, inventory, vnetId);
  // A pair being removed is neither adopted nor kept: it is about to be forgotten.
  const remembered = { desired: all.desired.filter((p) => !removed.has(p.key)), adopted: all.adopted.filter((p) => !removed.has(p.key)) };
  // First of a key wins: the tickets' pairs (requests, audits), then the topology's, then the remembered ones.
  const desired: DesiredPair[] = [];
  const wanted = new Set<string>();
  for (const pair of [...(work.extraDesired ?? []), ...(world.topology ?? []).filter((p) => !removed.has(p.key)), ...remembered.desired]) {
    if (wanted.has(pair.key)) continue;
    wanted.add(pair.key);
    desired.push(pair);
  }
  const strategy = resolveStrategy({ ...(work.strategy ? { requested: work.strategy } : {}), vnetTags: owner?.tags ?? {}, setting: world.settings.strategy });
  const plan = planVnet({
    vnetId,
    desired,
    snapshots: world.snapshots,
    strategy: strategy.strategy,
    ...(work.addressChange ? { addressChange: work.addressChange } : {}),
    ...(work.removePairs ? { removePairs: work.removePairs } : {}),
    writableSubscriptions: world.settings.scope,
    addressSpaceLockedWhilePeered: locked,
    ...(work.repairOptions === false ? { repairOptions: false } : {}),
  });
  const tagFinding: Finding[] = strategy.warning ? [{ code: 'StrategyTagIgnored', severity: 'warning', message: strategy.warning, vnetId }] : [];
  return { plan, ...(owner ? { owner } : {}), remembered, desired, strategy, findings: [...plan.findings, ...tagFinding] };
}
