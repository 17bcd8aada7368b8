/**
 * Drift classification for the audit: desired pairs vs an inventory of VNets → one entry per problem,
 * each with its class, the pair, both sides' state, the fix and the remediation level that repairs it.
 *
 * Linear in the inventory: VNets and sides are indexed by lower-cased id (see `inventory.ts`); the only
 * neighbour scans (transitive paths, overlaps with already-peered VNets) run for missing pairs and are
 * bounded by Azure's 500 peerings per VNet. Time comes in as an argument (`now`), never from a clock.
 */
import { findOverlaps } from './cidr.js';
import type { DesiredPair, DesiredSide } from './desired.js';
import type { Inventory } from './inventory.js';
import type { OptionDifference, PeeringOptions, PeeringSide } from './model.js';
import { optionDifferences } from './model.js';
import { parseVnetId, resourceKey } from './resourceId.js';
import { isInSync } from './syncState.js';

/** Kinds of drift. */
export type DriftClass =
  | 'missingSide'
  | 'missingPair'
  | 'disconnected'
  | 'initiatedTooLong'
  | 'notInSync'
  | 'optionsDiffer'
  | 'unexpectedPeering'
  | 'overlapBlocksPair'
  | 'transitiveNotMet'
  | 'vnetMissing';

/** Every drift class, in report order. */
export const DRIFT_CLASSES: readonly DriftClass[] = [
  'missingPair',
  'missingSide',
  'disconnected',
  'initiatedTooLong',
  'notInSync',
  'optionsDiffer',
  'unexpectedPeering',
  'overlapBlocksPair',
  'transitiveNotMet',
  'vnetMissing',
];

/**
 * The lowest `REMEDIATION` level that repairs a class: `safe` (missing, Disconnected, not in sync),
 * `all` (options), `prune` (`all` with pruning: unexpected peerings), `none` (needs a person).
 */
export type RemediationLevel = 'safe' | 'all' | 'prune' | 'none';

const REMEDIATION: Record<DriftClass, RemediationLevel> = {
  missingPair: 'safe',
  missingSide: 'safe',
  disconnected: 'safe',
  initiatedTooLong: 'safe',
  notInSync: 'safe',
  transitiveNotMet: 'safe',
  optionsDiffer: 'all',
  unexpectedPeering: 'prune',
  overlapBlocksPair: 'none',
  vnetMissing: 'none',
};

/** A side's state as reported. */
export interface SideState {
  readonly peeringId: string;
  readonly name: string;
  readonly peeringState: string;
  readonly peeringSyncLevel: string;
  readonly provisioningState: string;
  readonly options: PeeringOptions;
}

/** One drift finding. `sides.a` is the side on `vnetIds[0]` (pointing at `vnetIds[1]`), `sides.b` the other. */
export interface DriftEntry {
  readonly class: DriftClass;
  readonly pairKey: string;
  readonly vnetIds: readonly [string, string];
  readonly sides: { readonly a?: SideState; readonly b?: SideState };
  /** The wanted sides, for desired pairs. */
  readonly desired?: { readonly a: DesiredSide; readonly b: DesiredSide };
  readonly group?: string;
  readonly message: string;
  readonly fix: string;
  readonly remediation: RemediationLevel;
  /** Option differences per side, for `optionsDiffer`. */
  readonly optionDifferences?: { readonly a: readonly OptionDifference[]; readonly b: readonly OptionDifference[] };
}

/** Input of {@link classifyDrift}. */
export interface DriftInput {
  readonly desired: readonly DesiredPair[];
  readonly inventory: Inventory;
  /** Now, ISO 8601 (the orchestration's `currentUtcDateTime`). */
  readonly now: string;
  /** Lower-cased peering id → when it was first seen `Initiated` (see {@link trackInitiated}). */
  readonly initiatedSince?: Readonly<Record<string, string>>;
  /** How long a side may stay `Initiated` before it is drift of its own. Default 1 hour. */
  readonly initiatedTooLongMs?: number;
  /** Report peerings outside the desired state. Default true (a topology file); false for remembered mode. */
  readonly reportUnexpected?: boolean;
  /**
   * Whether a VNet could not be read (its subscription's list failed): a peering to it may be desired (its
   * membership is unknown), so it is never reported as unexpected. Default: every VNet was read.
   */
  readonly unknownVnet?: (vnetId: string) => boolean;
}

