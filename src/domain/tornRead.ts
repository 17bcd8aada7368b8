/**
 * A pass reads its VNet, then each peer: a change to the VNet that lands between those GETs leaves the
 * pass with the VNet as it was and the peers' sides as they are now. Each peer side reports the VNet's
 * *current* space (`remoteVirtualNetworkAddressSpace`, server-populated), so the tear shows: the VNet was
 * read too early and must be read again before anything is planned from it — a plan from the stale space
 * would miss the new range (no probe into it, no overlap check against it).
 */
import { sameAddressSpace } from './cidr.js';
import type { VnetSnapshot } from './model.js';
import { sameResourceId } from './resourceId.js';

/** Whether a peer's side reports another current space for `vnet` than `vnet`'s own read did. */
export function readBeforeItsPeers(vnet: VnetSnapshot, peers: readonly VnetSnapshot[]): boolean {
  return peers.some((peer) =>
    peer.peerings.some((side) => {
      if (!sameResourceId(side.remoteVnetId, vnet.id) || side.remoteVirtualNetworkAddressSpace.length === 0) return false;
      try {
        return !sameAddressSpace(side.remoteVirtualNetworkAddressSpace, vnet.addressSpace);
      } catch {
        return false; // a prefix ARM would not send: no evidence of a tear
      }
    }),
  );
}
