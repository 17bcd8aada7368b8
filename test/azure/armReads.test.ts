/**
 * Reads against the emulator with the real SDK: snapshots mapped to the domain, 404 as null/missing, and
 * ARM economy counted in the emulator's call log (a VNet GET carries its peerings; lists are paged).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { listVnets, readVnet, readVnetWithRemotes, readVnets } from '../../src/azure/armReads.js';
import { economy, hubAndThreeSpokes, startAzureTest, sub1, vnetId, type AzureTest } from './support/azureKit.js';

let t: AzureTest;
before(async () => {
  t = await startAzureTest();
});
after(() => t.close());
beforeEach(() => t.reset());

describe('readVnet', () => {
  test('maps a VNet with its inline peerings, subnets, tags and etag into a VnetSnapshot', async () => {
    const result = await readVnet(vnetId('rg1', 'hub'), { clients: t.clients });
    assert.ok(result.ok);
    const vnet = result.vnet;
    assert.ok(vnet);
    assert.equal(vnet.name, 'hub');
    assert.equal(vnet.location, 'westeurope');
    assert.equal(vnet.subscriptionId, sub1);
    assert.equal(vnet.resourceGroup, 'rg1');
    assert.deepEqual(vnet.addressSpace, ['10.0.0.0/16']);
    assert.deepEqual(vnet.subnets.map((s) => [s.name, s.addressPrefixes]), [['default', ['10.0.0.0/24']]]);
    assert.deepEqual(vnet.tags, { env: 'test' });
    assert.match(vnet.etag ?? '', /^W\/"/);
    assert.equal(vnet.hasGateway, false);
    assert.deepEqual(
      vnet.peerings.map((p) => [p.name, p.remoteVnetId.toLowerCase(), p.peeringState, p.peeringSyncLevel, p.provisioningState]),
      [
        ['hub-s1', vnetId('rg1', 's1').toLowerCase(), 'Connected', 'FullyInSync', 'Succeeded'],
        ['hub-s2', vnetId('rg1', 's2').toLowerCase(), 'Connected', 'FullyInSync', 'Succeeded'],
        ['hub-s3', vnetId('rg2', 's3').toLowerCase(), 'Connected', 'FullyInSync', 'Succeeded'],
      ],
    );
    const s1 = vnet.peerings[0];
    assert.deepEqual(s1?.options, { allowVirtualNetworkAccess: true, allowForwardedTraffic: false, allowGatewayTransit: false, useRemoteGateways: false });
    assert.deepEqual(s1?.remoteAddressSpace, ['10.1.0.0/16']);
    assert.deepEqual(s1?.remoteVirtualNetworkAddressSpace, ['10.1.0.0/16']);
    assert.equal(s1?.localVnetId, vnet.id);
  });

  test('a VNet that does not exist reads as null, not as a failure', async () => {
    const missingVnet = await readVnet(vnetId('rg1', 'nope'), { clients: t.clients });
    assert.deepEqual(missingVnet, { ok: true, vnet: null });
    const missingGroup = await readVnet(vnetId('no-such-rg', 'nope'), { clients: t.clients });
    assert.deepEqual(missingGroup, { ok: true, vnet: null });
  });

  test('a VNet and its 3 remotes cost exactly 4 resource reads: no per-peering GETs', async () => {
    const hub = await readVnet(vnetId('rg1', 'hub'), { clients: t.clients });
    assert.ok(hub.ok && hub.vnet);
    const remotes = await readVnets(hub.vnet.peerings.map((p) => p.remoteVnetId), { clients: t.clients });
    assert.ok(remotes.ok);
    assert.deepEqual(remotes.vnets.map((v) => v.name), ['s1', 's2', 's3']);
    const counts = await t.counts();
    assert.deepEqual(economy(counts), { writes: 0, deletes: 0, reads: 4, polls: 0 });
    assert.equal(counts.byOperation.VirtualNetworks_Get, 4);
    assert.equal(counts.byOperation.VirtualNetworkPeerings_Get, undefined);
  });
});

describe('readVnetWithRemotes', () => {
  test('the VNet, its peered remotes and the remotes of desired pairs without a side yet; gone remotes apart', async () => {
    const result = await readVnetWithRemotes(vnetId('rg1', 's1'), { clients: t.clients, alsoRead: [vnetId('rg1', 's2'), vnetId('rg1', 'gone'), vnetId('rg1', 'HUB')] });
    assert.ok(result.ok);
    assert.equal(result.vnet?.name, 's1');
    assert.deepEqual(result.remotes.map((v) => v.name), ['hub', 's2']);
    assert.deepEqual(result.missing, [vnetId('rg1', 'gone')]);
    assert.deepEqual(economy(await t.counts()), { writes: 0, deletes: 0, reads: 4, polls: 0 });
  });

  test('hub and its 3 remotes: exactly 4 resource reads', async () => {
    const result = await readVnetWithRemotes(vnetId('rg1', 'hub'), { clients: t.clients });
    assert.ok(result.ok);
    assert.deepEqual(result.remotes.map((v) => v.name), ['s1', 's2', 's3']);
    assert.equal((await t.counts()).byOperation.VirtualNetworks_Get, 4);
  });
});

describe('readVnets', () => {
  test('reads in parallel, de-duplicates ids case-insensitively and reports missing ids apart', async () => {
    const ids = [vnetId('rg1', 's1'), vnetId('rg1', 'S1').toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'), vnetId('rg1', 'gone'), vnetId('rg2', 's3')];
    const result = await readVnets(ids, { clients: t.clients, concurrency: 2 });
    assert.ok(result.ok);
    assert.deepEqual(result.vnets.map((v) => v.name), ['s1', 's3']);
    assert.deepEqual(result.missing, [vnetId('rg1', 'gone')]);
    assert.equal((await t.counts()).byOperation.VirtualNetworks_Get, 3);
  });

  test('one VNet that cannot be read fails the whole read with the permanent failure first', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get', pathContains: '/s2' }, action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read on s2' } });
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get', pathContains: '/s3' }, action: { type: 'status', status: 409, code: 'AnotherOperationInProgress', message: 'busy' } });
    const result = await readVnets([vnetId('rg1', 's1'), vnetId('rg1', 's2'), vnetId('rg2', 's3')], { clients: t.clients });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.failure.code, 'AuthorizationFailed');
    assert.equal(result.failure.kind, 'permanent');
    assert.equal(result.failure.target, vnetId('rg1', 's2'));
  });
});

describe('listVnets', () => {
  test('pages through a subscription (nextLink), peerings inline, one list call per page and nothing else', async () => {
    const virtualNetworks = Array.from({ length: 250 }, (_, i) => ({ resourceGroup: 'rg1', name: `v${String(i).padStart(3, '0')}`, addressPrefixes: [`10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`] }));
    await t.reset({
      name: 'many',
      subscriptions: [sub1],
      resourceGroups: [{ name: 'rg1', location: 'westeurope' }],
      virtualNetworks,
      peerings: [{ from: 'rg1/v000', to: 'rg1/v249', name: 'first-last' }],
    });
    const pageSizes: number[] = [];
    const result = await listVnets(sub1, { clients: t.clients, onPage: (page) => void pageSizes.push(page.length) });
    assert.ok(result.ok);
    assert.equal(result.count, 250);
    assert.equal(result.vnets.length, 250);
    assert.deepEqual(pageSizes, [100, 100, 50]);
    assert.equal(result.pages, 3);
    const first = result.vnets.find((v) => v.name === 'v000');
    assert.deepEqual(first?.peerings.map((p) => [p.name, p.peeringState]), [['first-last', 'Connected']]);
    const counts = await t.counts();
    assert.deepEqual(economy(counts), { writes: 0, deletes: 0, reads: 3, polls: 0 });
    assert.equal(counts.byOperation.VirtualNetworks_ListAll, 3);
  });

  test('keep: false streams pages without holding them', async () => {
    let seen = 0;
    const result = await listVnets(sub1, { clients: t.clients, keep: false, onPage: (page) => void (seen += page.length) });
    assert.ok(result.ok);
    assert.equal(result.vnets.length, 0);
    assert.equal(result.count, hubAndThreeSpokes.virtualNetworks?.filter((v) => v.subscription === undefined).length);
    assert.equal(seen, result.count);
  });
});