/** Entries and counts per class. */
export interface DriftReport {
  readonly entries: DriftEntry[];
  readonly counts: Record<DriftClass, number>;
}

/** Default grace period for `Initiated` sides. */
export const DEFAULT_INITIATED_TOO_LONG_MS = 60 * 60 * 1000;

function sideState(side: PeeringSide | undefined): SideState | undefined {
  if (!side) return undefined;
  const { id, name, peeringState, peeringSyncLevel, provisioningState, options } = side;
  return { peeringId: id, name, peeringState, peeringSyncLevel, provisioningState, options };
}

function shortName(vnetId: string): string {
  try {
    return parseVnetId(vnetId).name;
  } catch {
    return vnetId;
  }
}

/** Classifies drift. Entries are ordered by pair key, then by {@link DRIFT_CLASSES} order. */
export function classifyDrift(input: DriftInput): DriftReport {
  const ctx = new DriftContext(input);
  const desiredKeys = new Set<string>();
  const entries: DriftEntry[] = [];
  for (const pair of input.desired) {
    if (desiredKeys.has(pair.key)) continue;
    desiredKeys.add(pair.key);
    entries.push(...ctx.classifyDesired(pair));
  }
  if (input.reportUnexpected ?? true) {
    for (const actual of input.inventory.pairs()) {
      if (desiredKeys.has(actual.key) || input.unknownVnet?.(actual.a) || input.unknownVnet?.(actual.b)) continue;
      entries.push(ctx.unexpected(actual.a, actual.b, actual.ab, actual.ba, actual.key));
    }
  }
  const order = new Map(DRIFT_CLASSES.map((c, i) => [c, i]));
  entries.sort((x, y) => (x.pairKey < y.pairKey ? -1 : x.pairKey > y.pairKey ? 1 : (order.get(x.class) ?? 0) - (order.get(y.class) ?? 0)));
  const counts = Object.fromEntries(DRIFT_CLASSES.map((c) => [c, 0])) as Record<DriftClass, number>;
  for (const entry of entries) counts[entry.class] += 1;
  return { entries, counts };
}

/**
 * The next `initiatedSince` map: every side `Initiated` now keeps its first-seen time from `previous`, or
 * gets `now`; sides no longer `Initiated` are dropped. Store it with the audit and pass it to the next one.
 */
export function trackInitiated(previous: Readonly<Record<string, string>>, inventory: Inventory, now: string): Record<string, string> {
  const next: Record<string, string> = {};
  for (const vnet of inventory.vnets()) {
    for (const side of vnet.peerings) {
      if (side.peeringState !== 'Initiated') continue;
      const key = resourceKey(side.id);
      next[key] = previous[key] ?? now;
    }
  }
  return next;
}

class DriftContext {
  private readonly nowMs: number;
  private readonly limitMs: number;
  private readonly connected = new Map<string, Set<string>>();

  constructor(private readonly input: DriftInput) {
    this.nowMs = Date.parse(input.now);
    if (Number.isNaN(this.nowMs)) throw new RangeError(`drift classification needs 'now' as an ISO 8601 time: got '${input.now}'`);
    this.limitMs = input.initiatedTooLongMs ?? DEFAULT_INITIATED_TOO_LONG_MS;
  }

