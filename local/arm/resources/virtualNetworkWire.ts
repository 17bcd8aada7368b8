/**
 * Wire shapes of VNets, subnets and peerings (`properties` nested, as the spec and the SDK's deserialisers
 * expect), in the property order real NRP responses use.
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import type { Peering, Subnet, VirtualNetwork } from '../model.js';
import { peeringView } from './peeringStatus.js';

export const virtualNetworkType = 'Microsoft.Network/virtualNetworks';
export const peeringType = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
export const subnetType = 'Microsoft.Network/virtualNetworks/subnets';

/** A peering link as ARM returns it. */
export function peeringToWire(env: EmulatorEnv, vnet: VirtualNetwork, peering: Peering): Record<string, unknown> {
  const view = peeringView(env.store, vnet, peering);
  return {
    name: peering.name,
    id: `${vnet.id}/virtualNetworkPeerings/${peering.name}`,
    etag: vnet.etag,
    type: peeringType,
    properties: {
      provisioningState: peering.provisioningState,
      resourceGuid: peering.resourceGuid,
      peeringState: view.peeringState,
      peeringSyncLevel: view.peeringSyncLevel,
      remoteVirtualNetwork: { id: peering.remoteVirtualNetworkId },
      allowVirtualNetworkAccess: peering.allowVirtualNetworkAccess,
      allowForwardedTraffic: peering.allowForwardedTraffic,
      allowGatewayTransit: peering.allowGatewayTransit,
      useRemoteGateways: peering.useRemoteGateways,
      doNotVerifyRemoteGateways: peering.doNotVerifyRemoteGateways,
      peerCompleteVnets: true,
      enableOnlyIPv6Peering: false,
      ...peering.extra,
      remoteAddressSpace: { addressPrefixes: [...view.remotePeeredPrefixes] },
      remoteVirtualNetworkAddressSpace: { addressPrefixes: [...(view.remote?.addressPrefixes ?? view.remotePeeredPrefixes)] },
      localAddressSpace: { addressPrefixes: [...view.localPeeredPrefixes] },
      localVirtualNetworkAddressSpace: { addressPrefixes: [...vnet.addressPrefixes] },
    },
  };
}

/** A subnet as ARM returns it (with the NIC ip configurations placed in it). */
export function subnetToWire(env: EmulatorEnv, vnet: VirtualNetwork, subnet: Subnet): Record<string, unknown> {
  const id = `${vnet.id}/subnets/${subnet.name}`;
  const ipConfigurations = env.store.ipConfigurationsInSubnet(id).map((c) => ({ id: c.ipConfigurationId }));
  return {
    name: subnet.name,
    id,
    etag: vnet.etag,
    type: subnetType,
    properties: {
      provisioningState: subnet.provisioningState,
      ...(subnet.addressPrefix !== undefined ? { addressPrefix: subnet.addressPrefix } : {}),
      ...(subnet.addressPrefixes !== undefined ? { addressPrefixes: [...subnet.addressPrefixes] } : {}),
      ...(subnet.networkSecurityGroupId ? { networkSecurityGroup: { id: subnet.networkSecurityGroupId } } : {}),
      ...(ipConfigurations.length ? { ipConfigurations } : {}),
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
      ...subnet.extra,
    },
  };
}

/** A VNet as ARM returns it, with its subnets and peerings inline. */
export function virtualNetworkToWire(env: EmulatorEnv, vnet: VirtualNetwork): Record<string, unknown> {
  return {
    name: vnet.name,
    id: vnet.id,
    etag: vnet.etag,
    type: virtualNetworkType,
    location: vnet.location,
    ...(Object.keys(vnet.tags).length ? { tags: { ...vnet.tags } } : {}),
    properties: {
      provisioningState: vnet.provisioningState,
      resourceGuid: vnet.resourceGuid,
      addressSpace: { addressPrefixes: [...vnet.addressPrefixes] },
      subnets: vnet.subnets.map((s) => subnetToWire(env, vnet, s)),
      virtualNetworkPeerings: vnet.peerings.map((p) => peeringToWire(env, vnet, p)),
      enableDdosProtection: false,
      ...vnet.extra,
    },
  };
}
