// POST /api/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/address-space: add/remove prefixes of a
// (peered) VNet, sync or recreate (key required; ?dryRun=true returns the plan). 202 + /api/operations/{id}.
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

app.http('addressSpace', {
  methods: ['POST'],
  authLevel: 'function',
  route: 'vnets/{subscriptionId}/{resourceGroup}/{vnetName}/address-space',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => (await import('../src/workflows/intake/addressSpaceRequest.js')).addressSpaceRequest(request, df.getClient(context)),
});
