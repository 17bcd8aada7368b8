/**
 * System routes of a VNet, as Azure builds them: the VNet's own address space (next hop `VnetLocal`), the
 * address space **as synced** into each `Connected` peering (next hop `VNetPeering`), private ranges
 * otherwise dropped (next hop `None`), and the Internet for the rest. Peerings are not transitive: only the
 * links of the VNet itself give routes, whatever its peers are peered with.
 *
 * When no route leads to a private address, {@link routeTo} says why in words and issue context: a link to
 * the VNet holding it that is not `Connected`, or a prefix of that VNet not yet synced into the link.
 */
import { parsePrefixes, prefixContainsAddress } from '../cidr.js';
import type { Peering, VirtualNetwork } from '../model.js';
import { peeringView } from '../resources/peeringStatus.js';
import type { Store } from '../store.js';
import { isPrivateAddress } from './flow.js';

/** One `{ key, value }` entry of a connectivity issue's context, as the docs show them. */
export interface IssueContextEntry {
  key: string;
  value: string;
}

/** Where a VNet sends packets for an address. */
export type Route =
  | { kind: 'local'; vnet: VirtualNetwork }
  | { kind: 'peering'; vnet: VirtualNetwork; link: Peering; reverse: Peering }
  | { kind: 'internet' }
  | { kind: 'none'; reason: string; context: IssueContextEntry[] };

function contains(prefixes: readonly string[], address: number): string | undefined {
  return parsePrefixes(prefixes).find((p) => prefixContainsAddress(p, address))?.text;
}

/** The route `from` uses for `address`. */
export function routeTo(store: Store, from: VirtualNetwork, address: number): Route {
  if (contains(from.addressPrefixes, address)) return { kind: 'local', vnet: from };
  for (const link of from.peerings) {
    const view = peeringView(store, from, link);
    if (view.peeringState === 'Connected' && view.remote && view.reverse && contains(link.remotePeeredPrefixes, address)) {
      return { kind: 'peering', vnet: view.remote, link, reverse: view.reverse };
    }
  }
  for (const link of from.peerings) {
    const view = peeringView(store, from, link);
    const prefix = view.remote ? contains(view.remote.addressPrefixes, address) : undefined;
    if (!view.remote || !prefix) continue;
    if (view.peeringState !== 'Connected') {
      return {
        kind: 'none',
        reason: `peering ${link.name} of ${from.name} to ${view.remote.name} is ${view.peeringState}: no route`,
        context: [
          { key: 'NextHopType', value: 'None' },
          { key: 'Peering', value: `${from.id}/virtualNetworkPeerings/${link.name}` },
          { key: 'PeeringState', value: view.peeringState },
        ],
      };
    }
    return {
      kind: 'none',
      reason: `prefix ${prefix} of ${view.remote.name} is not synced into peering ${link.name} of ${from.name}: no route`,
      context: [
        { key: 'NextHopType', value: 'None' },
        { key: 'Peering', value: `${from.id}/virtualNetworkPeerings/${link.name}` },
        { key: 'PeeringSyncLevel', value: view.peeringSyncLevel },
        { key: 'PrefixNotSynced', value: prefix },
      ],
    };
  }
  if (isPrivateAddress(address)) {
    const holder = Object.values(store.state.virtualNetworks).find((v) => v !== from && contains(v.addressPrefixes, address));
    const reason = holder ? `${holder.name} is not peered with ${from.name} (peerings are not transitive): no route` : `no VNet peered with ${from.name} holds the address: no route`;
    return { kind: 'none', reason, context: [{ key: 'NextHopType', value: 'None' }] };
  }
  return { kind: 'internet' };
}
