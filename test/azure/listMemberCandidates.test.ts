/**
 * The lists a reconcile pass makes to find a VNet's tag / resource-group co-members, against the emulator
 * with the real SDK: one paged list per resource group or subscription, never a GET per VNet (counted in the
 * emulator's call log); a missing resource group holds nothing; a list ARM refuses for good is skipped and
 * reported, a transient failure fails the read.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { listVnetsInResourceGroup } from '../../src/azure/armReads.js';
import { listMemberCandidates } from '../../src/azure/listMemberCandidates.js';
import { economy, startAzureTest, sub1, type AzureTest } from './support/azureKit.js';

let t: AzureTest;
before(async () => {
  t = await startAzureTest();
});
after(() => t.close());
beforeEach(() => t.reset());

describe('listVnetsInResourceGroup', () => {
  test("lists one resource group's VNets with their peerings in one call; a resource group that does not exist holds none", async () => {
    const rg2 = await listVnetsInResourceGroup(sub1, 'rg2', { clients: t.clients });
    assert.ok(rg2.ok);
    assert.deepEqual(rg2.vnets.map((v) => v.name), ['s3']);
    assert.deepEqual(rg2.vnets[0]?.peerings.map((p) => p.remoteVnetId.split('/').at(-1)), ['hub'], 'peerings come inline');
    const none = await listVnetsInResourceGroup(sub1, 'rg-nope', { clients: t.clients });
    assert.ok(none.ok);
    assert.deepEqual(none.vnets, []);
    const counts = await t.counts();
    assert.equal(counts.byOperation.VirtualNetworks_List, 2);
    assert.deepEqual(economy(counts), { writes: 0, deletes: 0, reads: 2, polls: 0 });
  });
});

describe('listMemberCandidates', () => {
  test('one list per resource group and per subscription, de-duplicated VNets, no GET', async () => {
    const result = await listMemberCandidates(
      { subscriptions: [sub1], resourceGroups: [{ subscriptionId: sub1, resourceGroup: 'rg2' }] },
      { clients: t.clients },
    );
    assert.ok(result.ok);
    assert.deepEqual(result.vnets.map((v) => v.name).sort(), ['hub', 's1', 's2', 's3'], 's3 is in both lists, once here');
    assert.equal(result.pages, 2);
    assert.deepEqual(result.skipped, []);
    const counts = await t.counts();
    assert.deepEqual([counts.byOperation.VirtualNetworks_ListAll, counts.byOperation.VirtualNetworks_List, counts.byOperation.VirtualNetworks_Get ?? 0], [1, 1, 0]);
  });

  test('a list refused for good is skipped and reported; a transient failure fails the read', async () => {
    const control = t.arm.emulator.control;
    await control.addFault({ match: { operationId: 'VirtualNetworks_List', pathContains: '/rg2/' }, action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read on rg2' } });
    const listing = { subscriptions: [], resourceGroups: [{ subscriptionId: sub1, resourceGroup: 'rg1' }, { subscriptionId: sub1, resourceGroup: 'rg2' }] };
    const skipped = await listMemberCandidates(listing, { clients: t.clients });
    assert.ok(skipped.ok);
    assert.deepEqual(skipped.vnets.map((v) => v.name).sort(), ['hub', 's1', 's2']);
    assert.deepEqual(skipped.skipped.map((f) => [f.code, f.kind]), [['AuthorizationFailed', 'permanent']]);
    await control.addFault({ match: { operationId: 'VirtualNetworks_List', pathContains: '/rg1/' }, action: { type: 'status', status: 409, code: 'AnotherOperationInProgress', message: 'busy' } });
    const failed = await listMemberCandidates(listing, { clients: t.clients });
    assert.ok(!failed.ok);
    assert.equal(failed.failure.code, 'AnotherOperationInProgress');
    assert.equal(failed.failure.kind, 'transient');
  });
});
