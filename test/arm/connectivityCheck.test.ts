/**
 * Network Watcher connectivity verdicts computed from the model, through the real `@azure/arm-network`
 * poller (every answer, including the operation results, checked against the spec by the test kit): the
 * seed lab before and after peering, one side only, Disconnected, allowVirtualNetworkAccess off, a prefix
 * added but not synced, NSG deny rules named in the issue, the guest firewall, transitive A–B–C, and the
 * errors for a stopped source or one without the agent.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ScenarioInput } from '../../local/arm/scenario/scenarioSchema.js';
import { armCode, startTestArm, type TestArm } from './support/armTestKit.js';
import { issuesOf, lab, labSub, peer, probe } from './support/lab.js';

let arm: TestArm;
let net: NetworkManagementClient;

before(async () => {
  arm = await startTestArm();
  net = arm.network({ subscriptionId: labSub });
});
after(() => arm.close());

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return armCode(error);
  }
  assert.fail('expected the call to be refused');
}

describe('the seed lab (london-madrid)', () => {
  beforeEach(() => arm.emulator.control.loadScenario('london-madrid'));

  test('before peering: unreachable, no route (Platform, next hop None)', async () => {
    const result = await probe(net, lab.vm('london'), lab.vm('madrid'));
    assert.equal(result.connectionStatus, 'Unreachable');
    assert.deepEqual([result.probesSent, result.probesFailed, result.avgLatencyInMs], [100, 100, undefined]);
    const [issue, ...others] = issuesOf(result);
    assert.deepEqual([issue?.hop, issue?.type, issue?.origin, issue?.context.NextHopType, others.length], ['Source', 'Platform', 'Outbound', 'None', 0]);
  });

  test('peered both ways: ICMP stopped by the guest firewall (GuestFirewall), TCP 3389 reachable in about 30 ms', async () => {
    await peer(net, 'london', 'madrid');
    const icmp = await probe(net, lab.vm('london'), lab.vm('madrid'));
    assert.equal(icmp.connectionStatus, 'Unreachable');
    assert.deepEqual(
      issuesOf(icmp).map((i) => [i.hop, i.type, i.origin]),
      [['VirtualNetwork', 'GuestFirewall', 'Local']],
    );
    assert.equal(icmp.hops?.[1]?.resourceId?.endsWith('/networkInterfaces/vm-madrid-nic/ipConfigurations/ipconfig1'), true);
    const rdp = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.equal(rdp.connectionStatus, 'Reachable');
    assert.ok((rdp.avgLatencyInMs ?? 0) >= 25 && (rdp.avgLatencyInMs ?? 0) <= 35, `London ↔ Madrid ≈ 30 ms, got ${rdp.avgLatencyInMs}`);
    const closed = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 445 });
    assert.deepEqual(issuesOf(closed).map((i) => [i.type, i.context.Port]), [['GuestFirewall', '445']]);
  });

  test('after allowing ICMP in the guest: reachable', async () => {
    await peer(net, 'london', 'madrid');
    await arm.emulator.control.patchVm({ resourceId: lab.vm('madrid'), guestFirewall: { blockIcmp: false } });
    const result = await probe(net, lab.vm('london'), lab.vm('madrid'));
    assert.equal(result.connectionStatus, 'Reachable');
    assert.deepEqual(issuesOf(result), []);
    assert.equal(result.probesFailed, 0);
  });

  test('one side only (Initiated): unreachable, Platform naming the peering state', async () => {
    await peer(net, 'london', 'madrid', { oneWay: true });
    const result = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.equal(result.connectionStatus, 'Unreachable');
    assert.deepEqual(issuesOf(result).map((i) => [i.type, i.context.PeeringState]), [['Platform', 'Initiated']]);
  });

  test('Disconnected after the other side was deleted: unreachable, Platform', async () => {
    await peer(net, 'london', 'madrid');
    await net.virtualNetworkPeerings.delete('rg-madrid', 'vnet-madrid', 'madrid-to-london');
    const result = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.deepEqual(issuesOf(result).map((i) => [i.type, i.context.PeeringState]), [['Platform', 'Disconnected']]);
  });

  test('allowVirtualNetworkAccess off: the VirtualNetwork tag no longer covers the peer, the default DenyAllOutBound rule drops it', async () => {
    await peer(net, 'london', 'madrid', { allowVirtualNetworkAccess: false });
    const result = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.equal(result.connectionStatus, 'Unreachable');
    assert.deepEqual(issuesOf(result).map((i) => [i.type, i.origin, i.context.RuleName]), [['NetworkSecurityRule', 'Outbound', 'DefaultRule_DenyAllOutBound']]);
    const back = await probe(net, lab.vm('madrid'), lab.vm('london'), { protocol: 'Tcp', port: 3389 });
    assert.deepEqual(issuesOf(back).map((i) => [i.type, i.origin, i.context.RuleName]), [['NetworkSecurityRule', 'Inbound', 'DefaultRule_DenyAllInBound']]);
  });

  test('an NSG deny rule is named in the issue (inbound at the destination, outbound at the source); IP flow verify agrees', async () => {
    await peer(net, 'london', 'madrid');
    await net.securityRules.createOrUpdate('rg-madrid', 'vnet-madrid-default-nsg', 'deny-rdp-from-london', {
      priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', sourceAddressPrefix: '10.1.0.0/16', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '3389',
    });
    const inbound = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.deepEqual(issuesOf(inbound).map((i) => [i.hop, i.type, i.origin, i.context.RuleName]), [['VirtualNetwork', 'NetworkSecurityRule', 'Inbound', 'UserRule_deny-rdp-from-london']]);
    const flow = await net.networkWatchers.verifyIPFlow('NetworkWatcherRG', 'NetworkWatcher_spaincentral', {
      targetResourceId: lab.vm('madrid'), direction: 'Inbound', protocol: 'TCP', localPort: '3389', remotePort: '50000', localIPAddress: '10.2.0.4', remoteIPAddress: '10.1.0.4',
    });
    assert.deepEqual([flow.access, flow.ruleName], ['Deny', 'securityRules/deny-rdp-from-london']);

    await net.securityRules.createOrUpdate('rg-london', 'vm-london-nsg', 'no-ping-out', {
      priority: 110, direction: 'Outbound', access: 'Deny', protocol: 'Icmp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '*',
    });
    const outbound = await probe(net, lab.vm('london'), lab.vm('madrid'));
    assert.deepEqual(issuesOf(outbound).map((i) => [i.hop, i.type, i.origin, i.context.RuleName]), [['Source', 'NetworkSecurityRule', 'Outbound', 'UserRule_no-ping-out']]);
  });

  test('a VM in a prefix added but not synced: unreachable both ways until the sync, then reachable', async () => {
    await peer(net, 'london', 'madrid');
    const vnet = await net.virtualNetworks.get('rg-london', 'vnet-london');
    await net.virtualNetworks.createOrUpdate('rg-london', 'vnet-london', { ...vnet, addressSpace: { addressPrefixes: ['10.1.0.0/16', '10.3.0.0/16'] } });
    await net.subnets.createOrUpdate('rg-london', 'vnet-london', 'london-2', { addressPrefix: '10.3.0.0/24' });
    const nic = await net.networkInterfaces.createOrUpdate('rg-london', 'vm-london-2-nic', { location: 'uksouth', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: `${lab.vnet('london')}/subnets/london-2` } }] });
    const newVm = lab.vm('london', labSub, 'rg-london', 'vm-london-2');
    const vmPut = await arm.raw('PUT', `${newVm}?api-version=2024-07-01`, {
      body: { location: 'uksouth', properties: { storageProfile: { osDisk: { osType: 'Linux' } }, networkProfile: { networkInterfaces: [{ id: nic.id }] } } },
    });
    assert.equal(vmPut.status, 201);
    const agent = await arm.raw('PUT', `${newVm}/extensions/AzureNetworkWatcherExtension?api-version=2024-07-01`, { body: { location: 'uksouth', properties: { publisher: 'Microsoft.Azure.NetworkWatcher', type: 'NetworkWatcherAgentLinux' } } });
    assert.equal(agent.status, 201);

    const there = await probe(net, lab.vm('madrid'), newVm);
    assert.deepEqual(issuesOf(there).map((i) => [i.hop, i.type, i.context.PrefixNotSynced]), [['Source', 'Platform', '10.3.0.0/16']]);
    // The way back: Madrid has no route to 10.3.0.0/16, and its VirtualNetwork tag does not cover it either.
    const back = await probe(net, newVm, lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.deepEqual(
      issuesOf(back).map((i) => [i.hop, i.type, i.origin, i.context.PrefixNotSynced ?? i.context.RuleName]),
      [
        ['VirtualNetwork', 'Platform', 'Outbound', '10.3.0.0/16'],
        ['VirtualNetwork', 'NetworkSecurityRule', 'Inbound', 'DefaultRule_DenyAllInBound'],
      ],
    );

    const link = await net.virtualNetworkPeerings.get('rg-madrid', 'vnet-madrid', 'madrid-to-london');
    await net.virtualNetworkPeerings.createOrUpdate('rg-madrid', 'vnet-madrid', 'madrid-to-london', link, { syncRemoteAddressSpace: 'true' });
    assert.equal((await probe(net, lab.vm('madrid'), newVm)).connectionStatus, 'Reachable');
    assert.equal((await probe(net, newVm, lab.vm('madrid'), { protocol: 'Tcp', port: 3389 })).connectionStatus, 'Reachable');
  });

  test('a stopped destination VM: unreachable, its power state in the issue', async () => {
    await peer(net, 'london', 'madrid');
    await arm.emulator.control.patchVm({ resourceId: lab.vm('madrid'), powerState: 'deallocated' });
    const result = await probe(net, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 });
    assert.deepEqual(issuesOf(result).map((i) => [i.type, i.context.PowerState]), [['Platform', 'deallocated']]);
  });

  test('a stopped source, a source without the agent, or the watcher of another region: refused with an error naming the VM', async () => {
    await arm.emulator.control.patchVm({ resourceId: lab.vm('london'), powerState: 'stopped' });
    assert.equal(await rejection(probe(net, lab.vm('london'), lab.vm('madrid'))), 'VmNotRunning');
    await arm.emulator.control.patchVm({ resourceId: lab.vm('london'), powerState: 'running', networkWatcherAgent: false });
    assert.equal(await rejection(probe(net, lab.vm('london'), lab.vm('madrid'))), 'NetworkWatcherAgentNotInstalled');
    await arm.emulator.control.patchVm({ resourceId: lab.vm('london'), networkWatcherAgent: true });
    assert.equal(await rejection(probe(net, lab.vm('london'), lab.vm('madrid'), { watcher: ['NetworkWatcherRG', 'NetworkWatcher_spaincentral'] })), 'InvalidSourceLocation');
    const raw = await arm.raw('POST', `/subscriptions/${labSub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_uksouth/connectivityCheck`, {
      body: { source: { resourceId: lab.vm('london') }, destination: { resourceId: lab.vm('madrid') } },
    });
    assert.equal(raw.status, 202, 'a running source with the agent is accepted again');
  });

  test('the check is long-running as in Azure: 202 with Location and Azure-AsyncOperation; the Location answers 202, then 200 with the result', async () => {
    const rule = await arm.emulator.control.addFault({ match: { operationId: 'NetworkWatchers_CheckConnectivity' }, action: { type: 'holdOperation' }, times: 1 });
    const accepted = await arm.raw('POST', `/subscriptions/${labSub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_uksouth/connectivityCheck`, {
      body: { source: { resourceId: lab.vm('london') }, destination: { address: '10.2.0.4', port: 3389 }, protocol: 'Tcp' },
    });
    assert.equal(accepted.status, 202);
    const location = accepted.headers.get('location') ?? '';
    assert.match(location, /\/providers\/Microsoft\.Network\/locations\/uksouth\/operationResults\//);
    assert.match(accepted.headers.get('azure-asyncoperation') ?? '', /\/locations\/uksouth\/operations\//);
    assert.equal((await arm.raw('GET', location)).status, 202);
    await arm.emulator.control.releaseFault(rule.id);
    const done = await arm.raw('GET', location);
    assert.equal(done.status, 200);
    assert.equal((done.body as { connectionStatus: string }).connectionStatus, 'Unreachable');
  });
});

/** A — B — C, peered A–B and B–C (both ways), Linux VMs in all three, no NSGs. */
const chain: ScenarioInput = {
  name: 'chain',
  subscriptions: [labSub],
  resourceGroups: [{ name: 'rg', location: 'westeurope' }],
  virtualNetworks: ['a', 'b', 'c'].map((n, i) => ({ resourceGroup: 'rg', name: `vnet-${n}`, addressPrefixes: [`10.${10 * (i + 1)}.0.0/16`], subnets: [{ name: 'default', addressPrefix: `10.${10 * (i + 1)}.0.0/24` }] })),
  virtualMachines: ['a', 'b', 'c'].map((n) => ({ resourceGroup: 'rg', name: `vm-${n}`, osType: 'Linux' as const, nics: [{ vnet: `rg/vnet-${n}`, subnet: 'default' }] })),
  networkWatchers: [{ location: 'westeurope' }],
  peerings: [
    { from: 'rg/vnet-a', to: 'rg/vnet-b', allowForwardedTraffic: true },
    { from: 'rg/vnet-b', to: 'rg/vnet-c', allowForwardedTraffic: true },
  ],
};

