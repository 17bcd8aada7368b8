/**
 * Address changes made in the "portal" (another principal than the app), end to end: Event Grid → the
 * local host → the reconcile instance → ARM (the emulator) → probe → audit trail. ARM calls are counted in
 * the emulator's call log (writes and resource reads; operation-status polls apart).
 */
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import type { CallRecord } from '../../local/arm/callLog.js';
import type { ScenarioInput } from '../../local/arm/scenario/scenarioSchema.js';
import { labSubscriptionId } from '../../local/scenarios/londonMadrid.js';
import type { PairProbeResult } from '../../src/workflows/reconcile/activityTypes.js';
import type { PassDetails } from '../../src/workflows/reconcile/passRecord.js';
import { hubAndThreeSpokes, sub1 } from '../azure/support/azureKit.js';
import { vnetId } from '../arm/support/armTestKit.js';
import { startKeeperStack, stopStackStorage, type KeeperStack } from './support/keeperStack.js';

after(() => stopStackStorage());

/** Adds `prefix` to a VNet as the portal does: GET, then PUT of the whole VNet. */
async function addPrefix(stack: KeeperStack, subscriptionId: string, group: string, name: string, prefix: string): Promise<void> {
  const net = stack.portal(subscriptionId);
  const vnet = await net.virtualNetworks.get(group, name);
  await net.virtualNetworks.beginCreateOrUpdateAndWait(group, name, { ...vnet, addressSpace: { addressPrefixes: [...(vnet.addressSpace?.addressPrefixes ?? []), prefix] } });
}

/** The London–Madrid lab on its own stack, peered both ways in the portal (the app's passes may still run). */
async function peeredLab(t: TestContext): Promise<{ stack: KeeperStack; london: string; madrid: string; net: ReturnType<KeeperStack['portal']> }> {
  const stack = await startKeeperStack({ scenario: 'london-madrid' });
  t.after(() => stack.close());
  const london = vnetId('rg-london', 'vnet-london', labSubscriptionId);
  const madrid = vnetId('rg-madrid', 'vnet-madrid', labSubscriptionId);
  const net = stack.portal(labSubscriptionId);
  await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg-london', 'vnet-london', 'london-to-madrid', { remoteVirtualNetwork: { id: madrid } });
  await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg-madrid', 'vnet-madrid', 'madrid-to-london', { remoteVirtualNetwork: { id: london } });
  return { stack, london, madrid, net };
}

/** The portal write of `operationName` on `resourceId` after `after`: its correlation id. */
async function portalWrite(stack: KeeperStack, after: number, operationName: string): Promise<string> {
  const [write] = await stack.activity(after, { operationName, principal: 'portal' });
  assert.ok(write, `the portal wrote ${operationName}`);
  return write.correlationId;
}

const PROBE_OPERATIONS = new Set(['NetworkInterfaces_ListAll', 'VirtualMachines_List', 'NetworkWatchers_ListAll', 'NetworkWatchers_CheckConnectivity']);

