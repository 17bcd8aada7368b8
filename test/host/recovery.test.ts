import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { FixtureHost } from './fixtureHost.js';
import { call, startFixtureHost } from './fixtureHost.js';

describe('local host: durability across SIGKILL (fixture app "durable")', () => {
  const root = mkdtempSync(join(tmpdir(), 'host-recovery-'));
  const hosts: FixtureHost[] = [];
  after(async () => {
    for (const app of hosts) await app.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('resumes a 10-step sequence killed while step 5 runs: no completed step lost or repeated, step 5 run again', async () => {
    const first = await startFixtureHost('durable', { root });
    hosts.push(first);
    const started = await call(`${first.host.baseUrl}/api/start/chain?id=chain-1`, { method: 'POST', body: JSON.stringify({ steps: 10, blockAt: 5 }) });
    assert.equal(started.status, 202);
    // The marker: step 5 logs that it blocks (it waits for the file `release`). Kill the host right then.
    await first.host.waitForOutput('step 5 blocked until release exists');
    await first.host.kill();
    const stepsLog = join(first.outDir, 'steps.log');
    assert.deepEqual(readFileSync(stepsLog, 'utf8').trim().split('\n'), ['1', '2', '3', '4', '5']);

    writeFileSync(join(first.outDir, 'release'), '');
    const second = await startFixtureHost('durable', { root });
    hosts.push(second);
    const done = await call(`${second.host.baseUrl}/api/client/wait/chain-1`);
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(done.body, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const status = (await call(`${second.host.baseUrl}/runtime/webhooks/durabletask/instances/chain-1?showHistory=true&showHistoryOutput=true`)).body as {
      historyEvents: { EventType: string; Result?: unknown }[];
    };
    const completions = status.historyEvents.filter((e) => e.EventType === 'TaskCompleted').map((e) => e.Result);
    assert.deepEqual(completions, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'exactly one completion per step');
    const executions = readFileSync(stepsLog, 'utf8').trim().split('\n').map(Number);
    const count = (step: number) => executions.filter((s) => s === step).length;
    assert.ok(count(5) >= 2, 'the interrupted step ran again (at-least-once)');
    for (const step of [1, 2, 3, 4, 6, 7, 8, 9, 10]) assert.equal(count(step), 1, `step ${step} ran once`);
  });
});
