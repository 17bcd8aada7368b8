/** Request bodies of `VirtualNetworks_CreateOrUpdate`, `Subnets_*` and `VirtualNetworkPeerings_CreateOrUpdate`. */
import { z } from 'zod';
import { addressSpace, opaque, readOnly, reference, tags } from './common.js';

export const subnetPropertiesSchema = z.strictObject({
  addressPrefix: z.string().optional(),
  addressPrefixes: z.array(z.string()).optional(),
  networkSecurityGroup: reference.optional(),
  routeTable: opaque,
  natGateway: opaque,
  serviceEndpoints: opaque,
  serviceEndpointPolicies: opaque,
  privateEndpoints: readOnly,
  ipConfigurations: readOnly,
  ipConfigurationProfiles: readOnly,
  ipAllocations: opaque,
  resourceNavigationLinks: readOnly,
  serviceAssociationLinks: readOnly,
  delegations: opaque,
  purpose: readOnly,
  provisioningState: readOnly,
  privateEndpointNetworkPolicies: z.string().optional(),
  privateLinkServiceNetworkPolicies: z.string().optional(),
  applicationGatewayIPConfigurations: opaque,
  sharingScope: z.string().optional(),
  defaultOutboundAccess: z.boolean().optional(),
  ipamPoolPrefixAllocations: opaque,
  // Newer api-versions (2026-01-01, what @azure/arm-network 39 sends).
  serviceGateway: opaque,
});

export const subnetSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  type: readOnly,
  etag: readOnly,
  properties: subnetPropertiesSchema.optional(),
});

export const peeringPropertiesSchema = z.strictObject({
  allowVirtualNetworkAccess: z.boolean().optional(),
  allowForwardedTraffic: z.boolean().optional(),
  allowGatewayTransit: z.boolean().optional(),
  useRemoteGateways: z.boolean().optional(),
  remoteVirtualNetwork: reference.optional(),
  localAddressSpace: addressSpace.optional(),
  localVirtualNetworkAddressSpace: addressSpace.optional(),
  remoteAddressSpace: addressSpace.optional(),
  remoteVirtualNetworkAddressSpace: addressSpace.optional(),
  remoteBgpCommunities: opaque,
  remoteVirtualNetworkEncryption: readOnly,
  // Writable in the spec, but the service decides them: accepted and ignored.
  peeringState: z.string().optional(),
  peeringSyncLevel: z.string().optional(),
  provisioningState: readOnly,
  doNotVerifyRemoteGateways: z.boolean().optional(),
  resourceGuid: readOnly,
  peerCompleteVnets: z.boolean().optional(),
  enableOnlyIPv6Peering: z.boolean().optional(),
  localSubnetNames: z.array(z.string()).optional(),
  remoteSubnetNames: z.array(z.string()).optional(),
  // Seen in real responses (PS recording), so echoed GET bodies may carry it.
  routeServiceVips: readOnly,
});

export const peeringSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  type: readOnly,
  etag: readOnly,
  properties: peeringPropertiesSchema.optional(),
});

export const virtualNetworkPropertiesSchema = z.strictObject({
  addressSpace: addressSpace.optional(),
  dhcpOptions: z.strictObject({ dnsServers: z.array(z.string()).optional() }).optional(),
  flowTimeoutInMinutes: z.number().int().optional(),
  subnets: z.array(subnetSchema).optional(),
  virtualNetworkPeerings: z.array(peeringSchema).optional(),
  resourceGuid: readOnly,
  provisioningState: readOnly,
  enableDdosProtection: z.boolean().optional(),
  enableVmProtection: z.boolean().optional(),
  ddosProtectionPlan: reference.optional(),
  bgpCommunities: opaque,
  encryption: opaque,
  ipAllocations: opaque,
  flowLogs: readOnly,
  privateEndpointVNetPolicies: z.string().optional(),
  // Newer api-versions.
  defaultPublicNatGateway: readOnly,
  summarizedGatewayPrefixes: opaque,
});

export const virtualNetworkSchema = z.strictObject({
  id: z.string().optional(),
  name: readOnly,
  type: readOnly,
  location: z.string().optional(),
  tags: tags.optional(),
  etag: readOnly,
  extendedLocation: opaque,
  properties: virtualNetworkPropertiesSchema.optional(),
});

/** `TagsObject` (PATCH). */
export const tagsObjectSchema = z.strictObject({ tags: tags.optional() });

export type VirtualNetworkBody = z.infer<typeof virtualNetworkSchema>;
export type SubnetBody = z.infer<typeof subnetSchema>;
export type PeeringBody = z.infer<typeof peeringSchema>;
