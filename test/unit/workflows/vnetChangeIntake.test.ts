/**
 * What the Event Grid intake hands over and what it drops (with its reason), on the documented event
 * samples: only VNet and peering changes in scope reach a reconcile instance; a malformed event is dropped
 * (redelivery cannot fix it). The client must not be called for anything dropped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { takeVnetEvents } from '../../../src/workflows/intake/vnetChangeIntake.js';

const fixture = (name: string): unknown[] => JSON.parse(readFileSync(new URL(`../../../../test/fixtures/events/${name}`, import.meta.url), 'utf8')) as unknown[];
const untouchable = new Proxy({}, { get: (_, name) => () => assert.fail(`the durable client was called (${String(name)})`) }) as DurableClient;
const log = { lines: [] as string[], info(m: string) { this.lines.push(m); }, warn(m: string) { this.lines.push(m); } };

describe('Event Grid intake: what is dropped before any hand-over', () => {
  let saved: string | undefined;
  before(() => {
    saved = process.env.SCOPE_SUBSCRIPTIONS;
    process.env.SCOPE_SUBSCRIPTIONS = '22222222-2222-2222-2222-222222222222';
  });
  after(() => {
    if (saved === undefined) delete process.env.SCOPE_SUBSCRIPTIONS;
    else process.env.SCOPE_SUBSCRIPTIONS = saved;
  });

  it('ignores a subnet write and a storage write, each with its reason', async () => {
    const outcomes = await takeVnetEvents([...fixture('subnet-write.eventgrid.json'), ...fixture('docs-storage-write.eventgrid.json')], untouchable, log);
    assert.deepEqual(outcomes.map((o) => o.handled), ['ignored', 'ignored']);
    assert.match(outcomes[0]?.handled === 'ignored' ? outcomes[0].reason : '', /subnet changes do not affect peerings/);
  });

  it('ignores a VNet change in a subscription outside SCOPE_SUBSCRIPTIONS', async () => {
    const [outcome] = await takeVnetEvents(fixture('vnet-write.eventgrid.json'), untouchable, log);
    assert.deepEqual(outcome?.handled === 'ignored' ? outcome.reason : outcome, '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-lab/providers/Microsoft.Network/virtualNetworks/London is in subscription 11111111-1111-1111-1111-111111111111, outside SCOPE_SUBSCRIPTIONS: the app does not act on it');
  });

  it('drops a malformed event with the reason', async () => {
    const [outcome] = await takeVnetEvents([{ id: 'x', eventType: 'Microsoft.Resources.ResourceWriteSuccess' }], untouchable, log);
    assert.equal(outcome?.handled, 'malformed');
  });
});
