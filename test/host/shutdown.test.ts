import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FixtureHost } from './fixtureHost.js';
import { call, startFixtureHost } from './fixtureHost.js';

describe('local host: shutdown', () => {
  let app: FixtureHost | undefined;
  after(() => app?.dispose());

  it('stops cleanly on SIGTERM: it says so, stops listening and exits', async () => {
    app = await startFixtureHost('basic');
    assert.equal((await call(`${app.host.baseUrl}/api/hello/x`)).status, 200);
    await app.host.stop();
    assert.match(app.host.output(), /SIGTERM: stopping the Functions host\./);
    assert.throws(() => process.kill(app?.host.pid as number, 0), /ESRCH/);
    await assert.rejects(fetch(`${app.host.baseUrl}/api/hello/x`));
  });
});
