/**
 * The probe: Network Watcher's answer mapped to the domain's shape, and the cases where no check can run
 * (no VM on a side) explained without calling Network Watcher.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { probeConnectivity, toConnectivityResult } from '../../src/azure/probe.js';
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
