/**
 * Validation of an address-space change on a (peered) VNet before any write: prefixes valid and canonical
 * (ARM's `InvalidAddressPrefixFormat`, `InvalidCIDRNotation`), no overlap with the VNet's other prefixes or
 * with any peer (`VnetAddressSpaceOverlapsWithAlreadyPeeredVnet`), no removal of a range a subnet uses
 * (`NetcfgSubnetRangeOutsideVnet`), scope and existence.
 *
 * Adding a prefix already there or removing one already gone is not refused: the change is idempotent.
 */
import { canonicalCidr, cidrContains, findOverlaps, findSelfOverlaps, normalizeAddressSpace, tryParseCidr } from './cidr.js';
import type { VnetSnapshot } from './model.js';
import type { Refusal } from './refusal.js';
import { outOfScope, refuse, vnetNotFound } from './refusal.js';
import { tryParseVnetId } from './resourceId.js';

/** A requested change of `vnetId`'s address space. */
export interface AddressChangeRequestCheck {
  readonly vnetId: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** Checks that need no ARM read: the id, the scope, the prefixes' syntax and canonical form. */
export function refuseAddressChange(request: AddressChangeRequestCheck, scopeSubscriptions: readonly string[]): Refusal[] {
  const ref = tryParseVnetId(request.vnetId);
  if (!ref) {
    return [refuse('InvalidResourceId', 400, 'vnet', `'${request.vnetId}' is not a virtual network id: expected /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/{vnetName}`)];
  }
  const refusals: Refusal[] = [];
  if (!scopeSubscriptions.some((s) => s.toLowerCase() === ref.subscriptionId.toLowerCase())) {
    refusals.push(outOfScope(request.vnetId, ref.subscriptionId, 'vnet'));
  }
  if (request.add.length === 0 && request.remove.length === 0) {
    refusals.push(refuse('EmptyAddressSpaceChange', 400, 'add', `the change for ${ref.name} adds and removes nothing: give 'add' and/or 'remove' prefixes`));
  }
  for (const [field, list] of [['add', request.add], ['remove', request.remove]] as const) {
    list.forEach((prefix, i) => {
      const parsed = tryParseCidr(prefix);
      const target = `${field}[${i}]`;
      if (!parsed) {
        refusals.push(refuse('InvalidAddressPrefixFormat', 400, target, `Address prefix '${prefix}' for ${ref.name} has an invalid format: expected CIDR notation such as 10.3.0.0/16`));
      } else if (!parsed.isCanonical) {
        refusals.push(refuse('InvalidCIDRNotation', 400, target, `The address prefix ${prefix} for ${ref.name} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${parsed.canonical}.`));
      }
    });
  }
  if (refusals.length > 0) return refusals;
  const removing = new Set(request.remove.map(canonicalCidr));
  request.add.forEach((prefix, i) => {
    if (removing.has(canonicalCidr(prefix))) refusals.push(refuse('ConflictingAddressChange', 400, `add[${i}]`, `${prefix} is both added to and removed from ${ref.name}: ask for one or the other`));
  });
  return refusals;
}

/** The VNet as read (undefined = not found) and every VNet peered with it. */
export interface AddressChangeState {
  readonly vnet?: VnetSnapshot;
  readonly peers: readonly VnetSnapshot[];
}

/** Checks against the VNet as read: existence, overlaps with itself and its peers, subnets in removed ranges. */
export function refuseAddressChangeOnState(request: AddressChangeRequestCheck, state: AddressChangeState): Refusal[] {
  const vnet = state.vnet;
  if (!vnet) return [vnetNotFound(request.vnetId, 'vnet')];
  const current = normalizeAddressSpace(vnet.addressSpace);
  const removed = new Set(request.remove.map(canonicalCidr));
  const added = request.add.map(canonicalCidr).filter((p) => !current.includes(p));
  const after = normalizeAddressSpace([...current.filter((p) => !removed.has(p)), ...added]);
  const refusals: Refusal[] = [];

  if (after.length === 0) refusals.push(refuse('AddressSpaceEmpty', 400, 'remove', `removing ${[...removed].join(', ')} would leave ${vnet.name} without an address space: a VNet needs at least one prefix`));
  for (const overlap of findSelfOverlaps(after).filter((o) => added.includes(o.a) || added.includes(o.b))) {
    const [newOne, existing] = added.includes(overlap.a) ? [overlap.a, overlap.b] : [overlap.b, overlap.a];
    refusals.push(refuse('VnetAddressPrefixesOverlap', 400, addTarget(request, newOne), `${newOne} overlaps ${existing}, already in the address space of ${vnet.name}: the prefixes of one VNet must not overlap`));
  }
  for (const peer of state.peers) {
    const overlaps = findOverlaps(added, peer.addressSpace);
    if (overlaps.length === 0) continue;
    refusals.push(refuse('VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', 400, addTarget(request, overlaps[0]!.a), `The address space of ${vnet.id} cannot gain ${overlaps.map((o) => o.a).join(', ')}: it overlaps the address space of virtual network ${peer.id}, already peered with it (overlapping prefixes: ${overlaps.map((o) => o.b).join(', ')})`));
  }
  for (const subnet of vnet.subnets) {
    for (const subnetPrefix of subnet.addressPrefixes) {
      const holder = [...removed].find((p) => safeContains(p, subnetPrefix));
      if (!holder || after.some((p) => safeContains(p, subnetPrefix))) continue;
      refusals.push(refuse('NetcfgSubnetRangeOutsideVnet', 400, removeTarget(request, holder), `${holder} cannot be removed from ${vnet.name}: subnet '${subnet.name}' (${subnetPrefix}) uses it and would be outside the VNet's address space; delete or move the subnet first`));
    }
  }
  return refusals;
}

function safeContains(outer: string, inner: string): boolean {
  try {
    return cidrContains(outer, inner);
  } catch {
    return false;
  }
}

function addTarget(request: AddressChangeRequestCheck, canonical: string): string {
  const i = request.add.findIndex((p) => canonicalCidr(p) === canonical);
  return i >= 0 ? `add[${i}]` : 'add';
}

function removeTarget(request: AddressChangeRequestCheck, canonical: string): string {
  const i = request.remove.findIndex((p) => canonicalCidr(p) === canonical);
  return i >= 0 ? `remove[${i}]` : 'remove';
}

/** All refusals of an address change: static first; when none, those against the state. Empty = proceed. */
export function validateAddressChange(request: AddressChangeRequestCheck, scopeSubscriptions: readonly string[], state: AddressChangeState): Refusal[] {
  const staticRefusals = refuseAddressChange(request, scopeSubscriptions);
  return staticRefusals.length > 0 ? staticRefusals : refuseAddressChangeOnState(request, state);
}
