/**
 * The OpenAPI 3 document of the HTTP API (`GET /api/openapi.json`), generated from the zod schemas that
 * validate the requests (`apiSchemas.ts`): the description cannot drift from what is enforced.
 */
import { z } from 'zod';
import { acceptedSchema, addressSpaceRequestSchema, dryRunSchema, errorSchema, operationSchema, peeringRequestSchema, removePeeringRequestSchema } from './apiSchemas.js';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' });

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'Refused', ...json('Error') }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON, unknown field, invalid id or prefix, a rule of ARM (overlap, self-peering, gateways, other tenant or cloud)',
  401: 'Missing or invalid function key',
  403: 'Subscription outside SCOPE_SUBSCRIPTIONS',
  404: 'Unknown VNet or operation',
  409: 'Peering name already used for another VNet',
  503: 'The VNet\'s reconcile instance could not take the request in time: try again',
};

const dryRun = { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' }, description: 'true: return the ordered plan of ARM writes (with expected downtime per pair) and write nothing' };
const written = (what: string) => ({
  '200': { description: `Dry run: the plan ${what} would run`, ...json('DryRun') },
  '202': { description: 'Accepted: queued to the VNet\'s reconcile instance', headers: { Location: { schema: { type: 'string' }, description: '/api/operations/{operationId}' } }, ...json('Accepted') },
});

/** The document. */
export function openApiDocument(): Record<string, unknown> {
  const vnetPath = ['subscriptionId', 'resourceGroup', 'vnetName'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  return {
    openapi: '3.0.3',
    info: { title: 'vnet-peering-keeper', version: '1', description: 'Peering requests and address-space changes for Azure VNets, with dry-run plans, operation status and clear refusals. Every request on a VNet is queued to that VNet\'s one reconcile instance.' },
    servers: [{ url: '/api' }],
    security: [{ functionKey: [] }, { functionKeyQuery: [] }],
    paths: {
      '/peerings': {
        post: { operationId: 'createPeering', summary: 'Peer two VNets (both sides, wait Connected, probe); idempotent', parameters: [dryRun], requestBody: { required: true, ...json('PeeringRequest') }, responses: { ...written('the peering'), ...errors(400, 401, 403, 404, 409, 503) } },
        delete: { operationId: 'removePeering', summary: 'Remove a pair on both sides and forget it', parameters: [dryRun], requestBody: { required: true, ...json('RemovePeeringRequest') }, responses: { ...written('the removal'), ...errors(400, 401, 403, 404, 503) } },
      },
      '/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/address-space': {
        post: { operationId: 'changeAddressSpace', summary: 'Add and/or remove prefixes of a (peered) VNet, with sync or recreate', parameters: [...vnetPath, dryRun], requestBody: { required: true, ...json('AddressSpaceRequest') }, responses: { ...written('the change'), ...errors(400, 401, 403, 404, 503) } },
      },
      '/operations/{operationId}': {
        get: { operationId: 'getOperation', summary: 'Status of an accepted request', parameters: [{ name: 'operationId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'The status', ...json('Operation') }, ...errors(401, 404) } },
      },
      '/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3 document' } } } },
    },
    components: {
      securitySchemes: {
        functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' },
        functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code' },
      },
      schemas: {
        PeeringRequest: schema(peeringRequestSchema, 'input'),
        RemovePeeringRequest: schema(removePeeringRequestSchema, 'input'),
        AddressSpaceRequest: schema(addressSpaceRequestSchema, 'input'),
        Accepted: schema(acceptedSchema),
        DryRun: schema(dryRunSchema),
        Operation: schema(operationSchema),
        Error: schema(errorSchema),
      },
    },
  };
}