test('an address change on a VNet with 3 peerings: 3 syncs and 8 resource reads (the minimum), polls apart; the echoes of the app\'s own writes start no pass', async (t) => {
  const stack = await startKeeperStack({ scenario: hubAndThreeSpokes });
  t.after(() => stack.close());
  const hub = vnetId('rg1', 'hub');
  const spokes = [vnetId('rg1', 's1'), vnetId('rg1', 's2'), vnetId('rg2', 's3')];
  const { appPrincipalId } = await stack.control.principals();

  const seq = await stack.activitySeq();
  await stack.control.resetCalls();
  await addPrefix(stack, sub1, 'rg1', 'hub', '10.9.0.0/16');
  const pass = await stack.passFor(hub, await portalWrite(stack, seq, 'Microsoft.Network/virtualNetworks/write'));
  const details = pass.details as Pick<PassDetails, 'outcome' | 'writes'>;
  assert.equal(details.outcome, 'converged', pass.summary);
  assert.deepEqual(details.writes.map((w) => w.kind), ['syncPeering', 'syncPeering', 'syncPeering']);

  // Every side FullyInSync, the spokes' sides routing the new prefix.
  const net = stack.portal(sub1);
  for (const [group, name, peering] of [['rg1', 's1', 'hub-s1'], ['rg1', 's2', 'hub-s2'], ['rg2', 's3', 'hub-s3']] as const) {
    // The scenario names the way back `<spoke>-to-hub`; read it through the spoke's VNet either way.
    const back = (await net.virtualNetworks.get(group, name)).virtualNetworkPeerings?.find((p) => p.remoteVirtualNetwork?.id?.toLowerCase() === hub.toLowerCase());
    assert.deepEqual([back?.peeringSyncLevel, back?.remoteAddressSpace?.addressPrefixes], ['FullyInSync', ['10.0.0.0/16', '10.9.0.0/16']], `${name}'s side`);
    const out = (await net.virtualNetworkPeerings.get('rg1', 'hub', peering));
    assert.equal(out.peeringSyncLevel, 'FullyInSync', `hub's side to ${name}`);
  }

  // The app's own sync writes came back as Event Grid events: once delivered, no pass ran for the spokes.
  const ownWrites = await stack.activity(seq, { principal: 'app' });
  assert.equal(ownWrites.length, 3);
  for (const write of ownWrites) {
    const { deliveries } = await stack.control.waitForEventDeliveries({ correlationId: write.correlationId });
    assert.ok(deliveries.some((d) => d.outcome === 'delivered'), 'the echo reached the app');
  }
  for (const spoke of spokes) {
    assert.equal(await stack.instance(spoke), undefined, `no reconcile instance for ${spoke}`);
    assert.deepEqual(await stack.passes(spoke), []);
  }
  assert.match(stack.host.output(), /was made by the app itself \(caller 00000000-0000-0000-0000-0000000000a1\): loop guard/);

  // ARM economy: count the app's calls (the portal's own GET and PUT apart), the probe's apart.
  const calls = (await stack.control.calls()).calls.filter((c: CallRecord) => c.principalId === appPrincipalId);
  const reconcile = calls.filter((c) => !PROBE_OPERATIONS.has(c.operationId));
  const writes = reconcile.filter((c) => c.kind === 'write' || c.kind === 'delete').length;
  const reads = reconcile.filter((c) => c.kind === 'read').length;
  const polls = reconcile.filter((c) => c.kind === 'poll').length;
  const probe = calls.filter((c) => PROBE_OPERATIONS.has(c.operationId) || (c.kind === 'poll' && c.url.includes('connectivityCheck')));
  // Minimum: 3 sync PUTs; reads: the hub and its 3 remotes before planning (4), the SDK's final GET after
  // each write (3), and the hub once more to see its own 3 sides in sync (the spokes' sides came back
  // with the writes): 8.
  const minimum = { writes: 3, reads: 8 };
  t.diagnostic(`3-peering address change: ${writes} writes (minimum ${minimum.writes}), ${reads} resource reads (minimum ${minimum.reads}), ${polls} operation-status polls; probe: ${probe.length} calls (${[...new Set(probe.map((c) => c.operationId))].join(', ')})`);
  assert.ok(writes <= Math.floor(minimum.writes * 1.1), `${writes} writes`);
  assert.ok(reads <= Math.floor(minimum.reads * 1.1), `${reads} reads: ${reconcile.filter((c) => c.kind === 'read').map((c) => c.operationId).join(', ')}`);
  assert.equal(writes, minimum.writes);
});

