/**
 * The writes the emulated world needs besides VNets and peerings: subnets on their own (with the VNet's
 * rules and lock), VMs created on NICs (and deleted, the NICs detached), the Network Watcher agent as a VM
 * extension, and Network Watchers themselves (one per region).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { NetworkManagementClient } from '@azure/arm-network';
import { armCode, fourVnets, startTestArm, sub1, vnetId, type TestArm } from './support/armTestKit.js';

let arm: TestArm;
let net: NetworkManagementClient;

before(async () => {
  arm = await startTestArm();
  net = arm.network();
});
after(() => arm.close());
beforeEach(() => arm.emulator.control.loadScenario({ ...fourVnets, networkWatchers: [{ location: 'westeurope' }] }));

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return armCode(error);
  }
  assert.fail('expected the call to be refused');
}

const vmPath = (name: string) => `/subscriptions/${sub1}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/${name}`;
const vmBody = (nicId: string, osType = 'Linux') => ({ location: 'westeurope', properties: { storageProfile: { osDisk: { osType } }, networkProfile: { networkInterfaces: [{ id: nicId }] } } });

async function nic(name: string, subnet = 'default', vnet = 'a') {
  return net.networkInterfaces.createOrUpdate('rg1', name, { location: 'westeurope', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: `${vnetId('rg1', vnet)}/subnets/${subnet}` } }] });
}

describe('subnets', () => {
  test('created and deleted on their own, with the VNet PUT\'s rules', async () => {
    const created = await net.subnets.createOrUpdate('rg1', 'a', 'apps', { addressPrefix: '10.1.1.0/24' });
    assert.deepEqual([created.name, created.addressPrefix, created.provisioningState], ['apps', '10.1.1.0/24', 'Succeeded']);
    assert.deepEqual((await net.virtualNetworks.get('rg1', 'a')).subnets?.map((s) => s.name), ['default', 'apps']);
    assert.equal(await rejection(net.subnets.createOrUpdate('rg1', 'a', 'clash', { addressPrefix: '10.1.1.128/25' })), 'NetcfgSubnetRangesOverlap');
    assert.equal(await rejection(net.subnets.createOrUpdate('rg1', 'a', 'outside', { addressPrefix: '10.9.0.0/24' })), 'NetcfgSubnetRangeOutsideVnet');
    await nic('n1', 'apps');
    assert.equal(await rejection(net.subnets.delete('rg1', 'a', 'apps')), 'InUseSubnetCannotBeDeleted');
    await net.networkInterfaces.delete('rg1', 'n1');
    await net.subnets.delete('rg1', 'a', 'apps');
    assert.deepEqual((await net.virtualNetworks.get('rg1', 'a')).subnets?.map((s) => s.name), ['default']);
  });

  test('a subnet write holds the VNet: a peering PUT meanwhile gets ReferencedResourceNotProvisioned (PutSubnetOperation)', async () => {
    const hold = await arm.emulator.control.addFault({ match: { operationId: 'Subnets_CreateOrUpdate' }, action: { type: 'holdOperation' }, times: 1 });
    assert.equal((await arm.raw('PUT', `${vnetId('rg1', 'a')}/subnets/apps`, { body: { properties: { addressPrefix: '10.1.1.0/24' } } })).status, 201);
    const refused = await arm.raw('PUT', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/a-b`, { body: { properties: { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } } } });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /ReferencedResourceNotProvisioned.*PutSubnetOperation/);
    await arm.emulator.control.releaseFault(hold.id);
  });
});

describe('virtual machines', () => {
  test('created on a NIC (long-running, the NIC attached), deleted with the NIC detached', async () => {
    const card = await nic('vm1-nic');
    const created = await arm.raw('PUT', `${vmPath('vm1')}?api-version=2024-07-01`, { body: vmBody(card.id ?? '') });
    assert.equal(created.status, 201);
    assert.match(created.headers.get('azure-asyncoperation') ?? '', /\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\//);
    assert.equal((await net.networkInterfaces.get('rg1', 'vm1-nic')).virtualMachine?.id, vmPath('vm1'));
    const state = Object.values((await arm.emulator.control.state()).virtualMachines)[0];
    assert.deepEqual([state?.osType, state?.powerState, state?.networkWatcherAgent, state?.guestFirewall.blockIcmp], ['Linux', 'running', false, false]);
    const second = await arm.raw('PUT', `${vmPath('vm2')}?api-version=2024-07-01`, { body: vmBody(card.id ?? '') });
    assert.deepEqual([second.status, (second.body as { error: { code: string } }).error.code], [400, 'NicInUseByAnotherVm']);
    assert.equal((await arm.raw('DELETE', `${vmPath('vm1')}?api-version=2024-07-01`)).status, 202);
    assert.equal((await net.networkInterfaces.get('rg1', 'vm1-nic')).virtualMachine, undefined);
    await net.networkInterfaces.delete('rg1', 'vm1-nic');
  });

  test('the Network Watcher agent is an extension: installing it lets the VM be a connectivity source; other extensions are refused', async () => {
    const card = await nic('vm1-nic');
    await arm.raw('PUT', `${vmPath('vm1')}?api-version=2024-07-01`, { body: vmBody(card.id ?? '', 'Windows') });
    const check = () => net.networkWatchers.checkConnectivity('NetworkWatcherRG', 'NetworkWatcher_westeurope', { source: { resourceId: vmPath('vm1') }, destination: { address: '10.1.0.5', port: 22 } });
    assert.equal(await rejection(check()), 'NetworkWatcherAgentNotInstalled');
    const installed = await arm.raw('PUT', `${vmPath('vm1')}/extensions/AzureNetworkWatcherExtension?api-version=2024-07-01`, { body: { location: 'westeurope', properties: { publisher: 'Microsoft.Azure.NetworkWatcher', type: 'NetworkWatcherAgentWindows', typeHandlerVersion: '1.4' } } });
    assert.equal(installed.status, 201);
    assert.equal((await check()).connectionStatus, 'Unreachable', 'runs now: nothing holds 10.1.0.5');
    const other = await arm.raw('PUT', `${vmPath('vm1')}/extensions/CustomScript?api-version=2024-07-01`, { body: { properties: { publisher: 'Microsoft.Compute', type: 'CustomScriptExtension' } } });
    assert.equal((other.body as { error: { code: string } }).error.code, 'VMExtensionNotSupported');
  });
});

describe('network watchers', () => {
  test('one per subscription and region; list, tags, delete; a missing one is ResourceNotFound', async () => {
    assert.equal(await rejection(net.networkWatchers.createOrUpdate('NetworkWatcherRG', 'another', { location: 'westeurope' })), 'NetworkWatcherCountLimitReached');
    const created = await net.networkWatchers.createOrUpdate('NetworkWatcherRG', 'NetworkWatcher_northeurope', { location: 'northeurope' });
    assert.equal(created.provisioningState, 'Succeeded');
    await net.networkWatchers.updateTags('NetworkWatcherRG', 'NetworkWatcher_northeurope', { tags: { owner: 'net' } });
    const names = [];
    for await (const w of net.networkWatchers.list('NetworkWatcherRG')) names.push(`${w.name}:${JSON.stringify(w.tags ?? {})}`);
    assert.deepEqual(names, ['NetworkWatcher_northeurope:{"owner":"net"}', 'NetworkWatcher_westeurope:{}']);
    await net.networkWatchers.delete('NetworkWatcherRG', 'NetworkWatcher_northeurope');
    assert.equal(await rejection(net.networkWatchers.get('NetworkWatcherRG', 'NetworkWatcher_northeurope')), 'ResourceNotFound');
  });
});