describe('peerings are not transitive', () => {
  const vm = (n: string) => lab.vm(n, labSub, 'rg', `vm-${n}`);
  const watcher: [string, string] = ['NetworkWatcherRG', 'NetworkWatcher_westeurope'];
  beforeEach(() => arm.emulator.control.loadScenario(chain));

  test('A reaches B, B reaches C, A does not reach C (no route, even with forwarded traffic allowed)', async () => {
    assert.equal((await probe(net, vm('a'), vm('b'), { watcher })).connectionStatus, 'Reachable');
    assert.equal((await probe(net, vm('b'), vm('c'), { watcher })).connectionStatus, 'Reachable');
    const result = await probe(net, vm('a'), vm('c'), { watcher });
    assert.equal(result.connectionStatus, 'Unreachable');
    assert.deepEqual(issuesOf(result).map((i) => [i.hop, i.type, i.context.NextHopType]), [['Source', 'Platform', 'None']]);
  });

  test('allowVirtualNetworkAccess off where no NSG applies: the platform drops it (Platform, naming the option)', async () => {
    const link = await net.virtualNetworkPeerings.get('rg', 'vnet-a', 'vnet-a-to-vnet-b');
    await net.virtualNetworkPeerings.createOrUpdate('rg', 'vnet-a', 'vnet-a-to-vnet-b', { ...link, allowVirtualNetworkAccess: false });
    const result = await probe(net, vm('a'), vm('b'), { watcher });
    assert.deepEqual(issuesOf(result).map((i) => [i.type, i.origin, i.context.AllowVirtualNetworkAccess]), [['Platform', 'Outbound', 'false']]);
  });

  test('an address no NIC holds inside a peered VNet: unreachable; an Internet address: reachable through AllowInternetOutBound', async () => {
    const empty = await probe(net, vm('a'), '10.20.0.99', { watcher });
    assert.deepEqual([empty.connectionStatus, empty.hops?.[1]?.type], ['Unreachable', 'VirtualNetwork']);
    const internet = await probe(net, vm('a'), '13.107.21.200', { watcher, protocol: 'Tcp', port: 443 });
    assert.deepEqual([internet.connectionStatus, internet.hops?.[1]?.type], ['Reachable', 'Internet']);
  });
});
