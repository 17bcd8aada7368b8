/**
 * Helpers for tests on the seed lab (`london-madrid`) and small worlds: ids, peering both sides, a
 * connectivity check through the real SDK poller, and a flat view of a result's issues.
 */
import type { ConnectivityInformation, NetworkManagementClient } from '@azure/arm-network';
import { labSubscriptionId } from '../../../local/scenarios/londonMadrid.js';

export const labSub = labSubscriptionId;

/** Id of a resource in the lab (`vm('london')`, `vnet('madrid')`). */
export const lab = {
  vm: (office: string, subscriptionId = labSub, group = `rg-${office}`, name = `vm-${office}`) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/${name}`,
  vnet: (office: string, subscriptionId = labSub, group = `rg-${office}`, name = `vnet-${office}`) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}`,
};

/** Creates the link `from` → `to` (and the way back unless `oneWay`), with `options`. */
export async function peer(net: NetworkManagementClient, from: string, to: string, options: { oneWay?: boolean; allowVirtualNetworkAccess?: boolean } = {}): Promise<void> {
  await net.virtualNetworkPeerings.createOrUpdate(`rg-${from}`, `vnet-${from}`, `${from}-to-${to}`, { remoteVirtualNetwork: { id: lab.vnet(to) }, allowVirtualNetworkAccess: options.allowVirtualNetworkAccess ?? true });
  if (!options.oneWay) await net.virtualNetworkPeerings.createOrUpdate(`rg-${to}`, `vnet-${to}`, `${to}-to-${from}`, { remoteVirtualNetwork: { id: lab.vnet(from) } });
}

/** A connectivity check from VM id `source` to VM id or address `destination`, through the watcher of the source's region. */
export async function probe(
  net: NetworkManagementClient,
  source: string,
  destination: string,
  options: { protocol?: string; port?: number; watcher?: [string, string] } = {},
): Promise<ConnectivityInformation> {
  const [group, name] = options.watcher ?? ['NetworkWatcherRG', source.includes('/rg-madrid/') ? 'NetworkWatcher_spaincentral' : 'NetworkWatcher_uksouth'];
  return net.networkWatchers.checkConnectivity(group, name, {
    source: { resourceId: source },
    destination: { ...(destination.startsWith('/') ? { resourceId: destination } : { address: destination }), ...(options.port !== undefined ? { port: options.port } : {}) },
    protocol: options.protocol ?? 'Icmp',
  });
}

/** One issue with its hop, context as a plain map. */
export interface FlatIssue {
  hop: string;
  type: string;
  origin: string;
  context: Record<string, string>;
}

/** Every issue of a result, flattened (context `[{ key, value }]` → `{ key: value }`). */
export function issuesOf(result: ConnectivityInformation): FlatIssue[] {
  return (result.hops ?? []).flatMap((hop) =>
    (hop.issues ?? []).map((issue) => ({
      hop: hop.type ?? '',
      type: issue.type ?? '',
      origin: issue.origin ?? '',
      context: Object.fromEntries((issue.context ?? []).map((entry) => [entry.key ?? '', entry.value ?? ''])),
    })),
  );
}
