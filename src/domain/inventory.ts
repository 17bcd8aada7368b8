/**
 * An index over VNet snapshots: VNets by lower-cased id, peering sides by (local, remote), and the pairing
 * of sides into pairs (A→B with B→A). Every lookup is O(1) so the drift audit stays linear on 5,000 VNets
 * and 20,000 peerings.
 */
import type { PeeringSide, VnetSnapshot } from './model.js';
import { resourceKey } from './resourceId.js';

/**
 * The key of the unordered pair {a, b}: both lower-cased ids, sorted, joined by `|`. Readable and
 * stable; for storage keys use `pairTableKey` (hashed).
 */
export function pairKey(vnetIdA: string, vnetIdB: string): string {
  const [first, second] = [resourceKey(vnetIdA), resourceKey(vnetIdB)].sort();
  return `${first}|${second}`;
}

/** Both sides of a pair as found; either may be missing. `a`/`b` are the two VNet ids, `a` sorting first. */
export interface ActualPair {
  readonly key: string;
  readonly a: string;
  readonly b: string;
  /** Side on `a` pointing at `b`. */
  readonly ab?: PeeringSide;
  /** Side on `b` pointing at `a`. */
  readonly ba?: PeeringSide;
}

/** A second peering on the same VNet to the same remote: ARM should prevent it; reported, never planned on. */
export interface DuplicateSide {
  readonly kept: PeeringSide;
  readonly duplicate: PeeringSide;
}

/** Read-only index over a set of VNet snapshots. */
export interface Inventory {
  /** The snapshot of a VNet, or `undefined` when it was not read (or does not exist). */
  vnet(id: string): VnetSnapshot | undefined;
  /** The side on `localVnetId` pointing at `remoteVnetId`, if any. */
  side(localVnetId: string, remoteVnetId: string): PeeringSide | undefined;
  /** Remote VNet ids the VNet has a side to (as its peerings spell them). */
  remotesOf(vnetId: string): readonly string[];
  /** Every pair with at least one side, sorted by key. */
  pairs(): readonly ActualPair[];
  /** Every VNet snapshot, in input order. */
  vnets(): readonly VnetSnapshot[];
  readonly duplicates: readonly DuplicateSide[];
}

/** Builds an {@link Inventory}. Later snapshots of the same VNet (case-insensitive id) replace earlier ones. */
export function buildInventory(snapshots: readonly VnetSnapshot[]): Inventory {
  const vnets = new Map<string, VnetSnapshot>();
  for (const snapshot of snapshots) vnets.set(resourceKey(snapshot.id), snapshot);

  const sides = new Map<string, PeeringSide>();
  const remotes = new Map<string, string[]>();
  const duplicates: DuplicateSide[] = [];
  for (const vnet of vnets.values()) {
    const local = resourceKey(vnet.id);
    const sorted = [...vnet.peerings].sort((x, y) => x.name.localeCompare(y.name));
    for (const side of sorted) {
      const key = `${local}>${resourceKey(side.remoteVnetId)}`;
      const kept = sides.get(key);
      if (kept) {
        duplicates.push({ kept, duplicate: side });
        continue;
      }
      sides.set(key, side);
      const list = remotes.get(local) ?? [];
      list.push(side.remoteVnetId);
      remotes.set(local, list);
    }
  }

  let pairList: ActualPair[] | undefined;
  const side = (l: string, r: string) => sides.get(`${resourceKey(l)}>${resourceKey(r)}`);
  return {
    vnet: (id) => vnets.get(resourceKey(id)),
    side,
    remotesOf: (id) => remotes.get(resourceKey(id)) ?? [],
    vnets: () => [...vnets.values()],
    duplicates,
    pairs: () => (pairList ??= collectPairs(sides.values(), side)),
  };
}

function collectPairs(
  all: Iterable<PeeringSide>,
  side: (local: string, remote: string) => PeeringSide | undefined,
): ActualPair[] {
  const pairs = new Map<string, ActualPair>();
  for (const s of all) {
    const key = pairKey(s.localVnetId, s.remoteVnetId);
    if (pairs.has(key)) continue;
    const localFirst = resourceKey(s.localVnetId) <= resourceKey(s.remoteVnetId);
    const a = localFirst ? s.localVnetId : s.remoteVnetId;
    const b = localFirst ? s.remoteVnetId : s.localVnetId;
    pairs.set(key, { key, a, b, ab: side(a, b), ba: side(b, a) });
  }
  return [...pairs.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