test('a sync ARM refuses for good ends the pass with the failure, and the probe says which prefix is not synced where', async (t) => {
  const { stack, london, madrid, net } = await peeredLab(t);
  // One event each: once both instances are done, no pass of theirs can take the faults below.
  await stack.settled(madrid);
  await stack.settled(london);

  const { appPrincipalId } = await stack.control.principals();
  // Hold the app's first read, so the new prefix has a subnet and a VM before the pass looks; refuse its sync.
  const hold = await stack.control.addFault({ match: { operationId: 'VirtualNetworks_Get', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
  await stack.control.addFault({
    match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate', principalId: appPrincipalId },
    action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client has no permission to perform action Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write on vnet-madrid.' },
  });
  const seq = await stack.activitySeq();
  await addPrefix(stack, labSubscriptionId, 'rg-london', 'vnet-london', '10.3.0.0/16');
  await stack.control.waitUntilHeld(hold.id);
  await net.subnets.beginCreateOrUpdateAndWait('rg-london', 'vnet-london', 'london-2', { addressPrefix: '10.3.0.0/24' });
  await stack.arm.raw('PUT', `/subscriptions/${labSubscriptionId}/resourceGroups/rg-london/providers/Microsoft.Network/networkInterfaces/vm-london-2-nic?api-version=2024-05-01`, {
    who: 'portal',
    body: { location: 'uksouth', properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${london}/subnets/london-2` } } }] } },
  });
  await stack.arm.raw('PUT', `/subscriptions/${labSubscriptionId}/resourceGroups/rg-london/providers/Microsoft.Compute/virtualMachines/vm-london-2?api-version=2024-07-01`, {
    who: 'portal',
    body: { location: 'uksouth', properties: { hardwareProfile: { vmSize: 'Standard_B1s' }, storageProfile: { osDisk: { osType: 'Linux', createOption: 'FromImage' } }, networkProfile: { networkInterfaces: [{ id: `/subscriptions/${labSubscriptionId}/resourceGroups/rg-london/providers/Microsoft.Network/networkInterfaces/vm-london-2-nic` }] } } },
  });
  await stack.control.releaseFault(hold.id);

  const pass = await stack.passFor(london, await portalWrite(stack, seq, 'Microsoft.Network/virtualNetworks/write'));
  const details = pass.details as Pick<PassDetails, 'outcome' | 'writes'>;
  assert.equal(details.outcome, 'failed');
  assert.match(pass.error ?? '', /^AuthorizationFailed \(403\) on .*vnet-madrid\/virtualNetworkPeerings\/madrid-to-london: /);
  const probes = pass.probe as PairProbeResult[];
  const intoNewPrefix = probes[0]?.checks.find((c) => c.destinationPrefix === '10.3.0.0/16');
  assert.equal(intoNewPrefix?.destination?.address, '10.3.0.4', 'the probe targets the VM in the new prefix');
  assert.equal(intoNewPrefix?.diagnosis.cause, 'prefixNotSynced');
  assert.equal(intoNewPrefix?.diagnosis.message, 'prefix 10.3.0.0/16 of vnet-london is not synced to vnet-madrid: peering madrid-to-london still routes only 10.1.0.0/16');
  assert.match(pass.summary, /failed: AuthorizationFailed .*probe vnet-london ↔ vnet-madrid failed: .*prefix 10\.3\.0\.0\/16 of vnet-london is not synced to vnet-madrid/);
});

/** a ↔ b and b ↔ c peered; a tagged for recreate. */
const chain: ScenarioInput = {
  name: 'chain',
  subscriptions: [sub1],
  resourceGroups: [{ name: 'rg1', location: 'westeurope' }],
  virtualNetworks: [
    { resourceGroup: 'rg1', name: 'a', addressPrefixes: ['10.1.0.0/16'], tags: { 'peering-strategy': 'recreate' } },
    { resourceGroup: 'rg1', name: 'b', addressPrefixes: ['10.2.0.0/16'] },
    { resourceGroup: 'rg1', name: 'c', addressPrefixes: ['10.5.0.0/16'] },
  ],
  peerings: [
    { from: 'rg1/a', to: 'rg1/b', name: 'a-b', allowForwardedTraffic: true },
    { from: 'rg1/b', to: 'rg1/c', name: 'b-c' },
  ],
};

test('a range added in the portal that overlaps a VNet peered with the other side: reported with ARM\'s rule, nothing deleted', async (t) => {
  const stack = await startKeeperStack({ scenario: chain });
  t.after(() => stack.close());
  const a = vnetId('rg1', 'a');
  const seq = await stack.activitySeq();
  await stack.control.resetCalls();
  await addPrefix(stack, sub1, 'rg1', 'a', '10.5.128.0/17');
  const pass = await stack.passFor(a, await portalWrite(stack, seq, 'Microsoft.Network/virtualNetworks/write'));
  const details = pass.details as Pick<PassDetails, 'outcome' | 'writes' | 'findings' | 'strategy'>;
  assert.equal(details.strategy, 'recreate');
  assert.deepEqual(details.writes, []);
  const finding = details.findings.find((f) => f.code === 'AddressSpaceOverlap');
  assert.equal(
    finding?.message,
    "deleting and re-creating the peering between a and b is not possible: a's 10.5.128.0/17 overlaps 10.5.0.0/16 of c, which is already peered with b; ARM refuses it with VnetAddressSpaceOverlapsWithAlreadyPeeredVnet. Nothing was deleted or changed: remove the overlapping range from a, or the peering between b and c",
  );
  assert.match(pass.summary, /^no ARM write; adopted 2 healthy pairs|^no ARM write; adopted 1 healthy pair/);
  const { appPrincipalId } = await stack.control.principals();
  assert.deepEqual((await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId && (c.kind === 'write' || c.kind === 'delete')), []);
  const net = stack.portal(sub1);
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'a', 'a-b')).peeringState, 'Connected');
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'b', 'b-to-a')).peeringState, 'Connected');
});

test('the same overlapping range added while a pass reads (its VNet read before, the peer after): the VNet is read again, nothing deleted', async (t) => {
  const stack = await startKeeperStack({ scenario: chain });
  t.after(() => stack.close());
  const a = vnetId('rg1', 'a');
  const net = stack.portal(sub1);
  const { appPrincipalId } = await stack.control.principals();
  // The tag's pass reads a, then waits on its read of b while the portal adds a range overlapping c (peered
  // with b): from a as first read, a recreate would delete both sides and ARM would refuse to re-create them.
  const hold = await stack.control.addFault({ match: { operationId: 'VirtualNetworks_Get', pathContains: '/virtualNetworks/b', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
  const seq = await stack.activitySeq();
  await net.virtualNetworks.updateTags('rg1', 'a', { tags: { 'peering-strategy': 'recreate', owner: 'network-team' } });
  await stack.control.waitUntilHeld(hold.id);
  await addPrefix(stack, sub1, 'rg1', 'a', '10.5.128.0/17');
  await stack.control.releaseFault(hold.id);

  const tagged = (await stack.activity(seq, { principal: 'portal' }))[0] as { correlationId: string };
  const pass = await stack.passFor(a, tagged.correlationId);
  const details = pass.details as Pick<PassDetails, 'writes' | 'findings'>;
  assert.deepEqual(details.writes, [], pass.summary);
  assert.ok(details.findings.some((f) => f.code === 'AddressSpaceOverlap'), pass.summary);
  await stack.settled(a);
  const appVnetReads = (await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId && c.operationId === 'VirtualNetworks_Get' && (c.url.split('?')[0] ?? '').toLowerCase().endsWith('/virtualnetworks/a'));
  assert.ok(appVnetReads.length >= 2, 'a was read again after its peer showed the change');
  assert.deepEqual((await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId && (c.kind === 'write' || c.kind === 'delete')), []);
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'a', 'a-b')).peeringState, 'Connected');
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'b', 'b-to-a')).peeringState, 'Connected');
});

/** Creates a Linux VM with its NIC in `subnet` of a lab VNet, as the portal user. */
async function addLabVm(stack: KeeperStack, group: string, vnet: string, subnet: string, name: string, location: string): Promise<void> {
  const nic = `/subscriptions/${labSubscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/networkInterfaces/${name}-nic`;
  await stack.arm.raw('PUT', `${nic}?api-version=2024-05-01`, {
    who: 'portal',
    body: { location, properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${vnetId(group, vnet, labSubscriptionId)}/subnets/${subnet}` } } }] } },
  });
  await stack.arm.raw('PUT', `/subscriptions/${labSubscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/${name}?api-version=2024-07-01`, {
    who: 'portal',
    body: { location, properties: { hardwareProfile: { vmSize: 'Standard_B1s' }, storageProfile: { osDisk: { osType: 'Linux', createOption: 'FromImage' } }, networkProfile: { networkInterfaces: [{ id: nic }] } } },
  });
}

