/** Request bodies of `NetworkSecurityGroups_CreateOrUpdate` and `SecurityRules_CreateOrUpdate`. */
import { z } from 'zod';
import { opaque, readOnly, tags } from './common.js';

export const securityRulePropertiesSchema = z.strictObject({
  description: z.string().optional(),
  protocol: z.string(),
  sourcePortRange: z.string().optional(),
  destinationPortRange: z.string().optional(),
  sourceAddressPrefix: z.string().optional(),
  sourceAddressPrefixes: z.array(z.string()).optional(),
  sourceApplicationSecurityGroups: opaque,
  destinationAddressPrefix: z.string().optional(),
  destinationAddressPrefixes: z.array(z.string()).optional(),
  destinationApplicationSecurityGroups: opaque,
  sourcePortRanges: z.array(z.string()).optional(),
  destinationPortRanges: z.array(z.string()).optional(),
  access: z.string(),
  priority: z.number().int(),
  direction: z.string(),
  provisioningState: readOnly,
});

export const securityRuleSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  etag: readOnly,
  type: readOnly,
  properties: securityRulePropertiesSchema,
});

export const networkSecurityGroupSchema = z.strictObject({
  id: z.string().optional(),
  name: readOnly,
  type: readOnly,
  location: z.string().optional(),
  tags: tags.optional(),
  etag: readOnly,
  properties: z
    .strictObject({
      flushConnection: z.boolean().optional(),
      securityRules: z.array(securityRuleSchema).optional(),
      defaultSecurityRules: readOnly,
      networkInterfaces: readOnly,
      subnets: readOnly,
      flowLogs: readOnly,
      resourceGuid: readOnly,
      provisioningState: readOnly,
    })
    .optional(),
});

export type SecurityRuleBody = z.infer<typeof securityRuleSchema>;
export type NetworkSecurityGroupBody = z.infer<typeof networkSecurityGroupSchema>;
