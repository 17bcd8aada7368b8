/**
 * A peering link's derived state, computed from the model (never stored twice), as
 * `../shared/research/azure-semantics.md` §1.3 records Azure's behaviour:
 *
 * - `peeringState`: `Disconnected` once the other side's link was deleted (until this link is re-put);
 *   `Connected` when the remote VNet has a live link back; otherwise `Initiated`.
 * - `peeringSyncLevel`: this link is *locally* out of sync when the remote space it has synced differs from
 *   the remote VNet's current space (it must be synced with `syncRemoteAddressSpace=true`); *remotely* out of
 *   sync when the link back has not synced this VNet's current space (or does not exist, as ARM reports
 *   `RemoteNotInSync` for a one-sided peering).
 *
 * Exported for the reachability evaluator (issue 5): routing across a peering uses the spaces *as synced*.
 */
import { samePrefixes } from '../cidr.js';
import { sameId } from '../ids.js';
import type { Peering, VirtualNetwork } from '../model.js';
import type { Store } from '../store.js';

export type PeeringState = 'Initiated' | 'Connected' | 'Disconnected';
export type PeeringSyncLevel = 'FullyInSync' | 'RemoteNotInSync' | 'LocalNotInSync' | 'LocalAndRemoteNotInSync';

/** A link as ARM reports it. */
export interface PeeringView {
  peeringState: PeeringState;
  peeringSyncLevel: PeeringSyncLevel;
  /** The remote VNet, when it still exists. */
  remote?: VirtualNetwork;
  /** The link from the remote VNet back to this one, when it exists. */
  reverse?: Peering;
  /** This VNet's space as peered (what the link back has synced), `localAddressSpace`. */
  localPeeredPrefixes: string[];
  /** The remote space as peered (synced into this link), `remoteAddressSpace`. */
  remotePeeredPrefixes: string[];
}

/** The link back from `remote` to `local`, if any. */
export function reverseLink(remote: VirtualNetwork, localId: string): Peering | undefined {
  return remote.peerings.find((p) => sameId(p.remoteVirtualNetworkId, localId));
}

/** Derives what ARM reports for the link `peering` on `local`. */
export function peeringView(store: Store, local: VirtualNetwork, peering: Peering): PeeringView {
  const remote = store.vnet(peering.remoteVirtualNetworkId);
  const reverse = remote ? reverseLink(remote, local.id) : undefined;
  const peeringState: PeeringState =
    peering.disconnected || !remote ? 'Disconnected' : reverse && !reverse.disconnected ? 'Connected' : 'Initiated';
  const localNotInSync = remote ? !samePrefixes(peering.remotePeeredPrefixes, remote.addressPrefixes) : false;
  const remoteNotInSync = reverse ? !samePrefixes(reverse.remotePeeredPrefixes, local.addressPrefixes) : true;
  const peeringSyncLevel: PeeringSyncLevel =
    localNotInSync && remoteNotInSync ? 'LocalAndRemoteNotInSync' : localNotInSync ? 'LocalNotInSync' : remoteNotInSync ? 'RemoteNotInSync' : 'FullyInSync';
  return {
    peeringState,
    peeringSyncLevel,
    ...(remote ? { remote } : {}),
    ...(reverse ? { reverse } : {}),
    localPeeredPrefixes: reverse ? reverse.remotePeeredPrefixes : local.addressPrefixes,
    remotePeeredPrefixes: peering.remotePeeredPrefixes,
  };
}
