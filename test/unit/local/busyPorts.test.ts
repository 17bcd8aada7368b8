import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { busyPorts, describeBusyPorts } from '../../../local/busyPorts.js';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

test('a port someone listens on is reported with the service that wanted it; a free one is not', async (t) => {
  const taken = await listen();
  t.after(() => taken.server.close());
  const free = await listen();
  await new Promise<void>((resolve) => free.server.close(() => resolve()));

  const busy = await busyPorts(new Map([[taken.port, 'ARM emulator'], [free.port, 'Functions host']]));

  assert.deepEqual(busy, [{ port: taken.port, wantedBy: 'ARM emulator' }]);
  assert.match(describeBusyPorts(busy), new RegExp(`port ${taken.port} \\(ARM emulator\\) already in use on 127\\.0\\.0\\.1.*another \`npm start\``));
});
