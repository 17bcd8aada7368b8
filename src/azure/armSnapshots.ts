/**
 * ARM models (as `@azure/arm-network` returns them) → the domain's snapshots. The only place that knows
 * both shapes; everything after this speaks `VnetSnapshot`/`PeeringSide`.
 */
import type { Subnet, VirtualNetwork, VirtualNetworkPeering } from '@azure/arm-network';
import type { PeeringSide, SubnetSnapshot, VnetSnapshot } from '../domain/model.js';
import { DEFAULT_PEERING_OPTIONS } from '../domain/model.js';
import { parseVnetId, peeringIdOf } from '../domain/resourceId.js';

/** Thrown when ARM returns a VNet without the fields every VNet has; names the VNet. */
export class UnexpectedArmShapeError extends Error {
  override readonly name = 'UnexpectedArmShapeError';
}

function prefixesOf(subnet: Subnet): string[] {
  const all = [...(subnet.addressPrefix ? [subnet.addressPrefix] : []), ...(subnet.addressPrefixes ?? [])];
  return [...new Set(all)];
}

function toSubnet(subnet: Subnet): SubnetSnapshot {
  return { name: subnet.name ?? '', ...(subnet.id ? { id: subnet.id } : {}), addressPrefixes: prefixesOf(subnet) };
}

/**
 * Whether a VNet has a virtual network gateway: ARM shows it as a `GatewaySubnet` whose ip configurations
 * include one of a `virtualNetworkGateways` resource (the gateway itself is a separate resource).
 */
export function hasGatewayInSubnets(subnets: readonly Subnet[]): boolean {
  return subnets.some(
    (s) => s.name?.toLowerCase() === 'gatewaysubnet' && (s.ipConfigurations ?? []).some((c) => /\/virtualNetworkGateways\//i.test(c.id ?? '')),
  );
}

/** One peering side of `localVnetId` as the domain sees it. Missing booleans take the portal's defaults. */
export function toPeeringSide(localVnetId: string, peering: VirtualNetworkPeering): PeeringSide {
  const name = peering.name ?? '';
  return {
    id: peering.id ?? peeringIdOf(localVnetId, name),
    name,
    localVnetId,
    remoteVnetId: peering.remoteVirtualNetwork?.id ?? '',
    peeringState: peering.peeringState ?? 'Unknown',
    peeringSyncLevel: peering.peeringSyncLevel ?? 'Unknown',
    provisioningState: peering.provisioningState ?? 'Unknown',
    options: {
      allowVirtualNetworkAccess: peering.allowVirtualNetworkAccess ?? DEFAULT_PEERING_OPTIONS.allowVirtualNetworkAccess,
      allowForwardedTraffic: peering.allowForwardedTraffic ?? DEFAULT_PEERING_OPTIONS.allowForwardedTraffic,
      allowGatewayTransit: peering.allowGatewayTransit ?? DEFAULT_PEERING_OPTIONS.allowGatewayTransit,
      useRemoteGateways: peering.useRemoteGateways ?? DEFAULT_PEERING_OPTIONS.useRemoteGateways,
    },
    remoteAddressSpace: [...(peering.remoteAddressSpace?.addressPrefixes ?? [])],
    remoteVirtualNetworkAddressSpace: [...(peering.remoteVirtualNetworkAddressSpace?.addressPrefixes ?? [])],
  };
}

/** A VNet (with its inline subnets and peerings) as a {@link VnetSnapshot}. Throws {@link UnexpectedArmShapeError} without an id. */
export function toVnetSnapshot(vnet: VirtualNetwork): VnetSnapshot {
  if (!vnet.id) throw new UnexpectedArmShapeError(`ARM returned virtual network '${vnet.name ?? '?'}' without an id`);
  const ref = parseVnetId(vnet.id);
  const subnets = vnet.subnets ?? [];
  return {
    id: vnet.id,
    name: vnet.name ?? ref.name,
    location: vnet.location ?? '',
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    addressSpace: [...(vnet.addressSpace?.addressPrefixes ?? [])],
    subnets: subnets.map(toSubnet),
    tags: { ...(vnet.tags ?? {}) },
    hasGateway: hasGatewayInSubnets(subnets),
    ...(vnet.etag ? { etag: vnet.etag } : {}),
    peerings: (vnet.virtualNetworkPeerings ?? []).map((p) => toPeeringSide(vnet.id as string, p)),
  };
}
