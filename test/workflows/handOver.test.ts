/**
 * The hand-over protocol between the Event Grid trigger and a VNet's one reconcile instance, on the local
 * host (which drops events exactly where Azure does): duplicate and out-of-order deliveries coalesce into
 * one effective pass, and an event raised while the instance is completing is not lost. Races are made
 * deterministic with the emulator's request holds and the host's episode holds and paused virtual clock.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { labSubscriptionId } from '../../local/scenarios/londonMadrid.js';
import { vnetInstanceId } from '../../src/domain/instanceKeys.js';
import type { PassDetails } from '../../src/workflows/reconcile/passRecord.js';
import { QUIET_MS } from '../../src/workflows/reconcile/reconcileVnet.js';
import { vnetId } from '../arm/support/armTestKit.js';
import { EVENTGRID_KEY, startKeeperStack, stopStackStorage, type KeeperStack } from '../e2e/support/keeperStack.js';

after(() => stopStackStorage());

const london = vnetId('rg-london', 'vnet-london', labSubscriptionId);
const madrid = vnetId('rg-madrid', 'vnet-madrid', labSubscriptionId);

async function peerLab(stack: KeeperStack): Promise<void> {
  const net = stack.portal(labSubscriptionId);
  await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg-london', 'vnet-london', 'london-to-madrid', { remoteVirtualNetwork: { id: madrid } });
  await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg-madrid', 'vnet-madrid', 'madrid-to-london', { remoteVirtualNetwork: { id: london } });
  await stack.until('the pair adopted', async () => (await stack.passes(madrid)).some((p) => ((p.details as PassDetails | undefined)?.adopted ?? []).length > 0));
  await stack.settled(madrid);
  await stack.settled(london);
}

async function addPrefix(stack: KeeperStack, prefix: string): Promise<string> {
  const net = stack.portal(labSubscriptionId);
  const seq = await stack.activitySeq();
  const vnet = await net.virtualNetworks.get('rg-london', 'vnet-london');
  await net.virtualNetworks.beginCreateOrUpdateAndWait('rg-london', 'vnet-london', { ...vnet, addressSpace: { addressPrefixes: [...(vnet.addressSpace?.addressPrefixes ?? []), prefix] } });
  const [write] = await stack.activity(seq, { operationName: 'Microsoft.Network/virtualNetworks/write', principal: 'portal' });
  return (write as { correlationId: string }).correlationId;
}

/** What Event Grid delivered for an ARM write (the events of its first delivery). */
async function deliveredEvents(stack: KeeperStack, correlationId: string): Promise<unknown[]> {
  const { deliveries } = await stack.control.waitForEventDeliveries({ correlationId });
  const delivered = deliveries.find((d) => d.outcome === 'delivered' && d.eventType === 'Notification');
  assert.ok(delivered, `an event for ${correlationId} was delivered`);
  return delivered.body as unknown[];
}

