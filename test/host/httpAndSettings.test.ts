import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FixtureHost } from './fixtureHost.js';
import { call, startFixtureHost } from './fixtureHost.js';

describe('local host: HTTP triggers, keys and settings (fixture app "basic")', () => {
  let app: FixtureHost;
  let base: string;
  after(() => app?.dispose());
  before(async () => {
    app = await startFixtureHost('basic', { env: { OVERRIDDEN: 'from the environment' } });
    base = app.host.baseUrl;
  });

  it('lists the functions with their URLs like func start, then the listening line', () => {
    const output = app.host.output();
    assert.match(output, new RegExp(`hello: \\[GET\\] ${base}/api/hello/\\{name\\}`));
    assert.match(output, /onEvent: eventGridTrigger .*\/runtime\/webhooks\/eventgrid\?functionName=onEvent/);
    assert.match(output, /tick: timerTrigger/);
    assert.match(output, new RegExp(`Functions host listening on ${base}\\n`));
  });

  it('serves an anonymous route with its parameters and query', async () => {
    const response = await call(`${base}/api/hello/world?lang=en`);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { hello: 'world', lang: 'en' });
  });

  it('answers 404 for a method the route does not allow, as Azure does', async () => {
    assert.equal((await call(`${base}/api/hello/world`, { method: 'POST' })).status, 404);
  });

  it('refuses a function-level route without a key, or with a wrong one', async () => {
    const none = await call(`${base}/api/secret`);
    assert.equal(none.status, 401);
    assert.match(none.text, /function 'secret' has authLevel 'function'/);
    assert.equal((await call(`${base}/api/secret`, { headers: { 'x-functions-key': 'wrong' } })).status, 401);
    assert.equal((await call(`${base}/api/secret?code=wrong`)).status, 401);
  });

  it('serves a function-level route with the FUNCTIONS_KEY in the header or the code query', async () => {
    const byHeader = await call(`${base}/api/secret`, { method: 'POST', body: 'payload', headers: { 'x-functions-key': 'fixture-function-key' } });
    assert.equal(byHeader.status, 200);
    assert.equal(byHeader.text, 'secret ok: POST payload');
    assert.equal((await call(`${base}/api/secret?code=fixture-function-key`)).status, 200);
  });

  it('loads local.settings.json into the environment, the environment winning, and sets WEBSITE_HOSTNAME', async () => {
    const response = await call(`${base}/api/settings`);
    assert.deepEqual(response.body, {
      greeting: 'hello from local.settings.json',
      overridden: 'from the environment',
      websiteHostname: `127.0.0.1:${app.host.port}`,
    });
  });

  it('resolves %Name% binding expressions from the settings', async () => {
    const tick = await call(`${base}/admin/functions/tick`);
    assert.equal(tick.status, 200);
    const bindings = Object.values((tick.body as { bindings: Record<string, { type: string; schedule?: string }> }).bindings);
    assert.equal(bindings.find((b) => b.type === 'timerTrigger')?.schedule, '0 0 * * * *');
  });

  it('refuses a function whose %Name% expression has no setting, naming it, and runs the others', async () => {
    assert.match(app.host.output(), /The function 'broken' is in error and will not run: .*'%NO_SUCH_SETTING%' does not resolve to a value/);
    assert.equal((await call(`${base}/admin/functions/broken`)).status, 404);
  });
});
