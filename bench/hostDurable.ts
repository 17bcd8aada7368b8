/**
 * `npm run bench:host`: how fast the local host drives durable work through the real SDK, measured in one
 * run on the durable fixture app (virtual clock, fresh state, journals fsync'd as always):
 * a 200-activity fan-out/fan-in and a 300-step activity chain, each timed from the start request to the
 * completed status (the management API's poll-free wait). Prints milliseconds and ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnHost } from '../local/host/spawnHost.js';

const appDir = fileURLToPath(new URL('../../test/fixtures/apps/durable', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bench-host-'));
const host = await spawnHost({ appDir, stateDir: join(root, 'state'), virtualClock: true, env: { FIXTURE_OUT: root } });

/** Starts `name` and waits for it to finish; returns elapsed ms. */
async function timed(name: string, input: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${host.baseUrl}/runtime/webhooks/durabletask/orchestrators/${name}?timeout=600&pollingInterval=1`, { method: 'POST', body: JSON.stringify(input) });
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${name} did not complete: HTTP ${response.status} ${await response.text()}`);
  return elapsed;
}

try {
  await timed('sequence', undefined); // warm-up: loads the SDK paths once
  const fanOut = await timed('fanOut', 200);
  const chain = await timed('chain', { steps: 300, blockAt: 0 });
  console.log(`fan-out/fan-in of 200 activities: ${fanOut.toFixed(0)} ms (${(fanOut / 200).toFixed(2)} ms per activity)`);
  console.log(`chain of 300 activities:          ${chain.toFixed(0)} ms (${(chain / 300).toFixed(2)} ms per step, replaying a growing history)`);
  console.log(`ratio chain/fan-out: ${(chain / fanOut).toFixed(1)}`);
} finally {
  await host.kill();
  rmSync(root, { recursive: true, force: true });
}
