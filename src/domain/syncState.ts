/**
 * Which side of a connected pair needs `syncRemoteAddressSpace=true`.
 *
 * After VNet A is resized, A→B reports `RemoteNotInSync` and B→A `LocalNotInSync`; the sync must run on
 * B→A (the side pointing at the resized VNet) — syncing A→B does nothing. Sync levels can lag or disagree,
 * so the address spaces are checked too: a side whose routed space (`remoteAddressSpace`) differs from
 * its remote VNet's current space needs a sync.
 */
import { sameAddressSpace } from './cidr.js';
import type { PeeringSide, VnetSnapshot } from './model.js';

const LOCAL_STALE = new Set(['LocalNotInSync', 'LocalAndRemoteNotInSync']);
const REMOTE_STALE = new Set(['RemoteNotInSync', 'LocalAndRemoteNotInSync']);

/** Whether `side` (with `other` its counterpart and `remoteVnet` the VNet it points at, when read) needs a sync. */
export function sideNeedsSync(side: PeeringSide, other: PeeringSide | undefined, remoteVnet: VnetSnapshot | undefined): boolean {
  if (LOCAL_STALE.has(side.peeringSyncLevel)) return true;
  if (other && REMOTE_STALE.has(other.peeringSyncLevel)) return true;
  return remoteVnet !== undefined && !safeSameSpace(side.remoteAddressSpace, remoteVnet.addressSpace);
}

// A malformed prefix from ARM must not crash planning: compare such lists literally.
function safeSameSpace(a: readonly string[], b: readonly string[]): boolean {
  try {
    return sameAddressSpace(a, b);
  } catch {
    return [...a].sort().join(',') === [...b].sort().join(',');
  }
}

/** Whether a side is fully in sync by level and by routed space. */
export function isInSync(side: PeeringSide, other: PeeringSide | undefined, remoteVnet: VnetSnapshot | undefined): boolean {
  return side.peeringSyncLevel === 'FullyInSync' && !sideNeedsSync(side, other, remoteVnet);
}
