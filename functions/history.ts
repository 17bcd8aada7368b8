// GET /api/history?vnet=<VNet id>: the VNet's audit trail, newest first (key required).
import { app, type HttpRequest } from '@azure/functions';

app.http('history', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'history',
  handler: async (request: HttpRequest) => (await import('../src/workflows/intake/historyQuery.js')).historyQuery(request),
});