/** Posts a batch to the host's Event Grid webhook, as Event Grid does. */
async function deliver(stack: KeeperStack, events: unknown[]): Promise<number> {
  const response = await fetch(`${stack.host.baseUrl}/runtime/webhooks/eventgrid?functionName=vnetChanged&code=${EVENTGRID_KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(events),
  });
  await response.arrayBuffer();
  return response.status;
}

test('20 duplicate and out-of-order deliveries for one change: one pass makes the change, the stale event costs one pass with no write', async (t) => {
  const stack = await startKeeperStack({ scenario: 'london-madrid' });
  t.after(() => stack.close());
  await peerLab(stack);
  const older = await deliveredEvents(stack, (await stack.activity(0, { operationName: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write', principal: 'portal' }))[0]?.correlationId ?? '');

  const { appPrincipalId } = await stack.control.principals();
  const hold = await stack.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
  await stack.control.resetCalls();
  const correlationId = await addPrefix(stack, '10.3.0.0/16');
  await stack.control.waitUntilHeld(hold.id);
  const [change] = await deliveredEvents(stack, correlationId);
  // Event Grid's at-least-once delivery while the pass is busy: 14 copies of the change (one batch of 5,
  // 9 alone), and 5 copies of the older peering event arriving after it.
  const statuses = await Promise.all([
    deliver(stack, [change, change, change, change, change]),
    ...Array.from({ length: 9 }, () => deliver(stack, [change])),
    ...Array.from({ length: 5 }, () => deliver(stack, older)),
  ]);
  assert.deepEqual([...new Set(statuses)], [202], 'every delivery was handed over');
  await stack.control.releaseFault(hold.id);

  const done = await stack.settled(london);
  assert.equal(done.runtimeStatus, 'Completed');
  const ticket = `change:${(change as { id: string }).id}`;
  assert.ok(done.output?.acked.includes(ticket), 'the change acknowledged');
  const passes = (await stack.passes(london)).map((p) => p.details as PassDetails);
  const afterChange = passes.slice(passes.findIndex((p) => p.changeCorrelationIds.includes(correlationId)));
  assert.deepEqual(afterChange.map((p) => [p.outcome, p.writes.length]), [['converged', 1], ['nothingToDo', 0]], 'one pass writes; the stale event\'s pass writes nothing');
  assert.deepEqual(afterChange.map((p) => p.tickets.map((t) => t.ticketId)), [[ticket], [`change:${(older[0] as { id: string }).id}`]], 'the 14 duplicates were recognised; the 5 stale copies became one ticket');
  const writes = (await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId && c.kind === 'write');
  assert.equal(writes.length, 1, 'one ARM write for 20 deliveries');
});

test('an event raised while the instance completes is not lost: the instance drops it, the protocol starts the instance again', async (t) => {
  const stack = await startKeeperStack({ scenario: 'london-madrid' });
  t.after(() => stack.close());
  await peerLab(stack);
  const id = vnetInstanceId(london);
  const admin = (path: string, method = 'POST') => fetch(`${stack.host.baseUrl}/admin/${path}`, { method }).then(async (r) => ({ status: r.status, body: (await r.json()) as { inbox?: number } }));
  await admin('clock/pause'); // the host dies with the stack: no need to resume

  // A first change: its pass ends and the instance waits its quiet moment before completing.
  const net = stack.portal(labSubscriptionId);
  await net.virtualNetworks.updateTags('rg-london', 'vnet-london', { tags: { office: 'london', note: 'first change' } });
  await stack.until('the instance closing', async () => {
    const status = await stack.instance(london);
    return status?.runtimeStatus === 'Running' && status.customStatus?.phase === 'closing';
  });
  // The quiet moment ends; the final episode runs and is held before it commits the completion.
  assert.equal((await admin(`durable/instances/${id}/hold?at=commit`)).status, 200);
  await admin(`clock/advance?ms=${QUIET_MS}`);
  assert.equal((await admin(`durable/instances/${id}/held?atCommit=true`, 'GET')).status, 200);

  // A second change arrives now: raised into the completing instance.
  const correlationId = await addPrefix(stack, '10.3.0.0/16');
  const held = await admin(`durable/instances/${id}/held?messages=2&atCommit=true`, 'GET');
  assert.deepEqual([held.status, held.body.inbox], [200, 2], 'the event waits behind the completing episode');
  await admin(`durable/instances/${id}/release`);

  const pass = await stack.passFor(london, correlationId);
  assert.deepEqual([(pass.details as PassDetails).outcome, (pass.details as PassDetails).writes.map((w) => w.kind)], ['converged', ['syncPeering']]);
  assert.match(stack.host.output(), /the instance ended \(Completed\) without the ticket; (starting it|handing it over) again/);
  const back = await net.virtualNetworkPeerings.get('rg-madrid', 'vnet-madrid', 'madrid-to-london');
  assert.equal(back.peeringSyncLevel, 'FullyInSync');
});
