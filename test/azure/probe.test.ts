/**
 * The probe: Network Watcher's answer mapped to the domain's shape, and the cases where no check can run
 * (no VM on a side) explained without calling Network Watcher.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { putPeering } from '../../src/azure/armWrites.js';
import { probeConnectivity, toConnectivityResult } from '../../src/azure/probe.js';
import { listProbeVms } from '../../src/azure/probeVms.js';
import { DEFAULT_PEERING_OPTIONS } from '../../src/domain/model.js';
import { startAzureTest, vnetId, type AzureTest } from './support/azureKit.js';

describe('toConnectivityResult', () => {
  test('keeps status, probe counts, latency and every hop issue with its context (doc example: NSG rule)', () => {
    const result = toConnectivityResult({
      connectionStatus: 'Unreachable',
      probesSent: 100,
      probesFailed: 100,
      hops: [
        { type: 'Source', id: 'h1', address: '10.1.0.4', resourceId: '/subscriptions/x/nic/ipConfigurations/ipconfig1', nextHopIds: ['h2'] },
        { type: 'VirtualAppliance', id: 'h2', address: '10.2.0.4', issues: [{ origin: 'Outbound', severity: 'Error', type: 'NetworkSecurityRule', context: [{ RuleName: 'UserRule_Port80' }] }] },
      ],
    });
    assert.deepEqual(result, {
      connectionStatus: 'Unreachable',
      probesSent: 100,
      probesFailed: 100,
      hops: [
        { type: 'Source', id: 'h1', address: '10.1.0.4', resourceId: '/subscriptions/x/nic/ipConfigurations/ipconfig1', issues: [] },
        { type: 'VirtualAppliance', id: 'h2', address: '10.2.0.4', issues: [{ origin: 'Outbound', severity: 'Error', type: 'NetworkSecurityRule', context: [{ RuleName: 'UserRule_Port80' }] }] },
      ],
    });
  });
});

describe('probeConnectivity without a VM on a side', () => {
  let t: AzureTest;
  before(async () => {
    t = await startAzureTest();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('no VM in the source VNet: no check runs, the diagnosis says so and names the VNet', async () => {
    const result = await probeConnectivity({ sourceVnetId: vnetId('rg2', 's3'), destinationVnetId: vnetId('rg1', 'hub') }, { clients: t.clients });
    assert.ok(result.ok);
    assert.deepEqual(result.probe.checks, []);
    assert.equal(result.probe.trafficFlows, false);
    assert.equal(result.probe.diagnosis.cause, 'noVmToProbeFrom');
    assert.match(result.probe.diagnosis.message, /no VM in s3/);
    const counts = await t.counts();
    assert.equal(counts.byOperation.NetworkWatchers_CheckConnectivity, undefined);
    assert.equal(counts.byOperation.NetworkWatchers_ListAll, undefined);
  });

  test('no VM inside the newly added prefix of the destination: noVmToProbeTo', async () => {
    const result = await probeConnectivity({ sourceVnetId: vnetId('rg1', 'hub'), destinationVnetId: vnetId('rg1', 's1'), destinationPrefix: '10.50.0.0/16' }, { clients: t.clients });
    assert.ok(result.ok);
    assert.equal(result.probe.diagnosis.cause, 'noVmToProbeTo');
    assert.match(result.probe.source.vmId ?? '', /vm-hub$/);
    assert.equal(result.probe.source.address, '10.0.0.4');
  });

  test('snapshots and VM lists handed in are used instead of reading again', async () => {
    await probeConnectivity({ sourceVnetId: vnetId('rg2', 's3'), destinationVnetId: vnetId('rg1', 'hub'), snapshots: [], sourceVms: [], destinationVms: [] }, { clients: t.clients });
    assert.equal((await t.counts()).total, 0);
  });
});

/**
 * The seed lab through Network Watcher (`london-madrid`: a Windows VM per office whose guest firewall drops
 * ICMP, TCP 3389 open, a watcher per region in `NetworkWatcherRG`), checks computed by the emulator.
 */
