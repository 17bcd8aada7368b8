// GET /api/openapi.json: the OpenAPI 3 document, generated from the schemas that validate the requests.
import { app } from '@azure/functions';

app.http('openapi', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'openapi.json',
  handler: async () => ({ jsonBody: (await import('../src/workflows/intake/openApiDocument.js')).openApiDocument() }),
});
