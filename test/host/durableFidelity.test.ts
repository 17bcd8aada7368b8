/**
 * Where the local host must behave exactly as Azure does for the reconcile hand-over protocol to be proven
 * rather than tolerated: external events across continue-as-new, and events raised into finished
 * instances. Races are made deterministic with the host's episode holds (`/admin/durable/…`) and the
 * paused virtual clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FixtureHost } from './fixtureHost.js';
import { call, startFixtureHost } from './fixtureHost.js';

type Status = { runtimeStatus: string; output: unknown; historyEvents?: Array<{ EventType: string }> };

describe('local host: external events across continue-as-new and into finished instances (as in Azure)', () => {
  let app: FixtureHost;
  let base: string;
  const mgmt = (path: string) => `${base}/runtime/webhooks/durabletask/${path}`;
  const admin = (id: string, action: string, query = '') => `${base}/admin/durable/instances/${encodeURIComponent(id)}/${action}${query}`;
  const status = async (id: string): Promise<Status> => (await call(mgmt(`instances/${encodeURIComponent(id)}?showHistory=true`))).body as Status;
  /** Bounded polling of an observable status (never a fixed sleep). */
  const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 500; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail(`timed out waiting for ${what}`);
  };
  const start = async (name: string, id: string): Promise<void> => {
    const response = await call(`${base}/api/start/${name}?id=${id}`, { method: 'POST', body: '' });
    assert.equal(response.status, 202, response.text);
    await until(`${id} to wait on its first timer`, async () => (await status(id)).historyEvents?.some((e) => e.EventType === 'TimerCreated') ?? false);
  };
  const raise = async (id: string, body: unknown) => {
    const response = await call(`${base}/api/client/raise/${id}?event=x`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal(response.status, 202, response.text);
  };
  const advanceAnHour = () => call(`${base}/admin/clock/advance?ms=3600000`, { method: 'POST' });

  before(async () => {
    app = await startFixtureHost('durable', { virtualClock: true });
    base = app.host.baseUrl;
    await call(`${base}/admin/clock/pause`, { method: 'POST' });
  });
  after(() => app?.dispose());

  it('drops an event that reached the history but was never awaited when the instance continues as new', async () => {
    await start('generations', 'drop-1');
    await raise('drop-1', { n: 1 });
    await until('the event in the first generation\'s history', async () => (await status('drop-1')).historyEvents?.some((e) => e.EventType === 'EventRaised') ?? false);
    await advanceAnHour();
    await until('the second generation', async () => (await status('drop-1')).historyEvents?.some((e) => e.EventType === 'ExecutionStarted' && (e as { Input?: string }).Input === '2') ?? false);
    await advanceAnHour();
    await until('the end', async () => (await status('drop-1')).runtimeStatus === 'Completed');
    assert.deepEqual((await status('drop-1')).output, { generation: 2, received: null });
  });

  it('carries an event still queued at continue-as-new (raised while the last episode was in flight) into the next generation', async () => {
    await start('generations', 'carry-1');
    assert.equal((await call(admin('carry-1', 'hold', '?at=commit'), { method: 'POST' })).status, 200);
    await advanceAnHour();
    const atCommit = await call(admin('carry-1', 'held', '?atCommit=true'));
    assert.equal(atCommit.status, 200, 'the continue-as-new episode waits before its commit');
    await raise('carry-1', { n: 2 });
    // The inbox holds the episode's own timer message (consumed at the commit) and the new event.
    assert.deepEqual(((await call(admin('carry-1', 'held', '?messages=2&atCommit=true'))).body as { inbox: number }).inbox, 2);
    assert.equal(((await call(admin('carry-1', 'release'), { method: 'POST' })).body as { released: boolean }).released, true);
    await until('the end', async () => (await status('carry-1')).runtimeStatus === 'Completed');
    assert.deepEqual((await status('carry-1')).output, { generation: 2, received: { n: 2 } });
  });

  it('answers 410 to an event raised into a completed instance and drops it; the DurableClient does not throw', async () => {
    const response = await call(`${base}/api/start/sequence?id=done-1`, { method: 'POST', body: '' });
    assert.equal(response.status, 202);
    await until('completion', async () => (await status('done-1')).runtimeStatus === 'Completed');
    const raw = await call(mgmt('instances/done-1/raiseEvent/x'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(raw.status, 410);
    await raise('done-1', { late: true });
    const after = await status('done-1');
    assert.equal(after.runtimeStatus, 'Completed');
    assert.deepEqual(after.output, ['A', 'B', 'C']);
    assert.equal(after.historyEvents?.some((e) => e.EventType === 'EventRaised'), false);
  });

  it('holds an instance before its next episode: messages pile up, then run in one episode on release', async () => {
    await start('generations', 'pile-1');
    await call(admin('pile-1', 'hold'), { method: 'POST' });
    await raise('pile-1', { n: 1 });
    await raise('pile-1', { n: 2 });
    const held = (await call(admin('pile-1', 'held', '?messages=2'))).body as { inbox: number; hold: string };
    assert.deepEqual([held.inbox, held.hold], [2, 'episode']);
    assert.equal((await status('pile-1')).historyEvents?.some((e) => e.EventType === 'EventRaised'), false, 'no episode ran while held');
    await call(admin('pile-1', 'release'), { method: 'POST' });
    await until('both events in one episode', async () => (await status('pile-1')).historyEvents?.filter((e) => e.EventType === 'EventRaised').length === 2);
    const timed = await call(admin('nobody', 'held', '?messages=1&timeoutMs=20'));
    assert.equal(timed.status, 408);
    await call(`${base}/api/client/terminate/pile-1`, { method: 'POST' });
  });
});
