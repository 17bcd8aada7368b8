/**
 * Desired state: the pairs that should exist, each side with its name and options.
 *
 * Without a topology file the desired pairs are the peerings last seen healthy: adopted on first sight
 * and remembered (Table storage), so an out-of-band deletion or option change is drift to repair.
 */
import type { ActualPair, Inventory } from './inventory.js';
import { pairKey } from './inventory.js';
import type { PeeringOptions, PeeringSide } from './model.js';
import { withDefaultOptions } from './model.js';
import { defaultPeeringName } from './peeringName.js';
import { parseVnetId, sameResourceId } from './resourceId.js';

/** One side as wanted: the peering on `vnetId` pointing at the pair's other VNet. */
export interface DesiredSide {
  readonly vnetId: string;
  readonly name: string;
  readonly options: PeeringOptions;
}

/** Where a desired pair comes from. */
export type DesiredSource = 'remembered' | 'request' | 'topology';

/** A pair that should exist: side `a` on VNet `a.vnetId` pointing at `b.vnetId`, and side `b` back. */
export interface DesiredPair {
  /** `pairKey(a.vnetId, b.vnetId)`: unordered, lower-cased. */
  readonly key: string;
  readonly a: DesiredSide;
  readonly b: DesiredSide;
  readonly source: DesiredSource;
  /** Topology group that asked for it, if any. */
  readonly group?: string;
}

/** What a caller gives for one side; name and options default. */
export interface DesiredSideInput {
  readonly vnetId: string;
  readonly name?: string;
  readonly options?: Partial<PeeringOptions>;
}

/**
 * Builds a desired pair, filling names with `defaultPeeringName` (from the VNet names in the ids) and
 * options with the defaults. Throws `ResourceIdError` when an id is not a VNet id.
 */
export function desiredPair(a: DesiredSideInput, b: DesiredSideInput, source: DesiredSource, group?: string): DesiredPair {
  const nameA = parseVnetId(a.vnetId).name;
  const nameB = parseVnetId(b.vnetId).name;
  return {
    key: pairKey(a.vnetId, b.vnetId),
    a: { vnetId: a.vnetId, name: a.name ?? defaultPeeringName(nameA, nameB), options: withDefaultOptions(a.options) },
    b: { vnetId: b.vnetId, name: b.name ?? defaultPeeringName(nameB, nameA), options: withDefaultOptions(b.options) },
    source,
    ...(group === undefined ? {} : { group }),
  };
}

/** Whether the pair touches the VNet. */
export function involves(pair: DesiredPair, vnetId: string): boolean {
  return sameResourceId(pair.a.vnetId, vnetId) || sameResourceId(pair.b.vnetId, vnetId);
}

/** The pair seen from one of its VNets: `local` is the side on `vnetId`. Throws when the pair does not touch it. */
export function orient(pair: DesiredPair, vnetId: string): { local: DesiredSide; remote: DesiredSide } {
  if (sameResourceId(pair.a.vnetId, vnetId)) return { local: pair.a, remote: pair.b };
  if (sameResourceId(pair.b.vnetId, vnetId)) return { local: pair.b, remote: pair.a };
  throw new Error(`pair ${pair.key} does not involve VNet ${vnetId}`);
}

/** A side that is up: `Connected` and no write running or failed on it. */
export function isHealthySide(side: PeeringSide | undefined): side is PeeringSide {
  return side !== undefined && side.peeringState === 'Connected' && side.provisioningState === 'Succeeded';
}

/** Both sides healthy. Sync level does not matter: a resized VNet's pairs are still the pairs to keep. */
export function isHealthyPair(pair: ActualPair): boolean {
  return isHealthySide(pair.ab) && isHealthySide(pair.ba);
}

function fromActual(pair: ActualPair & { ab: PeeringSide; ba: PeeringSide }): DesiredPair {
  return {
    key: pair.key,
    a: { vnetId: pair.a, name: pair.ab.name, options: { ...pair.ab.options } },
    b: { vnetId: pair.b, name: pair.ba.name, options: { ...pair.ba.options } },
    source: 'remembered',
  };
}

/** Healthy pairs of the inventory as desired pairs (names and options as they are now); only `vnetId`'s when given. */
export function adoptHealthyPairs(inventory: Inventory, vnetId?: string): DesiredPair[] {
  return inventory
    .pairs()
    .filter((pair) => vnetId === undefined || sameResourceId(pair.a, vnetId) || sameResourceId(pair.b, vnetId))
    .filter((pair): pair is ActualPair & { ab: PeeringSide; ba: PeeringSide } => isHealthyPair(pair))
    .map(fromActual);
}

/** Desired pairs of a VNet in remembered mode, and which of them were adopted just now (to be stored). */
export interface RememberedDesired {
  readonly desired: DesiredPair[];
  readonly adopted: DesiredPair[];
}

/**
 * Desired state of `vnetId` without a topology: every remembered pair touching it, plus each healthy pair
 * not yet remembered (adopted on first sight). A remembered pair wins over what is seen now, so options
 * changed in the portal are drift, not a new truth. Sorted by key.
 */
export function rememberedDesired(remembered: readonly DesiredPair[], inventory: Inventory, vnetId: string): RememberedDesired {
  const known = new Map(remembered.filter((p) => involves(p, vnetId)).map((p) => [p.key, p]));
  const adopted = adoptHealthyPairs(inventory, vnetId).filter((p) => !known.has(p.key));
  const desired = [...known.values(), ...adopted].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { desired, adopted };
}
