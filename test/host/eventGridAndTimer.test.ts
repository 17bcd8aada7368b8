import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FixtureHost } from './fixtureHost.js';
import { call, startFixtureHost } from './fixtureHost.js';

const event = (id: string, data: Record<string, unknown> = {}) => ({
  id,
  topic: '/subscriptions/00000000-0000-0000-0000-000000000001',
  subject: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${id}`,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  eventTime: '2024-05-01T12:00:00Z',
  data,
  dataVersion: '',
  metadataVersion: '1',
});

describe('local host: Event Grid webhook and timers (fixture app "basic", virtual clock)', () => {
  let app: FixtureHost;
  let webhook: string;
  const post = (body: unknown, type: string | undefined, url = webhook) =>
    call(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(type ? { 'aeg-event-type': type } : {}) } });
  const receivedIds = (): string[] => (existsSync(join(app.outDir, "events.log")) ? readFileSync(join(app.outDir, "events.log"), "utf8").trim().split("\n").map((line) => line.split(" ")[0] ?? "") : []);

  after(() => app?.dispose());
  before(async () => {
    app = await startFixtureHost('basic', { virtualClock: true });
    webhook = `${app.host.baseUrl}/runtime/webhooks/eventgrid?functionName=onEvent&code=fixture-eventgrid-key`;
  });

  it('answers the subscription validation handshake with the validation code', async () => {
    const response = await post([{ ...event('validation'), eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'code-123', validationUrl: 'https://example.invalid' } }], 'SubscriptionValidation');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { validationResponse: 'code-123' });
  });

  it('requires the Event Grid extension key and a known Event Grid function', async () => {
    assert.equal((await post([event('e0')], 'Notification', webhook.replace('code=fixture-eventgrid-key', 'code=wrong'))).status, 401);
    assert.equal((await post([event('e0')], 'Notification', webhook.replace('&code=fixture-eventgrid-key', ''))).status, 401);
    assert.equal((await post([event('e0')], 'Notification', webhook.replace('functionName=onEvent', 'functionName=hello'))).status, 404);
  });

  it('runs one invocation per event of a batch of 3 and answers 202', async () => {
    const response = await post([event('b1'), event('b2'), event('b3')], 'Notification');
    assert.equal(response.status, 202);
    assert.deepEqual(receivedIds().filter((id) => id.startsWith('b')).sort(), ['b1', 'b2', 'b3']);
  });

  it('answers 500 when any invocation of the batch fails, so that Event Grid delivers again', async () => {
    const response = await post([event('f1'), event('f2', { fail: true })], 'Notification');
    assert.equal(response.status, 500);
    assert.match(response.text, /1 of 2 invocation\(s\) of 'onEvent' failed: event f2 asked to fail/);
    assert.ok(receivedIds().includes('f1'), 'the healthy event of the batch still ran');
  });

  it('accepts a CloudEvents 1.0 event', async () => {
    const cloudEvent = { specversion: '1.0', id: 'c1', source: '/subscriptions/x', type: 'Microsoft.Resources.ResourceWriteSuccess', time: '2024-05-01T12:00:00Z', data: {} };
    assert.equal((await post(cloudEvent, 'Notification')).status, 202);
    assert.ok(receivedIds().includes('c1'));
  });

  it('refuses a malformed body and a missing aeg-event-type header with a 400 that says why', async () => {
    const notJson = await post('{"id": ', 'Notification');
    assert.equal(notJson.status, 400);
    assert.match(notJson.text, /the body is not JSON/);
    const notAnEvent = await post([{ subject: 'no id' }], 'Notification');
    assert.equal(notAnEvent.status, 400);
    assert.match(notAnEvent.text, /event 0 has no string "id"/);
    const noHeader = await post([event('h1')], undefined);
    assert.equal(noHeader.status, 400);
    assert.match(noHeader.text, /aeg-event-type header must be/);
    assert.ok(!receivedIds().includes('h1'));
  });

  it('runs a timer function on demand through POST /admin/functions/<name>', async () => {
    const response = await call(`${app.host.baseUrl}/admin/functions/tick`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 202);
    const runs = readFileSync(join(app.outDir, 'timer.log'), 'utf8').trim().split('\n');
    const info = JSON.parse(runs.at(-1) as string) as { isPastDue: boolean; scheduleStatus: { next: string } };
    assert.equal(info.isPastDue, false);
    assert.ok(Date.parse(info.scheduleStatus.next) > Date.now(), 'the next occurrence comes from the %TICK_SCHEDULE% schedule');
  });

  it('fires a timer on its resolved schedule when the virtual clock passes it', async () => {
    const before = (await call(`${app.host.baseUrl}/admin/clock`)).body as { now: string };
    const runsBefore = existsSync(join(app.outDir, 'timer.log')) ? readFileSync(join(app.outDir, 'timer.log'), 'utf8').trim().split('\n').length : 0;
    const advanced = await call(`${app.host.baseUrl}/admin/clock/advance?ms=${3600_000}`, { method: 'POST' });
    assert.equal(advanced.status, 200);
    assert.ok(Date.parse((advanced.body as { now: string }).now) - Date.parse(before.now) >= 3600_000);
    // The marker: the host's "Executed" line of the invocation the timer started (same invocation id).
    await app.host.waitForOutput(/Executing 'Functions\.tick' \(Reason='Timer fired at [^']*', Id=([0-9a-f-]+)\)[\s\S]*Executed 'Functions\.tick' \(Succeeded, Id=\1/);
    const runs = readFileSync(join(app.outDir, 'timer.log'), 'utf8').trim().split('\n');
    assert.equal(runs.length, runsBefore + 1, 'one hour on an hourly schedule is one run');
  });
});