describe('probeConnectivity on the London–Madrid lab', () => {
  let t: AzureTest;
  const sub = '11111111-1111-1111-1111-111111111111';
  const london = vnetId('rg-london', 'vnet-london', sub);
  const madrid = vnetId('rg-madrid', 'vnet-madrid', sub);
  const peerBoth = async () => {
    for (const [local, remote, name] of [[london, madrid, 'london-madrid'], [madrid, london, 'madrid-london']] as const) {
      const result = await putPeering({ localVnetId: local, remoteVnetId: remote, name, options: DEFAULT_PEERING_OPTIONS }, { clients: t.clients });
      assert.ok(result.ok, JSON.stringify(result));
    }
  };

  before(async () => {
    t = await startAzureTest();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.arm.emulator.control.loadScenario('london-madrid');
    await t.arm.emulator.control.resetCalls();
  });

  test('not peered: ICMP and TCP fail, and the diagnosis says the peering is missing', async () => {
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid }, { clients: t.clients });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.probe.trafficFlows, false);
    assert.deepEqual(result.probe.checks.map((c) => [c.protocol, c.port, c.diagnosis.ok]), [['Icmp', undefined, false], ['Tcp', 3389, false]]);
    assert.equal(result.probe.diagnosis.cause, 'peeringNotConnected');
    assert.match(result.probe.diagnosis.message, /vnet-london → vnet-madrid is missing/);
  });

  test('peered: ping fails on Madrid’s guest firewall (fix: allow ICMPv4-In) while TCP 3389 passes', async () => {
    await peerBoth();
    await t.arm.emulator.control.resetCalls();
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid }, { clients: t.clients });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.probe.diagnosis.cause, 'guestFirewall');
    assert.match(result.probe.diagnosis.fix ?? '', /ICMPv4-In/);
    assert.deepEqual(result.probe.checks.map((c) => [c.protocol, c.port, c.diagnosis.ok]), [['Icmp', undefined, false], ['Tcp', 3389, true]]);
    assert.equal(result.probe.trafficFlows, true);
    assert.match(result.probe.networkWatcherId ?? '', /\/resourceGroups\/NetworkWatcherRG\/providers\/Microsoft\.Network\/networkWatchers\/NetworkWatcher_uksouth$/i);
    assert.match(result.probe.destination.vmId ?? '', /vm-madrid$/);
    const counts = await t.counts();
    assert.deepEqual(
      [counts.byOperation.VirtualNetworks_Get, counts.byOperation.NetworkInterfaces_ListAll, counts.byOperation.NetworkWatchers_ListAll, counts.byOperation.NetworkWatchers_CheckConnectivity],
      [2, 2, 1, 2],
    );
  });

  test('ICMP allowed on Madrid’s VM: ICMP passes, no TCP check needed', async () => {
    await peerBoth();
    const vms = await listProbeVms(madrid, { clients: t.clients });
    assert.ok(vms.ok);
    await t.arm.emulator.control.patchVm({ resourceId: vms.vms[0]?.vmId ?? '', guestFirewall: { blockIcmp: false } });
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid, destinationVms: vms.vms }, { clients: t.clients });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.probe.checks.map((c) => c.protocol), ['Icmp']);
    assert.equal(result.probe.diagnosis.cause, 'reachable');
    assert.equal(result.probe.trafficFlows, true);
  });

  test('an NSG rule denying inbound ICMP at Madrid is named in the diagnosis', async () => {
    await peerBoth();
    const portal = t.arm.network({ who: 'portal', subscriptionId: sub });
    await portal.securityRules.createOrUpdate('rg-madrid', 'vm-madrid-nsg', 'deny-icmp-from-london', {
      priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Icmp', sourceAddressPrefix: '10.1.0.0/16', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*',
    });
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid }, { clients: t.clients });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.probe.diagnosis.cause, 'nsgDenies');
    assert.match(result.probe.diagnosis.message, /deny-icmp-from-london/);
  });

  test('no agent on the source VM: ARM refuses the check for good → a probe that could not run, with the fix', async () => {
    await peerBoth();
    const vms = await listProbeVms(london, { clients: t.clients });
    assert.ok(vms.ok);
    await t.arm.emulator.control.patchVm({ resourceId: vms.vms[0]?.vmId ?? '', networkWatcherAgent: false });
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid }, { clients: t.clients });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.probe.checks, []);
    assert.equal(result.probe.diagnosis.status, 'notRun');
    assert.match(result.probe.diagnosis.message, /could not run/);
    assert.match(result.probe.diagnosis.fix ?? '', /Network Watcher agent extension/);
    assert.equal(result.probe.checkFailure?.kind, 'permanent');
  });

  test('a throttled check stays a transient failure with its wait, for the orchestrator to retry', async () => {
    await peerBoth();
    await t.arm.emulator.control.addFault({ match: { operationId: 'NetworkWatchers_CheckConnectivity' }, action: { type: 'status', status: 429, retryAfterSeconds: 60 }, times: 1 });
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid }, { clients: t.clients });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.kind, result.failure.retryAfterMs], ['transient', 60_000]);
  });

  test('no Network Watcher in the source region: no check runs, the diagnosis says how to enable one', async () => {
    await peerBoth();
    await t.arm.network({ who: 'portal', subscriptionId: sub }).networkWatchers.delete('NetworkWatcherRG', 'NetworkWatcher_uksouth');
    const result = await probeConnectivity({ sourceVnetId: london, destinationVnetId: madrid }, { clients: t.clients });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.probe.checks, []);
    assert.match(result.probe.diagnosis.message, /no Network Watcher in region uksouth/);
    assert.match(result.probe.diagnosis.fix ?? '', /az network watcher configure --locations uksouth/);
  });
});
