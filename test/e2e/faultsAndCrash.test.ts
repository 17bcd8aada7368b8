/**
 * ARM misbehaving and the host dying, end to end: throttling and the VNet lock are waited out on durable
 * timers until the change converges; a host SIGKILLed between deleting a pair and re-creating it finishes
 * the job from its journal when it comes back, with the options the pair had.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { labSubscriptionId } from '../../local/scenarios/londonMadrid.js';
import type { PassDetails } from '../../src/workflows/reconcile/passRecord.js';
import { vnetId } from '../arm/support/armTestKit.js';
import { startKeeperStack, stopStackStorage, type KeeperStack } from './support/keeperStack.js';

after(() => stopStackStorage());

const london = vnetId('rg-london', 'vnet-london', labSubscriptionId);
const madrid = vnetId('rg-madrid', 'vnet-madrid', labSubscriptionId);

/** Peers the lab's two VNets as the portal user (London's side forwards traffic) and waits for the app to adopt the pair. */
async function peerLab(stack: KeeperStack): Promise<void> {
  const net = stack.portal(labSubscriptionId);
  await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg-london', 'vnet-london', 'london-to-madrid', { remoteVirtualNetwork: { id: madrid }, allowForwardedTraffic: true });
  await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg-madrid', 'vnet-madrid', 'madrid-to-london', { remoteVirtualNetwork: { id: london } });
  await stack.until('the pair adopted', async () => (await stack.passes(madrid)).some((p) => ((p.details as PassDetails | undefined)?.adopted ?? []).length > 0));
  await stack.settled(madrid);
  await stack.settled(london);
}

async function addPrefix(stack: KeeperStack, group: string, name: string, prefix: string): Promise<string> {
  const net = stack.portal(labSubscriptionId);
  const seq = await stack.activitySeq();
  const vnet = await net.virtualNetworks.get(group, name);
  await net.virtualNetworks.beginCreateOrUpdateAndWait(group, name, { ...vnet, addressSpace: { addressPrefixes: [...(vnet.addressSpace?.addressPrefixes ?? []), prefix] } });
  const [write] = await stack.activity(seq, { operationName: 'Microsoft.Network/virtualNetworks/write', principal: 'portal' });
  return (write as { correlationId: string }).correlationId;
}

test('429 five times and 409 AnotherOperationInProgress on the sync: waited out on durable timers, the change converges', async (t) => {
  const stack = await startKeeperStack({ scenario: 'london-madrid' });
  t.after(() => stack.close());
  await peerLab(stack);
  const { appPrincipalId } = await stack.control.principals();
  const match = { operationId: 'VirtualNetworkPeerings_CreateOrUpdate', principalId: appPrincipalId };
  await stack.control.addFault({ match, action: { type: 'status', status: 429, code: 'TooManyRequests', retryAfterMs: 20 }, times: 5 });
  await stack.control.addFault({ match, action: { type: 'status', status: 409, code: 'AnotherOperationInProgress', message: 'Operation PutVirtualNetworkPeeringOperation is in progress on vnet-madrid.' }, times: 1 });
  await stack.control.resetCalls();

  const pass = await stack.passFor(london, await addPrefix(stack, 'rg-london', 'vnet-london', '10.3.0.0/16'));
  const details = pass.details as Pick<PassDetails, 'outcome' | 'writes'>;
  assert.equal(details.outcome, 'converged', pass.summary);
  assert.equal(details.writes.length, 1);
  assert.ok((details.writes[0]?.attempts ?? 0) >= 2, `the sync took several attempts (${details.writes[0]?.attempts})`);
  const refused = (await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId && c.operationId === match.operationId).map((c) => c.status);
  assert.deepEqual(refused, [429, 429, 429, 429, 429, 409, 200]);
  const back = await stack.portal(labSubscriptionId).virtualNetworkPeerings.get('rg-madrid', 'vnet-madrid', 'madrid-to-london');
  assert.deepEqual([back.peeringState, back.peeringSyncLevel, back.remoteAddressSpace?.addressPrefixes], ['Connected', 'FullyInSync', ['10.1.0.0/16', '10.3.0.0/16']]);
});

test('host SIGKILLed while ARM holds the first re-create PUT: restarted, it finishes delete → re-create with the pair\'s options', async (t) => {
  const stack = await startKeeperStack({ scenario: 'london-madrid' });
  t.after(() => stack.close());
  await peerLab(stack);
  const net = stack.portal(labSubscriptionId);
  const tagged = await stack.activitySeq();
  await net.virtualNetworks.updateTags('rg-madrid', 'vnet-madrid', { tags: { office: 'madrid', 'peering-strategy': 'recreate' } });
  // The tag's own pass first (nothing to do), so it cannot be the one that sees the address change.
  await stack.passFor(madrid, ((await stack.activity(tagged, { principal: 'portal' }))[0] as { correlationId: string }).correlationId);

  const { appPrincipalId } = await stack.control.principals();
  const hold = await stack.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
  const seq = await stack.activitySeq();
  const correlationId = await addPrefix(stack, 'rg-madrid', 'vnet-madrid', '10.4.0.0/16');
  await stack.control.waitUntilHeld(hold.id);
  const before = await stack.activity(seq, { principal: 'app' });
  assert.deepEqual(before.map((r) => r.operationName), ['Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete'], 'both sides deleted, none re-created yet');

  await stack.restartHost();
  await stack.control.releaseFault(hold.id);

  const pass = await stack.passFor(madrid, correlationId);
  const details = pass.details as Pick<PassDetails, 'outcome' | 'writes' | 'strategy'>;
  assert.deepEqual([details.strategy, details.outcome], ['recreate', 'converged'], pass.summary);
  assert.deepEqual(details.writes.map((w) => `${w.kind} ${w.result}`), ['deletePeering written', 'deletePeering written', 'createPeering written', 'createPeering written']);
  const londonSide = await net.virtualNetworkPeerings.get('rg-london', 'vnet-london', 'london-to-madrid');
  const madridSide = await net.virtualNetworkPeerings.get('rg-madrid', 'vnet-madrid', 'madrid-to-london');
  assert.deepEqual([londonSide.peeringState, londonSide.allowForwardedTraffic, londonSide.remoteAddressSpace?.addressPrefixes], ['Connected', true, ['10.2.0.0/16', '10.4.0.0/16']]);
  assert.deepEqual([madridSide.peeringState, madridSide.allowForwardedTraffic], ['Connected', false]);
  assert.match(stack.host.output(), /Durable engine resumed [1-9]/);
});
