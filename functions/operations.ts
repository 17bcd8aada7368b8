// GET /api/operations/{operationId}: status of an accepted request (queued / running / succeeded / failed).
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

app.http('operations', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'operations/{operationId}',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => (await import('../src/workflows/intake/operationQuery.js')).operationQuery(request, df.getClient(context)),
});
