/**
 * Conformance: the emulator's answers to every operation it serves validate against the ARM spec (`../shared/spec`, vendored under test/fixtures/arm-spec),
 * and the checker itself catches what it should (a member the spec lacks, a wrong type, a status the
 * operation does not list).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SpecConformance, sharedSpecDir, vendoredSpecDir } from '../arm/support/specConformance.js';
import { fourVnets, startTestArm, vnetId, type TestArm } from '../arm/support/armTestKit.js';
import { lab, labSub } from '../arm/support/lab.js';

const peeringPath = `${vnetId('rg1', 'a')}/virtualNetworkPeerings/a-b`;

describe('the vendored spec', () => {
  test('is a byte-exact copy of the reference spec beside the repository (when that is present)', (t) => {
    const vendored = readdirSync(vendoredSpecDir()).sort();
    assert.deepEqual(vendored, ['network.json', 'networkInterface.json', 'networkSecurityGroup.json', 'networkWatcher.json', 'virtualNetwork.json']);
    if (!existsSync(sharedSpecDir())) {
      t.diagnostic('no ../shared/spec beside this clone: the vendored copy is the contract');
      return;
    }
    assert.deepEqual(readdirSync(sharedSpecDir()).sort(), vendored);
    for (const file of vendored) {
      assert.ok(readFileSync(join(vendoredSpecDir(), file)).equals(readFileSync(join(sharedSpecDir(), file))), `${file} differs from ../shared/spec`);
    }
  });
});

describe('the conformance checker', () => {
  const checker = new SpecConformance();
  const valid = { name: 'a-b', id: peeringPath, etag: 'W/"x"', type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings', properties: { peeringState: 'Connected', allowForwardedTraffic: true } };

  test('accepts a peering shaped as the spec says (open enums accept any string)', () => {
    assert.equal(checker.check({ method: 'GET', url: peeringPath, status: 200, body: { ...valid, properties: { ...valid.properties, peeringSyncLevel: 'SomethingNew' } } }), undefined);
  });

  test('flags a member the spec does not define', () => {
    assert.match(checker.check({ method: 'GET', url: peeringPath, status: 200, body: { ...valid, properties: { ...valid.properties, peeringStat: 'Connected' } } }) ?? '', /unevaluated/);
  });

  test('flags a wrong type', () => {
    assert.match(checker.check({ method: 'GET', url: peeringPath, status: 200, body: { ...valid, properties: { allowForwardedTraffic: 'yes' } } }) ?? '', /boolean/);
  });

  test('checks an operation result against the action it answers (Reachable is allowed: the enum is open)', () => {
    const url = '/subscriptions/s/providers/Microsoft.Network/locations/uksouth/operationResults/op1';
    const result = { hops: [{ type: 'Source', id: 'h1', address: '10.1.0.4', issues: [{ origin: 'Local', severity: 'Error', type: 'GuestFirewall', context: [{ key: 'Protocol', value: 'Icmp' }] }] }], connectionStatus: 'Reachable', probesSent: 100, probesFailed: 0 };
    assert.equal(checker.check({ method: 'GET', url, status: 200, body: result, conformsTo: 'NetworkWatchers_CheckConnectivity' }), undefined);
    assert.match(checker.check({ method: 'GET', url, status: 200, body: { ...result, probesLost: 1 }, conformsTo: 'NetworkWatchers_CheckConnectivity' }) ?? '', /unevaluated/);
    assert.match(checker.check({ method: 'GET', url, status: 200, body: result }) ?? '', /must name the operation/);
  });

  test('flags a status the operation does not list', () => {
    assert.match(checker.check({ method: 'PUT', url: peeringPath, status: 204, body: undefined }) ?? '', /not a response/);
  });
});

describe('every operation the emulator serves', () => {
  let arm: TestArm;
  before(async () => {
    arm = await startTestArm();
    await arm.emulator.control.loadScenario({
      ...fourVnets,
      networkSecurityGroups: [{ resourceGroup: 'rg1', name: 'nsg1', rules: [{ name: 'deny-icmp', priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Icmp' }] }],
      virtualMachines: [{ resourceGroup: 'rg1', name: 'vm1', osType: 'Windows', nics: [{ vnet: 'rg1/a', subnet: 'default', networkSecurityGroup: 'nsg1' }] }],
    });
  });
  after(() => arm.close());

  test('answers conform for reads, writes, deletes, polls and errors of every resource type', async () => {
    const net = arm.network();
    await net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
    await net.virtualNetworkPeerings.createOrUpdate('rg1', 'b', 'b-a', { remoteVirtualNetwork: { id: vnetId('rg1', 'a') } });
    for await (const _ of net.virtualNetworkPeerings.list('rg1', 'a'));
    for await (const _ of net.virtualNetworks.listAll());
    for await (const _ of net.virtualNetworks.list('rg1'));
    for await (const _ of net.subnets.list('rg1', 'a'));
    await net.subnets.get('rg1', 'a', 'default');
    await net.virtualNetworks.updateTags('rg1', 'b', { tags: { team: 'net' } });
    await net.networkSecurityGroups.get('rg1', 'nsg1');
    for await (const _ of net.networkSecurityGroups.listAll());
    for await (const _ of net.securityRules.list('rg1', 'nsg1'));
    for await (const _ of net.defaultSecurityRules.list('rg1', 'nsg1'));
    await net.defaultSecurityRules.get('rg1', 'nsg1', 'DenyAllInBound');
    await net.securityRules.createOrUpdate('rg1', 'nsg1', 'allow-rdp', { priority: 200, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '3389' });
    await net.securityRules.delete('rg1', 'nsg1', 'allow-rdp');
    await net.networkSecurityGroups.createOrUpdate('rg1', 'nsg2', { location: 'westeurope' });
    await net.networkSecurityGroups.delete('rg1', 'nsg2');
    const nics = [];
    for await (const nic of net.networkInterfaces.list('rg1')) nics.push(nic);
    for await (const _ of net.networkInterfaces.listAll());
    await net.networkInterfaces.createOrUpdate('rg1', 'nic2', { location: 'westeurope', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: `${vnetId('rg1', 'b')}/subnets/default` } }] });
    await net.networkInterfaces.get('rg1', 'nic2');
    await net.networkInterfaces.delete('rg1', 'nic2');
    await net.virtualNetworks.createOrUpdate('rg2', 'e', { location: 'northeurope', addressSpace: { addressPrefixes: ['10.5.0.0/16'] } });
    await net.virtualNetworks.delete('rg2', 'e');
    await net.virtualNetworkPeerings.delete('rg1', 'b', 'b-a');
    // Errors, raw: not found (both kinds), bad request, bad api-version, unauthenticated, Location polling.
    assert.equal((await arm.raw('GET', vnetId('rg1', 'nope'))).status, 404);
    assert.equal((await arm.raw('GET', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/nope`)).status, 404);
    assert.equal((await arm.raw('PUT', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/x`, { body: { properties: { bogus: 1 } } })).status, 400);
    assert.equal((await arm.raw('GET', `${vnetId('rg1', 'a')}?api-version=1999-01-01`)).status, 400);
    assert.equal((await arm.raw('GET', vnetId('rg1', 'a'), { token: null })).status, 401);
    const deleted = await arm.raw('DELETE', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/a-b`);
    assert.equal((await arm.raw('GET', deleted.headers.get('location') ?? '')).status, 204);
    assert.ok(nics.length === 1);
    assert.ok(arm.conformance.checked >= 40, `checked ${arm.conformance.checked} answers`);
    assert.deepEqual(arm.conformance.failures, []);
  });

  test('Network Watcher answers (watchers, connectivity check results, IP flow verify, ErrorResponse errors) and subnet writes conform', async () => {
    await arm.emulator.control.loadScenario('london-madrid');
    const net = arm.network({ subscriptionId: labSub });
    const before = arm.conformance.checked;
    await net.networkWatchers.get('NetworkWatcherRG', 'NetworkWatcher_uksouth');
    for await (const _ of net.networkWatchers.list('NetworkWatcherRG'));
    for await (const _ of net.networkWatchers.listAll());
    await net.networkWatchers.createOrUpdate('rg-london', 'NetworkWatcher_westeurope', { location: 'westeurope' });
    await net.networkWatchers.updateTags('rg-london', 'NetworkWatcher_westeurope', { tags: { a: 'b' } });
    await net.networkWatchers.delete('rg-london', 'NetworkWatcher_westeurope');
    await net.virtualNetworkPeerings.createOrUpdate('rg-london', 'vnet-london', 'l-m', { remoteVirtualNetwork: { id: lab.vnet('madrid') } });
    for (const protocol of ['Icmp', 'Tcp']) {
      await net.networkWatchers.checkConnectivity('NetworkWatcherRG', 'NetworkWatcher_uksouth', { source: { resourceId: lab.vm('london') }, destination: { resourceId: lab.vm('madrid'), port: 3389 }, protocol });
    }
    await net.virtualNetworkPeerings.createOrUpdate('rg-madrid', 'vnet-madrid', 'm-l', { remoteVirtualNetwork: { id: lab.vnet('london') } });
    await net.networkWatchers.checkConnectivity('NetworkWatcherRG', 'NetworkWatcher_uksouth', { source: { resourceId: lab.vm('london') }, destination: { address: '10.2.0.4', port: 3389 }, protocol: 'Tcp' });
    await net.networkWatchers.verifyIPFlow('NetworkWatcherRG', 'NetworkWatcher_uksouth', { targetResourceId: lab.vm('london'), direction: 'Outbound', protocol: 'TCP', localPort: '50000', remotePort: '3389', localIPAddress: '10.1.0.4', remoteIPAddress: '10.2.0.4' });
    await net.subnets.createOrUpdate('rg-london', 'vnet-london', 'extra', { addressPrefix: '10.1.5.0/24' });
    await net.subnets.delete('rg-london', 'vnet-london', 'extra');
    const watcherPath = `/subscriptions/${labSub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers`;
    assert.equal((await arm.raw('GET', `${watcherPath}/nope`)).status, 404);
    assert.equal((await arm.raw('POST', `${watcherPath}/NetworkWatcher_uksouth/connectivityCheck`, { body: { source: { resourceId: lab.vm('madrid') }, destination: { address: '10.1.0.4' } } })).status, 400);
    assert.ok(arm.conformance.checked - before >= 25, `checked ${arm.conformance.checked - before} answers`);
    assert.deepEqual(arm.conformance.failures, []);
  });
});