test('a range added while a pass reads (its VNet read before, the peer after): the recreate the peer\'s sync level asks for still probes into the new range', async (t) => {
  const { stack, london, madrid, net } = await peeredLab(t);
  await stack.until('the pair adopted', async () => (await stack.passes(madrid)).some((p) => ((p.details as PassDetails | undefined)?.adopted ?? []).length > 0));
  await stack.settled(madrid);
  await stack.settled(london);

  // The tag's pass reads Madrid, then waits on its read of London while the portal adds 10.4.0.0/16 to
  // Madrid with a subnet and a VM: it plans from Madrid as it was and London's side as it is now
  // (LocalNotInSync), as a pass in Azure can when a change lands between its two GETs.
  const { appPrincipalId } = await stack.control.principals();
  const hold = await stack.control.addFault({ match: { operationId: 'VirtualNetworks_Get', pathContains: '/virtualNetworks/vnet-london', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
  const seq = await stack.activitySeq();
  await net.virtualNetworks.updateTags('rg-madrid', 'vnet-madrid', { tags: { office: 'madrid', 'peering-strategy': 'recreate' } });
  await stack.control.waitUntilHeld(hold.id);
  await addPrefix(stack, labSubscriptionId, 'rg-madrid', 'vnet-madrid', '10.4.0.0/16');
  await net.subnets.beginCreateOrUpdateAndWait('rg-madrid', 'vnet-madrid', 'madrid-2', { addressPrefix: '10.4.0.0/24' });
  await addLabVm(stack, 'rg-madrid', 'vnet-madrid', 'madrid-2', 'vm-madrid-2', 'spaincentral');
  await stack.control.releaseFault(hold.id);

  // The tag's pass: the portal's first write after `seq`.
  const tagged = (await stack.activity(seq, { principal: 'portal' }))[0] as { correlationId: string };
  const pass = await stack.passFor(madrid, tagged.correlationId);
  const details = pass.details as Pick<PassDetails, 'outcome' | 'writes' | 'strategy'>;
  assert.deepEqual([details.strategy, details.outcome], ['recreate', 'converged'], pass.summary);
  assert.deepEqual(details.writes.map((w) => `${w.kind} ${w.result}`).sort(), ['createPeering written', 'createPeering written', 'deletePeering written', 'deletePeering written']);
  const checks = (pass.probe as PairProbeResult[])[0]?.checks ?? [];
  const intoNew = checks.find((c) => c.destinationPrefix === '10.4.0.0/16');
  assert.ok(intoNew, `a check into 10.4.0.0/16 (got ${checks.length} checks: ${pass.summary})`);
  assert.deepEqual([intoNew.sourceVnetId, intoNew.destination?.address, intoNew.passed], [london, '10.4.0.4', true]);
  const londonSide = await net.virtualNetworkPeerings.get('rg-london', 'vnet-london', 'london-to-madrid');
  assert.deepEqual(londonSide.remoteAddressSpace?.addressPrefixes, ['10.2.0.0/16', '10.4.0.0/16']);
});
