// POST /api/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/probe: probe the VNet's pairs now (key required).
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

app.http('probeVnet', {
  methods: ['POST'],
  authLevel: 'function',
  route: 'vnets/{subscriptionId}/{resourceGroup}/{vnetName}/probe',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => (await import('../src/workflows/intake/probeRequest.js')).probeRequest(request, df.getClient(context)),
});
