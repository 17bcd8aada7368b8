/**
 * Builders for write steps: each fills the lock VNet, target, ARM request summary and a one-line summary
 * so dry-run output and executed writes come from the same data.
 */
import type { OptionDifference, PeeringOptions, PeeringSide, VnetSnapshot } from './model.js';
import { describeOptions } from './model.js';
import type { PendingWrite } from './phases.js';
import { parseVnetId, peeringIdOf } from './resourceId.js';

function vnetName(vnetId: string): string {
  return parseVnetId(vnetId).name;
}

function peeringBody(remoteVnetId: string, options: PeeringOptions): Record<string, unknown> {
  return { remoteVirtualNetwork: { id: remoteVnetId }, ...options };
}

function describeChanges(changes: readonly OptionDifference[]): string {
  return changes.map((c) => `${c.option} ${c.actual} → ${c.wanted}`).join(', ');
}

/** What a peering write needs to know about the side it writes. */
export interface SideTarget {
  readonly localVnetId: string;
  readonly remoteVnetId: string;
  readonly name: string;
}

/** PUT a new side `name` on `localVnetId` pointing at `remoteVnetId`. */
export function createPeeringStep(target: SideTarget, options: PeeringOptions, pairKey: string, reason: string): PendingWrite {
  const id = peeringIdOf(target.localVnetId, target.name);
  return {
    kind: 'createPeering',
    ...target,
    lockVnetId: target.localVnetId,
    targetId: id,
    pairKey,
    options: { ...options },
    reason,
    summary: `create peering ${vnetName(target.localVnetId)}/${target.name} → ${vnetName(target.remoteVnetId)} (${describeOptions(options)})`,
    request: { method: 'PUT', path: id, body: peeringBody(target.remoteVnetId, options) },
  };
}

/** PUT an existing side with the wanted options. */
export function updatePeeringStep(side: PeeringSide, options: PeeringOptions, changes: readonly OptionDifference[], pairKey: string, reason: string): PendingWrite {
  const what = changes.length > 0 ? describeChanges(changes) : 're-apply after a failed write';
  return {
    kind: 'updatePeering',
    localVnetId: side.localVnetId,
    remoteVnetId: side.remoteVnetId,
    name: side.name,
    lockVnetId: side.localVnetId,
    targetId: side.id,
    pairKey,
    options: { ...options },
    changes: [...changes],
    reason,
    summary: `update peering ${vnetName(side.localVnetId)}/${side.name} (${what})`,
    request: { method: 'PUT', path: side.id, body: peeringBody(side.remoteVnetId, options) },
  };
}

/** PUT an existing side with `syncRemoteAddressSpace=true` (and the wanted options). */
export function syncPeeringStep(side: PeeringSide, options: PeeringOptions, changes: readonly OptionDifference[], pairKey: string, reason: string): PendingWrite {
  const extra = changes.length > 0 ? `; also ${describeChanges(changes)}` : '';
  return {
    kind: 'syncPeering',
    localVnetId: side.localVnetId,
    remoteVnetId: side.remoteVnetId,
    name: side.name,
    lockVnetId: side.localVnetId,
    targetId: side.id,
    pairKey,
    options: { ...options },
    changes: [...changes],
    reason,
    summary: `sync peering ${vnetName(side.localVnetId)}/${side.name} with ${vnetName(side.remoteVnetId)}'s address space${extra}`,
    request: {
      method: 'PUT',
      path: side.id,
      query: { syncRemoteAddressSpace: 'true' },
      body: peeringBody(side.remoteVnetId, options),
    },
  };
}

/** DELETE a side; the side as read goes into the step as its snapshot. */
export function deletePeeringStep(side: PeeringSide, pairKey: string, reason: string): PendingWrite {
  return {
    kind: 'deletePeering',
    localVnetId: side.localVnetId,
    remoteVnetId: side.remoteVnetId,
    name: side.name,
    lockVnetId: side.localVnetId,
    targetId: side.id,
    pairKey,
    snapshot: side,
    reason,
    summary: `delete peering ${vnetName(side.localVnetId)}/${side.name} (was ${side.peeringState}; ${describeOptions(side.options)})`,
    request: { method: 'DELETE', path: side.id },
  };
}

/** Whole-VNet PUT changing the address space by `add`/`remove` (canonical prefixes). */
export function addressSpaceStep(
  vnet: VnetSnapshot,
  change: { add: readonly string[]; remove: readonly string[]; expected: readonly string[] },
  reason: string,
): PendingWrite {
  const parts = [
    ...(change.add.length > 0 ? [`add ${change.add.join(', ')}`] : []),
    ...(change.remove.length > 0 ? [`remove ${change.remove.join(', ')}`] : []),
  ];
  return {
    kind: 'updateAddressSpace',
    vnetId: vnet.id,
    lockVnetId: vnet.id,
    targetId: vnet.id,
    add: [...change.add],
    remove: [...change.remove],
    expectedAddressSpace: [...change.expected],
    reason,
    summary: `update address space of ${vnet.name}: ${parts.join('; ')} (whole-VNet PUT with If-Match)`,
    request: { method: 'PUT', path: vnet.id, body: { addressSpace: { addressPrefixes: [...change.expected] } } },
  };
}
