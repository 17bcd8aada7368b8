/**
 * Peering writes ARM would refuse because address spaces overlap, found before any write.
 *
 * ARM checks every peering PUT (create, update, sync): the two VNets must not overlap
 * (`VnetAddressSpacesOverlap`), and neither may overlap a VNet already peered with the other
 * (`VnetAddressSpaceOverlapsWithAlreadyPeeredVnet`). A plan that deletes a pair to re-create it must know
 * this first, or it deletes a working pair it cannot put back. The spaces of the other VNets' peers come
 * from their snapshots when read, else from the peering sides (`remoteVirtualNetworkAddressSpace`): no
 * extra reads.
 */
import type { PrefixOverlap } from './cidr.js';
import { findOverlaps } from './cidr.js';
import type { Inventory } from './inventory.js';
import type { VnetSnapshot } from './model.js';
import { parseVnetId, sameResourceId } from './resourceId.js';

/** An overlap that makes ARM refuse a peering write between `vnetIds[0]` and `vnetIds[1]`. */
export interface PeeringOverlap {
  readonly code: 'VnetAddressSpacesOverlap' | 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet';
  readonly vnetIds: readonly [string, string];
  /** The VNet already peered with one of the two, whose space the other overlaps (second code only). */
  readonly thirdVnetId?: string;
  /** `a`: prefix of the VNet that overlaps; `b`: the prefix it overlaps. */
  readonly prefixes: readonly PrefixOverlap[];
  /** The VNet whose prefixes are `a`. */
  readonly overlappingVnetId: string;
}

function nameOf(vnetId: string): string {
  try {
    return parseVnetId(vnetId).name;
  } catch {
    return vnetId;
  }
}

function safeOverlaps(a: readonly string[], b: readonly string[]): PrefixOverlap[] {
  try {
    return findOverlaps(a, b);
  } catch {
    // A malformed prefix from ARM: nothing reliable to say; ARM itself will judge the write.
    return [];
  }
}

/** Every VNet `vnet` has a side to, except `except`, with its current space (snapshot first, else as the side sees it). */
function peersOf(vnet: VnetSnapshot, except: string, inventory: Inventory): { id: string; space: readonly string[] }[] {
  return vnet.peerings
    .filter((side) => !sameResourceId(side.remoteVnetId, except))
    .map((side) => ({ id: side.remoteVnetId, space: inventory.vnet(side.remoteVnetId)?.addressSpace ?? side.remoteVirtualNetworkAddressSpace }));
}

/**
 * The first overlap that would make ARM refuse a peering write between `owner` (with `ownerSpace`, its
 * space once the plan's address change is made) and `remote`; `undefined` when there is none.
 */
export function findPeeringOverlap(owner: VnetSnapshot, ownerSpace: readonly string[], remote: VnetSnapshot, inventory: Inventory): PeeringOverlap | undefined {
  const vnetIds = [owner.id, remote.id] as const;
  const direct = safeOverlaps(ownerSpace, remote.addressSpace);
  if (direct.length > 0) return { code: 'VnetAddressSpacesOverlap', vnetIds, prefixes: direct, overlappingVnetId: owner.id };
  for (const third of peersOf(remote, owner.id, inventory)) {
    const prefixes = safeOverlaps(ownerSpace, third.space);
    if (prefixes.length > 0) return { code: 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', vnetIds, thirdVnetId: third.id, prefixes, overlappingVnetId: owner.id };
  }
  for (const third of peersOf(owner, remote.id, inventory)) {
    const prefixes = safeOverlaps(remote.addressSpace, third.space);
    if (prefixes.length > 0) return { code: 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', vnetIds, thirdVnetId: third.id, prefixes, overlappingVnetId: remote.id };
  }
  return undefined;
}

/** The overlap in plain words, naming the VNets, the prefixes, ARM's code and what to do. */
export function describePeeringOverlap(overlap: PeeringOverlap, what: string): string {
  const [a, b] = overlap.vnetIds.map(nameOf) as [string, string];
  const who = nameOf(overlap.overlappingVnetId);
  const pairs = overlap.prefixes.map((p) => `${p.a} overlaps ${p.b}`).join(', ');
  if (overlap.code === 'VnetAddressSpacesOverlap') {
    return `${what} between ${a} and ${b} is not possible: their address spaces overlap (${pairs}); ARM refuses it with VnetAddressSpacesOverlap. Nothing was deleted or changed: remove the overlapping range first`;
  }
  const third = nameOf(overlap.thirdVnetId ?? '');
  const other = sameResourceId(overlap.overlappingVnetId, overlap.vnetIds[0]) ? b : a;
  return `${what} between ${a} and ${b} is not possible: ${who}'s ${pairs} of ${third}, which is already peered with ${other}; ARM refuses it with VnetAddressSpaceOverlapsWithAlreadyPeeredVnet. Nothing was deleted or changed: remove the overlapping range from ${who}, or the peering between ${other} and ${third}`;
}
