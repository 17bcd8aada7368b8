/**
 * The request bodies of the HTTP API, as zod schemas: the one source of truth for validating requests
 * and for the OpenAPI document (`openApiDocument.ts`). Strict: a field the API does not know is refused
 * (a misspelt `allowForwardedTrafic` silently ignored would peer with the wrong options).
 */
import { z } from 'zod';

const vnetIdField = z
  .string()
  .min(1)
  .describe('Virtual network resource id (/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/{vnetName}), or its full ARM URL');

/** The four options of one side of a peering (ARM's names); omitted ones take the portal's defaults. */
export const peeringOptionsSchema = z
  .strictObject({
    allowVirtualNetworkAccess: z.boolean().optional().describe('Default true'),
    allowForwardedTraffic: z.boolean().optional().describe('Default false'),
    allowGatewayTransit: z.boolean().optional().describe('Default false'),
    useRemoteGateways: z.boolean().optional().describe('Default false; needs a gateway on the other VNet and allowGatewayTransit on its side'),
  })
  .describe('Options of the peering on this side');

/** One side of a requested pair. */
export const peeringSideSchema = z
  .strictObject({
    vnetId: vnetIdField,
    name: z.string().optional().describe("Name of the peering on this VNet; default '<this VNet>-to-<other VNet>', within ARM's name rules"),
    tenantId: z.string().optional().describe('Tenant of the VNet, when known (another tenant than the app\'s is refused: not supported yet)'),
    options: peeringOptionsSchema.optional(),
  })
  .describe('One side: the VNet, the name and options of its peering');

/** `POST /api/peerings`. */
export const peeringRequestSchema = z
  .strictObject({
    local: peeringSideSchema.describe('The VNet whose reconcile instance does the work'),
    remote: peeringSideSchema,
  })
  .describe('Peer two VNets: both sides are created (or put right), then Connected is awaited and a probe run');

/** `DELETE /api/peerings`. */
export const removePeeringRequestSchema = z
  .strictObject({
    local: z.strictObject({ vnetId: vnetIdField }),
    remote: z.strictObject({ vnetId: vnetIdField }),
  })
  .describe('Remove the pair of two VNets on both sides and forget it in the desired state');

const prefixList = z.array(z.string().describe('IPv4 or IPv6 prefix in canonical CIDR notation, e.g. 10.3.0.0/16')).max(100);

/** `POST /api/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/address-space`. */
export const addressSpaceRequestSchema = z
  .strictObject({
    add: prefixList.optional().describe('Prefixes to add'),
    remove: prefixList.optional().describe('Prefixes to remove (no subnet may use them)'),
    strategy: z.enum(['sync', 'recreate']).optional().describe("How the peers learn the change: 'sync' (no downtime) or 'recreate' (delete both sides, change, re-create); default: the VNet's tag peering-strategy, else ADDRESS_CHANGE_STRATEGY"),
  })
  .describe('Change the address space of a (peered) VNet: GET → modify → PUT with If-Match, subnets, peerings and tags kept');

export type PeeringRequestBody = z.infer<typeof peeringRequestSchema>;
export type RemovePeeringRequestBody = z.infer<typeof removePeeringRequestSchema>;
export type AddressSpaceRequestBody = z.infer<typeof addressSpaceRequestSchema>;

/** The error envelope of every refusal (ARM's shape). */
export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe("ARM's error code where ARM has one, else the app's"),
      message: z.string().describe('Names the resource and the rule'),
      target: z.string().describe('The request field at fault'),
    }),
  })
  .describe('A refusal: nothing was changed');

/** What `202 Accepted` returns. */
export const acceptedSchema = z.strictObject({
  operationId: z.string(),
  status: z.literal('queued'),
  vnetId: z.string().describe('The VNet whose reconcile instance does the work'),
  instanceId: z.string(),
  location: z.string().describe('/api/operations/{operationId}'),
});

/** What a dry run returns. */
export const dryRunSchema = z.strictObject({
  dryRun: z.literal(true),
  vnetId: z.string(),
  strategy: z.enum(['sync', 'recreate']),
  strategySource: z.enum(['request', 'tag', 'setting']),
  writes: z.array(
    z.strictObject({
      stepId: z.string(),
      phase: z.number(),
      kind: z.string(),
      method: z.enum(['PUT', 'DELETE']),
      target: z.string(),
      query: z.record(z.string(), z.string()).optional(),
      body: z.record(z.string(), z.unknown()).optional(),
      summary: z.string(),
      reason: z.string(),
    }),
  ),
  waits: z.array(z.strictObject({ phase: z.number(), state: z.string(), vnetIds: z.array(z.string()) })),
  probes: z.array(z.strictObject({ vnetIds: z.array(z.string()), extraDestinationPrefixes: z.array(z.string()) })),
  pairs: z.array(z.strictObject({ vnetIds: z.array(z.string()), action: z.string(), downtime: z.enum(['none', 'deleteToCreate', 'notConnectedNow']), expectedDowntime: z.string() })),
  findings: z.array(z.strictObject({ code: z.string(), severity: z.string(), message: z.string() })),
  text: z.string().describe('The plan as plain text'),
});

/** What `GET /api/operations/{id}` returns. */
export const operationSchema = z
  .object({
    operationId: z.string(),
    type: z.string(),
    vnetId: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    acceptedAt: z.string(),
    finishedAt: z.string().optional(),
    phase: z.string().optional().describe('While running: reading, writing, waiting, probing, recording'),
    steps: z.strictObject({ done: z.number(), total: z.number() }).optional(),
    currentStep: z.string().optional(),
    summary: z.string().optional(),
    connectivity: z
      .enum(['verified', 'failed', 'partlyProbed', 'notProbed'])
      .optional()
      .describe('verified: every check passed; failed: a check that ran failed; partlyProbed: the checks that ran passed, some could not run (no VM, e.g. in a prefix just added); notProbed: nothing ran'),
    writes: z.array(z.record(z.string(), z.unknown())).optional(),
    probes: z.array(z.record(z.string(), z.unknown())).optional(),
    errors: z.array(z.strictObject({ code: z.string(), message: z.string(), target: z.string().optional() })).optional(),
  })
  .describe('Status of an accepted request');