  classifyDesired(pair: DesiredPair): DriftEntry[] {
    const inv = this.input.inventory;
    const [a, b] = [pair.a.vnetId, pair.b.vnetId];
    const ab = inv.side(a, b);
    const ba = inv.side(b, a);
    const entry = (cls: DriftClass, message: string, fix: string, extra: Partial<DriftEntry> = {}): DriftEntry => ({
      class: cls,
      pairKey: pair.key,
      vnetIds: [a, b],
      sides: { ...(ab ? { a: sideState(ab) } : {}), ...(ba ? { b: sideState(ba) } : {}) },
      desired: { a: pair.a, b: pair.b },
      ...(pair.group === undefined ? {} : { group: pair.group }),
      message,
      fix,
      remediation: REMEDIATION[cls],
      ...extra,
    });
    const [na, nb] = [shortName(a), shortName(b)];
    const missing = [a, b].filter((id) => !inv.vnet(id));
    if (missing.length > 0) {
      return [entry('vnetMissing', `${missing.map(shortName).join(' and ')} of the desired pair ${na} ↔ ${nb} does not exist (or is outside the audited subscriptions)`, 'create the VNet, or remove it from the topology')];
    }
    if (!ab && !ba) return [this.missingPair(pair, entry)];
    if (ab?.peeringState === 'Disconnected' || ba?.peeringState === 'Disconnected') {
      return [entry('disconnected', `${na} ↔ ${nb} is Disconnected: one side was deleted and the other no longer carries traffic`, `delete the remaining side and create both (${pair.a.name}, ${pair.b.name})`)];
    }
    const stuck = [ab, ba].find((s) => s && s.peeringState === 'Initiated' && this.initiatedFor(s) >= this.limitMs);
    if (stuck) {
      const minutes = Math.floor(this.initiatedFor(stuck) / 60000);
      return [entry('initiatedTooLong', `${stuck.name} has been Initiated for ${minutes} minutes: the other side was never created`, `create the side on ${shortName(stuck.remoteVnetId)} pointing back at ${shortName(stuck.localVnetId)}`)];
    }
    if (!ab || !ba) {
      const existing = (ab ?? ba) as PeeringSide;
      const absentOn = ab ? nb : na;
      return [entry('missingSide', `only ${existing.name} exists (${existing.peeringState}); the side on ${absentOn} is missing`, `create ${ab ? pair.b.name : pair.a.name} on ${absentOn}`)];
    }
    if (ab.peeringState !== 'Connected' || ba.peeringState !== 'Connected') return [];
    const entries: DriftEntry[] = [];
    const vnetA = inv.vnet(a);
    const vnetB = inv.vnet(b);
    if (!isInSync(ab, ba, vnetB) || !isInSync(ba, ab, vnetA)) {
      entries.push(entry('notInSync', `${na} ↔ ${nb} is not in sync (${ab.name}: ${ab.peeringSyncLevel}, ${ba.name}: ${ba.peeringSyncLevel}): a resized address space is not routed yet`, 'sync the side pointing at the resized VNet (PUT with syncRemoteAddressSpace=true)'));
    }
    const da = optionDifferences(ab.options, pair.a.options);
    const db = optionDifferences(ba.options, pair.b.options);
    if (da.length + db.length > 0) {
      const list = [...da.map((d) => `${ab.name}.${d.option}=${d.actual}`), ...db.map((d) => `${ba.name}.${d.option}=${d.actual}`)];
      entries.push(entry('optionsDiffer', `options differ from the desired ones: ${list.join(', ')}`, 'put the desired options back on the side(s) listed', { optionDifferences: { a: da, b: db } }));
    }
    return entries;
  }

  unexpected(a: string, b: string, ab: PeeringSide | undefined, ba: PeeringSide | undefined, key: string): DriftEntry {
    return {
      class: 'unexpectedPeering',
      pairKey: key,
      vnetIds: [a, b],
      sides: { ...(ab ? { a: sideState(ab) } : {}), ...(ba ? { b: sideState(ba) } : {}) },
      message: `${shortName(a)} ↔ ${shortName(b)} is peered but not in the desired topology`,
      fix: 'add it to the topology, or delete it (only with remediation `all` and prune)',
      remediation: REMEDIATION.unexpectedPeering,
    };
  }

