/**
 * Which VNets an audit's remediation hands work to, and what each gets. One writer per VNet: every repair
 * runs in one VNet's reconcile instance, which plans both sides of its pairs. Each drift entry goes to one
 * of its two VNets — the one with more repairs to do (so a hub with 100 missing spokes is one instance, not
 * 100), the first of the pair on a tie. Pure and deterministic.
 */
import type { DesiredPair } from './desired.js';
import { desiredPair } from './desired.js';
import type { DriftEntry, RemediationLevel } from './drift.js';
import { resourceKey } from './resourceId.js';

/** The `REMEDIATION` setting and `PRUNE`. */
export interface RemediationMode {
  readonly level: 'off' | 'safe' | 'all';
  readonly prune: boolean;
}

/** The work of one VNet's instance. */
export interface RemediationTarget {
  readonly vnetId: string;
  /** Drift entries (pair keys) it covers, sorted. */
  readonly pairKeys: readonly string[];
  /** Desired pairs to make as wanted. */
  readonly pairs: readonly DesiredPair[];
  /** Pairs to delete on both sides (`all` with prune only). */
  readonly prune: readonly (readonly [string, string])[];
}

/** Whether the mode repairs a class of the given level. */
export function repairs(mode: RemediationMode, level: RemediationLevel): boolean {
  if (mode.level === 'off' || level === 'none') return false;
  if (level === 'safe') return true;
  if (level === 'all') return mode.level === 'all';
  return mode.level === 'all' && mode.prune;
}

/**
 * The targets for the entries the mode repairs. `inScope` says whether the app may write a VNet's
 * subscription; entries touching a VNet outside it are left to a person.
 */
export function remediationTargets(entries: readonly DriftEntry[], mode: RemediationMode, inScope: (vnetId: string) => boolean): RemediationTarget[] {
  const fixable = entries.filter((e) => repairs(mode, e.remediation) && inScope(e.vnetIds[0]) && inScope(e.vnetIds[1]));
  const load = new Map<string, number>();
  for (const e of fixable) for (const id of e.vnetIds) load.set(resourceKey(id), (load.get(resourceKey(id)) ?? 0) + 1);
  const targets = new Map<string, { vnetId: string; keys: Set<string>; pairs: Map<string, DesiredPair>; prune: Map<string, readonly [string, string]> }>();
  for (const e of fixable) {
    const [a, b] = e.vnetIds;
    const owner = (load.get(resourceKey(b)) ?? 0) > (load.get(resourceKey(a)) ?? 0) ? b : a;
    const key = resourceKey(owner);
    const target = targets.get(key) ?? { vnetId: owner, keys: new Set<string>(), pairs: new Map(), prune: new Map() };
    targets.set(key, target);
    target.keys.add(e.pairKey);
    if (e.class === 'unexpectedPeering') target.prune.set(e.pairKey, [a, b]);
    else if (e.desired) target.pairs.set(e.pairKey, desiredPair(e.desired.a, e.desired.b, e.group === undefined ? 'remembered' : 'topology', e.group));
  }
  return [...targets.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([, t]) => ({ vnetId: t.vnetId, pairKeys: [...t.keys].sort(), pairs: [...t.pairs.values()], prune: [...t.prune.values()] }));
}
