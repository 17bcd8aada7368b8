/**
 * The Event Grid subscription that feeds the app, as `infra/eventgrid.bicep` creates it in Azure: ARM's
 * write and delete events of VNets and peerings (advanced filter on `data.operationName`, so Network
 * Watcher actions, subnets, NICs and VMs never reach the app), delivered to the Functions host's Event Grid
 * webhook for function `vnetChanged` with the extension's system key. Used by `npm start` and the tests.
 */
import type { EventSubscriptionInput } from './arm/eventGrid/eventSubscription.js';

/** The function `infra/eventgrid.bicep` subscribes. */
export const VNET_CHANGED_FUNCTION = 'vnetChanged';

/** The operations the app reacts to. */
export const KEEPER_OPERATION_NAMES = [
  'Microsoft.Network/virtualNetworks/write',
  'Microsoft.Network/virtualNetworks/delete',
  'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write',
  'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete',
] as const;

/** The subscription for a host at `hostBaseUrl` whose Event Grid extension key is `key`. */
export function keeperEventSubscription(hostBaseUrl: string, key: string, extra: Partial<EventSubscriptionInput> = {}): EventSubscriptionInput {
  const endpoint = new URL('/runtime/webhooks/eventgrid', hostBaseUrl);
  endpoint.searchParams.set('functionName', VNET_CHANGED_FUNCTION);
  endpoint.searchParams.set('code', key);
  return {
    name: 'vnet-peering-keeper',
    endpointUrl: endpoint.href,
    includedEventTypes: ['Microsoft.Resources.ResourceWriteSuccess', 'Microsoft.Resources.ResourceDeleteSuccess'],
    advancedFilters: [{ operatorType: 'StringIn', key: 'data.operationName', values: [...KEEPER_OPERATION_NAMES] }],
    ...extra,
  };
}
