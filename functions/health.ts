// GET /api/health: versions of the app and its runtime packages, and the storage and ARM endpoint it uses.
import { app, type HttpResponseInit } from '@azure/functions';
import { createRequire } from 'node:module';
import { describeStorage } from '../src/config/storage.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

export function health(): HttpResponseInit {
  const self = require('../../package.json') as { name: string; version: string };
  return {
    jsonBody: {
      status: 'ok',
      app: { name: self.name, version: self.version },
      node: process.version,
      packages: { '@azure/functions': versionOf('@azure/functions'), 'durable-functions': versionOf('durable-functions') },
      storage: describeStorage(process.env),
      armEndpoint: process.env.ARM_ENDPOINT ?? 'https://management.azure.com',
    },
  };
}

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', handler: health });
