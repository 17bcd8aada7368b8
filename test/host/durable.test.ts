import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FixtureHost } from './fixtureHost.js';
import { call, startFixtureHost } from './fixtureHost.js';

type HistoryItem = { EventType: string; FunctionName?: string; Result?: unknown; Reason?: string; FireAt?: string; Timestamp: string; OrchestrationStatus?: string };
type Status = { runtimeStatus: string; output: unknown; customStatus: unknown; historyEvents?: HistoryItem[]; name: string; instanceId: string };

describe('local host: durable functions through the real SDK and DurableClient (fixture app "durable", virtual clock)', () => {
  let app: FixtureHost;
  let base: string;
  const mgmt = (path: string) => `${base}/runtime/webhooks/durabletask/${path}`;
  const start = async (name: string, input?: unknown, id?: string): Promise<string> => {
    const response = await call(`${base}/api/start/${name}${id ? `?id=${encodeURIComponent(id)}` : ''}`, { method: 'POST', body: input === undefined ? '' : JSON.stringify(input) });
    assert.equal(response.status, 202, response.text);
    const payload = response.body as { id: string; statusQueryGetUri: string };
    assert.equal(response.headers.get('location'), payload.statusQueryGetUri);
    return payload.id;
  };
  /** Waits through the real DurableClient.waitForCompletionOrCreateCheckStatusResponse. */
  const finished = async (id: string) => {
    const response = await call(`${base}/api/client/wait/${encodeURIComponent(id)}`);
    assert.notEqual(response.status, 202, `instance ${id} did not finish in time`);
    return response;
  };
  const status = async (id: string): Promise<Status> => {
    const response = await call(mgmt(`instances/${encodeURIComponent(id)}?showHistory=true&showHistoryOutput=true`));
    return response.body as Status;
  };
  const events = (s: Status, type: string) => (s.historyEvents ?? []).filter((e) => e.EventType === type);

  after(() => app?.dispose());
  before(async () => {
    app = await startFixtureHost('durable', { virtualClock: true });
    base = app.host.baseUrl;
  });

  it('runs a 3-step sequence, one completion per step in history order', async () => {
    const id = await start('sequence');
    const done = await finished(id);
    assert.equal(done.status, 200);
    assert.deepEqual(done.body, ['A', 'B', 'C']);
    const completed = events(await status(id), 'TaskCompleted');
    assert.deepEqual(completed.map((e) => [e.FunctionName, e.Result]), [['upper', 'A'], ['upper', 'B'], ['upper', 'C']]);
  });

  it('fans out 200 activities and fans in their results', async () => {
    const id = await start('fanOut', 200);
    const done = await finished(id);
    assert.deepEqual(done.body, { count: 200, sum: 199 * 200 });
    assert.equal(events(await status(id), 'TaskCompleted').length, 200);
  });

  it('retries with the RetryOptions semantics: attempt, timer (first * coefficient^n), attempt… until attempt 3 succeeds', async () => {
    const id = await start('retrySucceeds');
    const done = await finished(id);
    assert.equal(done.body, 'succeeded on attempt 3');
    const s = await status(id);
    assert.equal(events(s, 'TaskFailed').length, 2);
    assert.equal(events(s, 'TaskCompleted').length, 1);
    const delays = events(s, 'TimerCreated').map((e) => Date.parse(e.FireAt as string) - Date.parse(e.Timestamp));
    assert.deepEqual(delays, [5000, 10000], 'first retry after 5 s, the second after 5 s × 2');
    assert.equal(events(s, 'TimerFired').length, 2);
  });

  it('fails the orchestration once the attempts are exhausted, after the extension\'s final retry timer', async () => {
    const id = await start('retryExhausts');
    const done = await finished(id);
    assert.equal(done.status, 500);
    const s = done.body as Status;
    assert.equal(s.runtimeStatus, 'Failed');
    assert.match(String(s.output), /^Orchestrator function 'retryExhausts' failed: Activity function 'alwaysFails' failed: this activity always fails/);
    const history = await status(id);
    assert.equal(events(history, 'TaskFailed').length, 2);
    assert.equal(events(history, 'TimerFired').length, 2, 'DTFx waits once more after the last failure');
  });

  it('runs sub-orchestrations with a given instance id and with the default <executionId>:<sequence> id', async () => {
    const id = await start('parent', undefined, 'parent-1');
    const done = await finished(id);
    const output = done.body as { named: { child: string; parent: string; doubled: number }; unnamed: { child: string; parent: string; doubled: number } };
    assert.deepEqual(output.named, { child: 'parent-1-child', parent: 'parent-1', doubled: 10 });
    assert.equal(output.unnamed.parent, 'parent-1');
    assert.equal(output.unnamed.doubled, 14);
    assert.match(output.unnamed.child, /^[0-9a-f-]{36}:1$/);
    assert.equal((await status('parent-1-child')).runtimeStatus, 'Completed');
    assert.equal(events(await status(id), 'SubOrchestrationInstanceCompleted').length, 2);
  });

  it('lets an external event win a race against a timer while the virtual clock is paused', async () => {
    await call(`${base}/admin/clock/pause`, { method: 'POST' });
    try {
      const id = await start('race');
      assert.equal((await call(`${base}/api/client/raise/${id}`, { method: 'POST', body: JSON.stringify({ who: 'test' }) })).status, 202);
      const done = await finished(id);
      assert.deepEqual(done.body, { result: 'approved', by: { who: 'test' } });
      const s = await status(id);
      assert.equal(events(s, 'TimerCreated').length, 1);
      assert.equal(events(s, 'TimerFired').length, 0);
    } finally {
      await call(`${base}/admin/clock/resume`, { method: 'POST' });
    }
  });

  it('fires the timer of an otherwise idle instance at once on the virtual clock (the timer wins the race)', async () => {
    const clockBefore = Date.parse(((await call(`${base}/admin/clock`)).body as { now: string }).now);
    const id = await start('race');
    const done = await finished(id);
    assert.deepEqual(done.body, { result: 'timeout' });
    const clockAfter = Date.parse(((await call(`${base}/admin/clock`)).body as { now: string }).now);
    assert.ok(clockAfter - clockBefore >= 3600_000, 'the clock jumped one hour ahead');
  });

  it('fails a non-deterministic orchestrator with the extension\'s documented error', async () => {
    const id = await start('nonDeterministic');
    const done = await finished(id);
    assert.equal(done.status, 500);
    assert.equal(
      (done.body as Status).output,
      "Non-Deterministic workflow detected: A previous execution of this orchestration scheduled an activity task with sequence number 0 named 'upper', but the current orchestration replay instead scheduled an activity task named 'double' with this sequence number.  Was a change made to the orchestrator code after this instance had already started running?",
    );
  });

  it('fails an orchestrator whose custom status is over 16 KB of UTF-16, with the extension\'s message', async () => {
    const id = await start('hugeStatus');
    const done = await finished(id);
    assert.equal(done.status, 500);
    assert.match(String((done.body as Status).output), /The UTF-16 size of the JSON-serialized payload must not exceed 16 KB\. The current payload size is 18 KB\./);
  });

  it('continues as new with a fresh history', async () => {
    const id = await start('counter', 0);
    const done = await finished(id);
    assert.equal(done.body, 'GENERATION 3, finished at 3');
    assert.equal(events(await status(id), 'TaskCompleted').length, 1, 'only the last generation is in the history');
  });

  it('reads status, terminates and purges through the unmodified DurableClient', async () => {
    const id = await start('waitForever', undefined, 'forever-1');
    const terminated = await call(`${base}/api/client/terminate/${id}`, { method: 'POST' });
    assert.equal(terminated.status, 202);
    const done = await finished(id);
    assert.equal(done.status, 200);
    assert.equal((done.body as Status).runtimeStatus, 'Terminated');
    const viaClient = (await call(`${base}/api/client/status/${id}`)).body as Status;
    assert.equal(viaClient.runtimeStatus, 'Terminated');
    assert.equal(viaClient.output, 'stopped by the test');
    assert.equal(viaClient.name, 'waitForever');
    const purged = await call(`${base}/api/client/purge/${id}`, { method: 'DELETE' });
    assert.deepEqual(purged.body, { instancesDeleted: 1 });
    assert.equal((await call(mgmt(`instances/${id}`))).status, 404);
  });

  it('shows custom status while running, and lists instances by status', async () => {
    const id = await start('waitForever');
    // The first episode sets the custom status; the client's wait would block, so read the status until set.
    let s = await status(id);
    for (let i = 0; i < 200 && s.customStatus === null; i++) s = await status(id);
    assert.deepEqual(s.customStatus, { stage: 'waiting' });
    assert.equal(s.runtimeStatus, 'Running');
    const listed = (await call(`${base}/api/client/list/x`)).body as Status[];
    assert.ok(listed.length > 0 && listed.every((i) => i.runtimeStatus === 'Completed'));
    await call(`${base}/api/client/terminate/${id}`, { method: 'POST' });
  });

  it('refuses a second start of a running instance id (409) and ids with / \\ # ? or control characters (400)', async () => {
    const id = await start('waitForever', undefined, 'busy-1');
    const again = await call(mgmt(`orchestrators/waitForever/${id}`), { method: 'POST', body: '' });
    assert.equal(again.status, 409);
    assert.match(again.text, /already exists/);
    for (const bad of ['a%23b', 'a%2Fb', 'a%3Fb', 'a%5Cb', 'a%07b']) {
      const refused = await call(mgmt(`orchestrators/waitForever/${bad}`), { method: 'POST', body: '' });
      assert.equal(refused.status, 400, bad);
      assert.match(refused.text, /must not contain \/, \\, #, \?, or control characters/);
    }
    const unknown = await call(mgmt('orchestrators/noSuchOrchestrator'), { method: 'POST', body: '' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /The function 'noSuchOrchestrator' doesn't exist/);
    await call(`${base}/api/client/terminate/${id}`, { method: 'POST' });
  });
});