  private missingPair(pair: DesiredPair, entry: (cls: DriftClass, message: string, fix: string) => DriftEntry): DriftEntry {
    const inv = this.input.inventory;
    const [a, b] = [pair.a.vnetId, pair.b.vnetId];
    const [na, nb] = [shortName(a), shortName(b)];
    const vnetA = inv.vnet(a);
    const vnetB = inv.vnet(b);
    if (vnetA && vnetB) {
      const own = safeOverlaps(vnetA.addressSpace, vnetB.addressSpace);
      if (own.length > 0) return entry('overlapBlocksPair', `${na} and ${nb} cannot be peered: their address spaces overlap (${own.map((o) => `${o.a}/${o.b}`).join(', ')})`, 'renumber one of the VNets');
      const blocker = this.overlapWithPeers(vnetA.id, vnetA.addressSpace, vnetB.id) ?? this.overlapWithPeers(vnetB.id, vnetB.addressSpace, vnetA.id);
      if (blocker) return entry('overlapBlocksPair', `${na} ↔ ${nb} cannot be created: ${shortName(blocker.vnet)} overlaps ${shortName(blocker.peer)}, already peered with ${shortName(blocker.via)} (${blocker.prefixes.join(', ')})`, 'renumber, or remove the overlapping peering');
    }
    const via = this.commonNeighbour(a, b);
    if (via) {
      return entry('transitiveNotMet', `${na} and ${nb} are both peered with ${shortName(via)}, but peering is not transitive: ${na} cannot reach ${nb} through ${shortName(via)}`, `create the ${na} ↔ ${nb} pair (or route through an NVA/Route Server in ${shortName(via)})`);
    }
    return entry('missingPair', `${na} ↔ ${nb} is desired but neither side exists`, `create both sides (${pair.a.name} on ${na}, ${pair.b.name} on ${nb})`);
  }

  private initiatedFor(side: PeeringSide): number {
    const since = this.input.initiatedSince?.[resourceKey(side.id)];
    const sinceMs = since === undefined ? Number.NaN : Date.parse(since);
    return Number.isNaN(sinceMs) ? 0 : this.nowMs - sinceMs;
  }

  /** Connected neighbours of a VNet (both sides Connected), built lazily. */
  private neighbours(vnetId: string): Set<string> {
    const key = resourceKey(vnetId);
    let set = this.connected.get(key);
    if (!set) {
      set = new Set<string>();
      const inv = this.input.inventory;
      for (const remote of inv.remotesOf(vnetId)) {
        if (inv.side(vnetId, remote)?.peeringState === 'Connected' && inv.side(remote, vnetId)?.peeringState === 'Connected') set.add(resourceKey(remote));
      }
      this.connected.set(key, set);
    }
    return set;
  }

  private commonNeighbour(a: string, b: string): string | undefined {
    const na = this.neighbours(a);
    const nb = this.neighbours(b);
    const [small, large] = na.size <= nb.size ? [na, nb] : [nb, na];
    const key = [...small].filter((k) => large.has(k)).sort()[0];
    return key === undefined ? undefined : (this.input.inventory.vnet(key)?.id ?? key);
  }

  private overlapWithPeers(vnetId: string, space: readonly string[], other: string): { vnet: string; peer: string; via: string; prefixes: string[] } | undefined {
    for (const peerKey of [...this.neighbours(other)].sort()) {
      if (peerKey === resourceKey(vnetId)) continue;
      const peer = this.input.inventory.vnet(peerKey);
      if (!peer) continue;
      const overlaps = safeOverlaps(space, peer.addressSpace);
      if (overlaps.length > 0) return { vnet: vnetId, peer: peer.id, via: other, prefixes: overlaps.map((o) => o.a) };
    }
    return undefined;
  }
}

function safeOverlaps(a: readonly string[], b: readonly string[]) {
  try {
    return findOverlaps(a, b);
  } catch {
    return [];
  }
}
