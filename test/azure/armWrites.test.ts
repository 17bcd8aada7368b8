/**
 * Writes against the emulator with the real SDK: peering PUT (create, sync) and DELETE waiting for their
 * operations, the whole-VNet address-space PUT with If-Match (412 → re-read → retry; subnets, peerings and
 * tags survive), and the planner's steps executed by kind, with the ARM calls counted.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { readVnet, readVnets } from '../../src/azure/armReads.js';
import { changeAddressSpace, deletePeering, putPeering } from '../../src/azure/armWrites.js';
import { executeWriteStep, executeWriteSteps } from '../../src/azure/executeWriteStep.js';
import { desiredPair } from '../../src/domain/desired.js';
import { DEFAULT_PEERING_OPTIONS } from '../../src/domain/model.js';
import { planVnet, planWrites } from '../../src/domain/plan.js';
import { economy, startAzureTest, sub1, vnetId, type AzureTest } from './support/azureKit.js';

let t: AzureTest;
before(async () => {
  t = await startAzureTest();
});
after(() => t.close());
beforeEach(() => t.reset());

const hub = vnetId('rg1', 'hub');
const s1 = vnetId('rg1', 's1');
const s2 = vnetId('rg1', 's2');

describe('putPeering', () => {
  test('creates both sides of a pair: Initiated, then Connected; the receipt carries the write’s correlation id', async () => {
    const first = await putPeering({ localVnetId: s1, name: 's1-s2', remoteVnetId: s2, options: { ...DEFAULT_PEERING_OPTIONS, allowForwardedTraffic: true } }, { clients: t.clients });
    assert.ok(first.ok);
    assert.deepEqual([first.peering.peeringState, first.peering.provisioningState], ['Initiated', 'Succeeded']);
    assert.equal(first.peering.options.allowForwardedTraffic, true);
    const second = await putPeering({ localVnetId: s2, name: 's2-s1', remoteVnetId: s1, options: DEFAULT_PEERING_OPTIONS }, { clients: t.clients });
    assert.ok(second.ok);
    assert.equal(second.peering.peeringState, 'Connected');
    const calls = await t.calls();
    const writes = calls.filter((c) => c.kind === 'write');
    assert.deepEqual(writes.map((c) => c.correlationId), [first.arm.correlationId, second.arm.correlationId]);
    assert.ok(first.arm.requestId);
    const s1Now = await readVnet(s1, { clients: t.clients });
    assert.ok(s1Now.ok);
    assert.equal(s1Now.vnet?.peerings.find((p) => p.name === 's1-s2')?.peeringState, 'Connected');
  });

  test('a sync step sends syncRemoteAddressSpace=true and the side takes the resized VNet’s space', async () => {
    const resized = await changeAddressSpace(hub, { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients });
    assert.ok(resized.ok && resized.changed);
    const before = await readVnet(s1, { clients: t.clients });
    const side = before.ok ? before.vnet?.peerings[0] : undefined;
    assert.equal(side?.peeringSyncLevel, 'LocalNotInSync');
    await t.arm.emulator.control.resetCalls();
    const synced = await putPeering({ localVnetId: s1, name: side?.name ?? '', remoteVnetId: hub, options: side?.options ?? DEFAULT_PEERING_OPTIONS, sync: true }, { clients: t.clients });
    assert.ok(synced.ok);
    assert.equal(synced.peering.peeringSyncLevel, 'FullyInSync');
    assert.deepEqual([...synced.peering.remoteAddressSpace].sort(), ['10.0.0.0/16', '10.10.0.0/16']);
    const [write] = (await t.calls()).filter((c) => c.kind === 'write');
    assert.match(write?.url ?? '', /[?&]syncRemoteAddressSpace=true(&|$)/);
  });
});

describe('deletePeering', () => {
  test('deletes a side and waits; deleting it again is done already (404 = done), not a failure', async () => {
    const id = `${hub}/virtualNetworkPeerings/hub-s1`;
    const first = await deletePeering(id, { clients: t.clients });
    assert.ok(first.ok);
    assert.equal(first.deleted, true);
    assert.ok(first.arm.correlationId);
    const again = await deletePeering(id, { clients: t.clients });
    assert.ok(again.ok);
    assert.equal(again.deleted, false);
    const s1Now = await readVnet(s1, { clients: t.clients });
    assert.equal(s1Now.ok && s1Now.vnet?.peerings[0]?.peeringState, 'Disconnected');
  });
});

describe('changeAddressSpace', () => {
  test('whole-VNet PUT: subnets, peerings and tags survive; a second run writes nothing', async () => {
    const result = await changeAddressSpace(hub, { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients });
    assert.ok(result.ok);
    assert.deepEqual([result.changed, result.attempts], [true, 1]);
    assert.deepEqual(result.vnet.addressSpace, ['10.0.0.0/16', '10.10.0.0/16']);
    assert.deepEqual(result.vnet.subnets.map((s) => s.name), ['default']);
    assert.deepEqual(result.vnet.peerings.map((p) => p.name), ['hub-s1', 'hub-s2', 'hub-s3']);
    assert.deepEqual(result.vnet.tags, { env: 'test' });
    assert.ok(result.arm.correlationId);
    await t.arm.emulator.control.resetCalls();
    const again = await changeAddressSpace(hub, { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients });
    assert.ok(again.ok);
    assert.equal(again.changed, false);
    assert.deepEqual(economy(await t.counts()), { writes: 0, deletes: 0, reads: 1, polls: 0 });
  });

  test('removes a prefix (compared canonically) and keeps the rest', async () => {
    assert.ok((await changeAddressSpace(hub, { add: ['10.10.0.0/16', '10.11.0.0/16'], remove: [] }, { clients: t.clients })).ok);
    const result = await changeAddressSpace(hub, { add: [], remove: ['10.10.0.0/16'] }, { clients: t.clients });
    assert.ok(result.ok);
    assert.deepEqual(result.vnet.addressSpace, ['10.0.0.0/16', '10.11.0.0/16']);
  });

  test('412 when someone wrote between GET and PUT: reads again, re-applies, and keeps their change', async () => {
    const control = t.arm.emulator.control;
    const { appPrincipalId } = await control.principals();
    const hold = await control.addFault({ match: { operationId: 'VirtualNetworks_CreateOrUpdate', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
    const change = changeAddressSpace(hub, { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients });
    await control.waitUntilHeld(hold.id, 1);
    await t.arm.network({ who: 'portal' }).virtualNetworks.updateTags('rg1', 'hub', { tags: { env: 'test', owner: 'portal' } });
    await control.releaseFault(hold.id);
    const result = await change;
    assert.ok(result.ok);
    assert.equal(result.attempts, 2);
    assert.deepEqual(result.vnet.tags, { env: 'test', owner: 'portal' });
    assert.deepEqual(result.vnet.addressSpace, ['10.0.0.0/16', '10.10.0.0/16']);
    const puts = (await t.calls()).filter((c) => c.operationId === 'VirtualNetworks_CreateOrUpdate').map((c) => c.status);
    assert.deepEqual(puts, [412, 200]);
  });

  test('412 every time: gives up after maxAttempts with a transient PreconditionFailed', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_CreateOrUpdate' }, action: { type: 'status', status: 412, code: 'PreconditionFailed' } });
    const result = await changeAddressSpace(hub, { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients, maxAttempts: 2 });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.code, result.failure.kind, result.failure.target], ['PreconditionFailed', 'transient', hub]);
    assert.equal((await t.counts()).byOperation.VirtualNetworks_CreateOrUpdate, 2);
  });

  test('legacy ARM (no resize while peered): a permanent VnetAddressSpaceCannotChangeDueToPeerings, nothing changed', async () => {
    await t.arm.emulator.control.updateSettings({ legacyAddressSpace: true });
    try {
      const result = await changeAddressSpace(hub, { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients });
      assert.ok(!result.ok);
      assert.deepEqual([result.failure.code, result.failure.kind, result.failure.target], ['VnetAddressSpaceCannotChangeDueToPeerings', 'permanent', hub]);
      const after = await readVnet(hub, { clients: t.clients });
      assert.deepEqual(after.ok && after.vnet?.addressSpace, ['10.0.0.0/16']);
    } finally {
      await t.arm.emulator.control.updateSettings({ legacyAddressSpace: false });
    }
  });

  test('a VNet that does not exist is a permanent failure naming it', async () => {
    const result = await changeAddressSpace(vnetId('rg1', 'nope'), { add: ['10.10.0.0/16'], remove: [] }, { clients: t.clients });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.status, result.failure.kind, result.failure.target], [404, 'permanent', vnetId('rg1', 'nope')]);
  });
});

describe('executeWriteStep(s) with the planner’s steps', () => {
  test('address change on a VNet with 3 peerings (sync): 1 VNet PUT + 3 peering syncs, all FullyInSync; calls counted', async () => {
    const read = await readVnet(hub, { clients: t.clients });
    assert.ok(read.ok && read.vnet);
    const remotes = await readVnets(read.vnet.peerings.map((p) => p.remoteVnetId), { clients: t.clients });
    assert.ok(remotes.ok);
    await t.arm.emulator.control.resetCalls();

    const desired = read.vnet.peerings.map((p) => desiredPair({ vnetId: hub, name: p.name }, { vnetId: p.remoteVnetId, name: `${p.remoteVnetId.split('/').at(-1)}-to-hub` }, 'remembered'));
    const plan = planVnet({ vnetId: hub, desired, snapshots: [read.vnet, ...remotes.vnets], strategy: 'sync', addressChange: { add: ['10.10.0.0/16'] } });
    assert.deepEqual(planWrites(plan).map((w) => w.kind), ['updateAddressSpace', 'syncPeering', 'syncPeering', 'syncPeering']);

    // The address change runs first (it needs fresh state: GET → PUT), then the syncs re-read nothing.
    for (const phase of plan.phases) {
      const results = await executeWriteSteps(phase.writes, { clients: t.clients, maxParallel: 8 });
      assert.ok(results.every((r) => r.result.ok), JSON.stringify(results));
    }
    const after = await readVnets([hub, ...remotes.vnets.map((v) => v.id)], { clients: t.clients });
    assert.ok(after.ok);
    for (const vnet of after.vnets) for (const side of vnet.peerings) assert.equal(side.peeringSyncLevel, 'FullyInSync', `${vnet.name}/${side.name}`);
    const counts = await t.counts();
    // Writes: 1 VNet PUT + 3 peering PUTs. Resource reads: the address change's GET, one final GET per
    // write (the SDK re-reads the resource after Azure-AsyncOperation says Succeeded), and the 4 verifying GETs.
    assert.deepEqual(economy(counts), { writes: 4, deletes: 0, reads: 1 + 4 + 4, polls: counts.byKind.poll });
    assert.equal(counts.byKind.poll, 4, 'one status poll per write in the fast profile');
  });

  test('a Disconnected side is repaired as planned: delete, then both sides created', async () => {
    const deleted = await t.arm.raw('DELETE', `${s1}/virtualNetworkPeerings/s1-to-hub`, { who: 'portal' });
    assert.equal(deleted.status, 202);
    const snapshots = await readVnets([hub, s1], { clients: t.clients });
    assert.ok(snapshots.ok);
    const desired = [desiredPair({ vnetId: hub, name: 'hub-s1' }, { vnetId: s1, name: 's1-to-hub' }, 'remembered')];
    const plan = planVnet({ vnetId: hub, desired, snapshots: snapshots.vnets, strategy: 'sync' });
    assert.deepEqual(planWrites(plan).map((w) => w.kind), ['deletePeering', 'createPeering', 'createPeering']);
    await t.arm.emulator.control.resetCalls();
    const outcomes = [];
    for (const step of planWrites(plan)) {
      const result = await executeWriteStep(step, { clients: t.clients });
      assert.ok(result.ok, JSON.stringify(result));
      outcomes.push(result.outcome);
    }
    assert.deepEqual(outcomes.map((o) => [o.kind, o.effect]), [['deletePeering', 'written'], ['createPeering', 'written'], ['createPeering', 'written']]);
    assert.equal(outcomes[2]?.peering?.peeringState, 'Connected');
    assert.deepEqual(economy(await t.counts()), { writes: 2, deletes: 1, reads: 2, polls: 3 });
  });

  test('steps sharing a VNet (written or referenced) run one at a time: no 409 or ReferencedResourceNotProvisioned', async () => {
    await t.arm.emulator.control.updateSettings({ operationLatencyMs: { 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write': 30 } });
    try {
      const read = await readVnets([s1, s2, vnetId('rg2', 's3')], { clients: t.clients });
      assert.ok(read.ok);
      const desired = [desiredPair({ vnetId: s1, name: 's1-s2' }, { vnetId: s2, name: 's2-s1' }, 'request'), desiredPair({ vnetId: s1, name: 's1-s3' }, { vnetId: vnetId('rg2', 's3'), name: 's3-s1' }, 'request')];
      // All writes of the plan in one batch (the planner would phase them; the batch must serialise per VNet itself).
      const steps = planWrites(planVnet({ vnetId: s1, desired, snapshots: read.vnets, strategy: 'sync' }));
      const onS1 = steps.filter((s) => s.lockVnetId === s1);
      assert.equal(onS1.length, 2, 'two writes lock s1');
      const results = await executeWriteSteps(steps, { clients: t.clients, maxParallel: 8 });
      assert.ok(results.every((r) => r.result.ok), JSON.stringify(results.filter((r) => !r.result.ok)));
      assert.deepEqual(results.map((r) => r.stepId), steps.map((s) => s.stepId));
      const refused = (await t.calls()).filter((c) => c.status >= 400);
      assert.deepEqual(refused, []);
      const s1Now = await readVnet(s1, { clients: t.clients });
      assert.deepEqual(s1Now.ok && s1Now.vnet?.peerings.filter((p) => p.name !== 's1-to-hub').map((p) => [p.name, p.peeringState]), [['s1-s2', 'Connected'], ['s1-s3', 'Connected']]);
    } finally {
      await t.arm.emulator.control.updateSettings({ operationLatencyMs: { 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write': 0 } });
    }
  });

  test('steps on different VNets are in flight at the same time (both held by the emulator at once)', { timeout: 30_000 }, async () => {
    await t.reset({
      name: 'four-unpeered',
      subscriptions: [sub1],
      resourceGroups: [{ name: 'rg1', location: 'westeurope' }],
      virtualNetworks: ['a', 'b', 'c', 'd'].map((name, i) => ({ resourceGroup: 'rg1', name, addressPrefixes: [`10.${20 + i}.0.0/16`] })),
    });
    const control = t.arm.emulator.control;
    const held = await Promise.all(
      ['/a/virtualNetworkPeerings/', '/c/virtualNetworkPeerings/'].map((path) => control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate', pathContains: path }, action: { type: 'hold' }, times: 1 })),
    );
    const read = await readVnets(['a', 'b', 'c', 'd'].map((n) => vnetId('rg1', n)), { clients: t.clients });
    assert.ok(read.ok);
    const firstWrite = (local: string, remote: string) =>
      planWrites(planVnet({ vnetId: vnetId('rg1', local), desired: [desiredPair({ vnetId: vnetId('rg1', local) }, { vnetId: vnetId('rg1', remote) }, 'request')], snapshots: read.vnets, strategy: 'sync' }))[0];
    const steps = [firstWrite('a', 'b'), firstWrite('c', 'd')];
    assert.deepEqual(steps.map((s) => s?.lockVnetId.split('/').at(-1)), ['a', 'c']);
    const batch = executeWriteSteps(steps.filter((s) => s !== undefined), { clients: t.clients, maxParallel: 2 });
    // Resolves only if both requests are held at the same time: they were sent in parallel (a serial
    // executor would never send the second, and the test would time out).
    await Promise.all(held.map((rule) => control.waitUntilHeld(rule.id, 1)));
    await Promise.all(held.map((rule) => control.releaseFault(rule.id)));
    const results = await batch;
    assert.deepEqual(results.map((r) => r.result.ok), [true, true]);
  });
});
