/**
 * Peering states and sync levels as Azure reports them (research §1.3), through the real SDK.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { NetworkManagementClient } from '@azure/arm-network';
import { armCode, fourVnets, startTestArm, sub2, vnetId, type TestArm } from './support/armTestKit.js';

let arm: TestArm;
let net: NetworkManagementClient;

before(async () => {
  arm = await startTestArm();
  net = arm.network();
});
after(() => arm.close());
beforeEach(() => arm.emulator.control.loadScenario(fourVnets));

async function peer(fromGroup: string, from: string, name: string, remoteId: string, options: Record<string, unknown> = {}) {
  return net.virtualNetworkPeerings.createOrUpdate(fromGroup, from, name, { remoteVirtualNetwork: { id: remoteId }, ...options });
}

async function link(group: string, vnet: string, name: string) {
  return net.virtualNetworkPeerings.get(group, vnet, name);
}

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return armCode(error);
  }
  assert.fail('expected the call to be refused');
}

describe('peering state machine', () => {
  test('one side created is Initiated (RemoteNotInSync, as the 2021 recording shows)', async () => {
    const created = await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'));
    assert.equal(created.peeringState, 'Initiated');
    assert.equal(created.peeringSyncLevel, 'RemoteNotInSync');
    assert.equal(created.provisioningState, 'Succeeded');
  });

  test('both sides created are Connected and FullyInSync, sharing one resourceGuid', async () => {
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'));
    const back = await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
    const there = await link('rg1', 'a', 'a-b');
    assert.deepEqual([there.peeringState, there.peeringSyncLevel, back.peeringState, back.peeringSyncLevel], ['Connected', 'FullyInSync', 'Connected', 'FullyInSync']);
    assert.equal(there.resourceGuid, back.resourceGuid);
    assert.deepEqual(there.remoteAddressSpace?.addressPrefixes, ['10.2.0.0/16']);
  });

  test('deleting one side leaves the other Disconnected and records only the delete', async () => {
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'));
    await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
    await arm.emulator.control.clearActivity();
    await net.virtualNetworkPeerings.delete('rg1', 'b', 'b-a');
    assert.equal((await link('rg1', 'a', 'a-b')).peeringState, 'Disconnected');
    const records = (await arm.emulator.control.activity()).records;
    assert.deepEqual(
      records.map((r) => [r.kind, r.operationName, r.resourceId]),
      [['delete', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete', `${vnetId('rg1', 'b')}/virtualNetworkPeerings/b-a`]],
    );
  });

  test('re-creating only the deleted side is refused with RemotePeeringIsDisconnected; delete + re-create repairs', async () => {
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'));
    await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
    await net.virtualNetworkPeerings.delete('rg1', 'b', 'b-a');
    assert.equal(await rejection(peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'))), 'RemotePeeringIsDisconnected');
    await net.virtualNetworkPeerings.delete('rg1', 'a', 'a-b');
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'a').replace('/a', '/b'));
    await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
    assert.equal((await link('rg1', 'a', 'a-b')).peeringState, 'Connected');
  });

  test('options on each side are independent', async () => {
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'), { allowForwardedTraffic: true, allowVirtualNetworkAccess: false });
    await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
    const [ab, ba] = [await link('rg1', 'a', 'a-b'), await link('rg1', 'b', 'b-a')];
    assert.deepEqual([ab.allowForwardedTraffic, ab.allowVirtualNetworkAccess, ba.allowForwardedTraffic, ba.allowVirtualNetworkAccess], [true, false, false, true]);
  });

  test('a remote VNet in another subscription peers like a local one', async () => {
    await peer('rg1', 'a', 'a-d', vnetId('rg3', 'd', sub2));
    await arm.network({ subscriptionId: sub2 }).virtualNetworkPeerings.createOrUpdate('rg3', 'd', 'd-a', { remoteVirtualNetwork: { id: vnetId('rg1', 'a') } });
    assert.equal((await link('rg1', 'a', 'a-d')).peeringState, 'Connected');
  });

  test('refusals: self-peering, overlap, overlap with an already peered VNet, useRemoteGateways without a gateway', async () => {
    assert.equal(await rejection(peer('rg1', 'a', 'self', vnetId('rg1', 'a'))), 'CannotPeerVirtualNetworkWithItself');
    await arm.emulator.control.loadScenario({
      ...fourVnets,
      virtualNetworks: [...(fourVnets.virtualNetworks ?? []), { resourceGroup: 'rg2', name: 'clash', addressPrefixes: ['10.1.128.0/17'] }],
    });
    assert.equal(await rejection(peer('rg1', 'a', 'a-clash', vnetId('rg2', 'clash'))), 'VnetAddressSpacesOverlap');
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'));
    await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
    assert.equal(await rejection(peer('rg2', 'clash', 'clash-b', vnetId('rg1', 'b'))), 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet');
    assert.equal(await rejection(peer('rg1', 'a', 'a-c', vnetId('rg2', 'c'), { useRemoteGateways: true })), 'RemoteVnetHasNoGateways');
    const withGateway = await peer('rg1', 'a', 'a-d', vnetId('rg3', 'd', sub2), { useRemoteGateways: true });
    assert.equal(withGateway.useRemoteGateways, true);
  });
});

describe('address-space change on a peered VNet', () => {
  async function connectAB(): Promise<void> {
    await peer('rg1', 'a', 'a-b', vnetId('rg1', 'b'));
    await peer('rg1', 'b', 'b-a', vnetId('rg1', 'a'));
  }

  async function grow(prefixes: string[]): Promise<void> {
    const a = await net.virtualNetworks.get('rg1', 'a');
    a.addressSpace = { addressPrefixes: prefixes };
    await net.virtualNetworks.createOrUpdate('rg1', 'a', a);
  }

  test('the resized VNet’s link turns RemoteNotInSync, the other LocalNotInSync, both stay Connected', async () => {
    await connectAB();
    await grow(['10.1.0.0/16', '10.99.0.0/16']);
    const [ab, ba] = [await link('rg1', 'a', 'a-b'), await link('rg1', 'b', 'b-a')];
    assert.deepEqual([ab.peeringState, ab.peeringSyncLevel, ba.peeringState, ba.peeringSyncLevel], ['Connected', 'RemoteNotInSync', 'Connected', 'LocalNotInSync']);
    assert.deepEqual(ba.remoteAddressSpace?.addressPrefixes, ['10.1.0.0/16']);
    assert.deepEqual(ba.remoteVirtualNetworkAddressSpace?.addressPrefixes, ['10.1.0.0/16', '10.99.0.0/16']);
  });

  test('sync on the LocalNotInSync side brings both to FullyInSync', async () => {
    await connectAB();
    await grow(['10.1.0.0/16', '10.99.0.0/16']);
    const current = await link('rg1', 'b', 'b-a');
    const synced = await net.virtualNetworkPeerings.createOrUpdate('rg1', 'b', 'b-a', current, { syncRemoteAddressSpace: 'true' });
    assert.equal(synced.peeringSyncLevel, 'FullyInSync');
    assert.deepEqual(synced.remoteAddressSpace?.addressPrefixes, ['10.1.0.0/16', '10.99.0.0/16']);
    assert.equal((await link('rg1', 'a', 'a-b')).peeringSyncLevel, 'FullyInSync');
  });

  test('sync on the RemoteNotInSync side changes nothing', async () => {
    await connectAB();
    await grow(['10.1.0.0/16', '10.99.0.0/16']);
    const current = await link('rg1', 'a', 'a-b');
    await net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', current, { syncRemoteAddressSpace: 'true' });
    assert.equal((await link('rg1', 'a', 'a-b')).peeringSyncLevel, 'RemoteNotInSync');
    assert.equal((await link('rg1', 'b', 'b-a')).peeringSyncLevel, 'LocalNotInSync');
  });

  test('both sides resized and unsynced report LocalAndRemoteNotInSync', async () => {
    await connectAB();
    await grow(['10.1.0.0/16', '10.99.0.0/16']);
    const b = await net.virtualNetworks.get('rg1', 'b');
    b.addressSpace = { addressPrefixes: ['10.2.0.0/16', '10.98.0.0/16'] };
    await net.virtualNetworks.createOrUpdate('rg1', 'b', b);
    assert.equal((await link('rg1', 'a', 'a-b')).peeringSyncLevel, 'LocalAndRemoteNotInSync');
  });

  test('the legacy switch refuses the change with VnetAddressSpaceCannotChangeDueToPeerings', async () => {
    await connectAB();
    await arm.emulator.control.updateSettings({ legacyAddressSpace: true });
    try {
      assert.equal(await rejection(grow(['10.1.0.0/16', '10.99.0.0/16'])), 'VnetAddressSpaceCannotChangeDueToPeerings');
      assert.deepEqual((await net.virtualNetworks.get('rg1', 'a')).addressSpace?.addressPrefixes, ['10.1.0.0/16']);
    } finally {
      await arm.emulator.control.updateSettings({ legacyAddressSpace: false });
    }
  });

  test('a VNet PUT that omits a peering deletes it, and its other side turns Disconnected', async () => {
    await connectAB();
    const a = await net.virtualNetworks.get('rg1', 'a');
    a.virtualNetworkPeerings = [];
    const updated = await net.virtualNetworks.createOrUpdate('rg1', 'a', a);
    assert.deepEqual(updated.virtualNetworkPeerings, []);
    assert.equal((await link('rg1', 'b', 'b-a')).peeringState, 'Disconnected');
  });
});
