/** Request body of `NetworkInterfaces_CreateOrUpdate`. */
import { z } from 'zod';
import { opaque, readOnly, reference, tags } from './common.js';

export const ipConfigurationSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  etag: readOnly,
  type: readOnly,
  properties: z
    .strictObject({
      gatewayLoadBalancer: opaque,
      virtualNetworkTaps: opaque,
      applicationGatewayBackendAddressPools: opaque,
      loadBalancerBackendAddressPools: opaque,
      loadBalancerInboundNatRules: opaque,
      privateIPAddress: z.string().optional(),
      privateIPAddressPrefixLength: z.number().int().optional(),
      privateIPAllocationMethod: z.string().optional(),
      privateIPAddressVersion: z.string().optional(),
      subnet: reference.optional(),
      primary: z.boolean().optional(),
      publicIPAddress: opaque,
      applicationSecurityGroups: opaque,
      provisioningState: readOnly,
      privateLinkConnectionProperties: readOnly,
    })
    .optional(),
});

export const networkInterfaceSchema = z.strictObject({
  id: z.string().optional(),
  name: readOnly,
  type: readOnly,
  location: z.string().optional(),
  tags: tags.optional(),
  etag: readOnly,
  extendedLocation: opaque,
  properties: z
    .strictObject({
      virtualMachine: readOnly,
      networkSecurityGroup: reference.optional(),
      privateEndpoint: readOnly,
      ipConfigurations: z.array(ipConfigurationSchema).optional(),
      tapConfigurations: readOnly,
      dnsSettings: opaque,
      macAddress: readOnly,
      primary: readOnly,
      vnetEncryptionSupported: readOnly,
      defaultOutboundConnectivityEnabled: readOnly,
      enableAcceleratedNetworking: z.boolean().optional(),
      disableTcpStateTracking: z.boolean().optional(),
      enableIPForwarding: z.boolean().optional(),
      hostedWorkloads: readOnly,
      dscpConfiguration: readOnly,
      resourceGuid: readOnly,
      provisioningState: readOnly,
      workloadType: z.string().optional(),
      nicType: z.string().optional(),
      privateLinkService: opaque,
      migrationPhase: z.string().optional(),
      auxiliaryMode: z.string().optional(),
      auxiliarySku: z.string().optional(),
    })
    .optional(),
});

export type NetworkInterfaceBody = z.infer<typeof networkInterfaceSchema>;
