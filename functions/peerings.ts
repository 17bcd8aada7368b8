// POST /api/peerings: peer two VNets; DELETE /api/peerings: remove a pair on both sides (key required;
// ?dryRun=true returns the plan). Queued to the local VNet's reconcile instance: 202 + /api/operations/{id}.
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

app.http('peerings', {
  methods: ['POST', 'DELETE'],
  authLevel: 'function',
  route: 'peerings',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    const intake = await import('../src/workflows/intake/peeringRequest.js');
    const client = df.getClient(context);
    return request.method === 'DELETE' ? intake.removePeeringRequest(request, client) : intake.createPeeringRequest(request, client);
  },
});
