/**
 * The seeded worlds: `london-madrid` exactly as the lab is described (and usable in RBAC mode),
 * `hub-spoke-N` and `mesh-N` (names parsed, two subscriptions, VMs on a sample, deterministic for a seed,
 * probes behave: hub ↔ spoke reachable, spoke ↔ spoke not), and a scenario loaded from a JSON file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildWorld } from '../../local/arm/scenario/buildWorld.js';
import { loadScenario } from '../../local/arm/scenario/loadScenario.js';
import { createRng } from '../../local/arm/rng.js';
import { generatedSubscriptionIds } from '../../local/scenarios/generatedTopologies.js';
import { labAppPrincipalId, labPortalPrincipalId, londonMadridScenario } from '../../local/scenarios/londonMadrid.js';
import { armCode, startTestArm, type TestArm } from './support/armTestKit.js';
import { issuesOf, lab, labSub, peer, probe } from './support/lab.js';

let arm: TestArm;
const dirs: string[] = [];
before(async () => {
  arm = await startTestArm();
});
after(async () => {
  await arm.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('london-madrid', () => {
  test('two offices, a Windows VM each at .4 behind default NSGs (Madrid\'s guest firewall blocks ICMP), Network Watchers in NetworkWatcherRG, no peering', async () => {
    await arm.emulator.control.loadScenario('london-madrid');
    const state = await arm.emulator.control.state();
    assert.deepEqual(Object.values(state.resourceGroups).map((g) => `${g.name}@${g.location}`).sort(), ['NetworkWatcherRG@uksouth', 'rg-london@uksouth', 'rg-madrid@spaincentral']);
    assert.deepEqual(
      Object.values(state.virtualNetworks).map((v) => [v.id, v.location, v.addressPrefixes, v.subnets.map((s) => `${s.name}=${s.addressPrefix}`), v.peerings.length]),
      [
        [lab.vnet('london'), 'uksouth', ['10.1.0.0/16'], ['default=10.1.0.0/24'], 0],
        [lab.vnet('madrid'), 'spaincentral', ['10.2.0.0/16'], ['default=10.2.0.0/24'], 0],
      ],
    );
    assert.deepEqual(
      Object.values(state.virtualMachines).map((vm) => [vm.id, vm.osType, vm.powerState, vm.networkWatcherAgent, vm.guestFirewall.blockIcmp]),
      [
        [lab.vm('london'), 'Windows', 'running', true, false],
        [lab.vm('madrid'), 'Windows', 'running', true, true],
      ],
    );
    const net = arm.network({ subscriptionId: labSub });
    const nic = await net.networkInterfaces.get('rg-madrid', 'vm-madrid-nic');
    assert.equal(nic.ipConfigurations?.[0]?.privateIPAddress, '10.2.0.4');
    assert.equal(nic.networkSecurityGroup?.id?.endsWith('/vm-madrid-nsg'), true);
    assert.equal((await net.subnets.get('rg-london', 'vnet-london', 'default')).networkSecurityGroup?.id?.endsWith('/vnet-london-default-nsg'), true);
    const watchers = [];
    for await (const w of net.networkWatchers.listAll()) watchers.push(`${w.id?.split('/')[4]}/${w.name}@${w.location}`);
    assert.deepEqual(watchers.sort(), ['NetworkWatcherRG/NetworkWatcher_spaincentral@spaincentral', 'NetworkWatcherRG/NetworkWatcher_uksouth@uksouth']);
    assert.deepEqual([state.appPrincipalId, state.portalPrincipalId], [labAppPrincipalId, labPortalPrincipalId]);
    assert.deepEqual(state.roleAssignments.map((a) => `${a.principalId === labAppPrincipalId ? 'app' : 'portal'}:${a.role}`), ['app:Network Contributor', 'app:Reader', 'portal:Contributor']);
  });

  test('in RBAC mode the app may peer and probe with its assignments; a principal without any is refused', async () => {
    await arm.emulator.control.loadScenario('london-madrid');
    await arm.emulator.control.updateSettings({ rbac: true });
    try {
      const app = arm.network({ who: 'app', subscriptionId: labSub });
      await peer(app, 'london', 'madrid');
      assert.equal((await probe(app, lab.vm('london'), lab.vm('madrid'), { protocol: 'Tcp', port: 3389 })).connectionStatus, 'Reachable');
      await arm.emulator.control.addPrincipal({ id: '00000000-0000-0000-0000-0000000000c1', name: 'intruder', kind: 'ServicePrincipal' });
      const stranger = arm.network({ who: { principalId: '00000000-0000-0000-0000-0000000000c1' }, subscriptionId: labSub, maxRetries: 0 });
      await assert.rejects(probe(stranger, lab.vm('london'), lab.vm('madrid')), (error) => armCode(error) === 'AuthorizationFailed');
    } finally {
      await arm.emulator.control.updateSettings({ rbac: false });
    }
  });

  test('loaded from a JSON file, the same world', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    dirs.push(dir);
    const file = join(dir, 'lab.json');
    writeFileSync(file, JSON.stringify(londonMadridScenario()));
    const loaded = await arm.emulator.control.loadScenario(file);
    assert.deepEqual([loaded.name, loaded.counts], ['london-madrid', { resourceGroups: 3, virtualNetworks: 2, peerings: 0, networkSecurityGroups: 4, networkInterfaces: 2, virtualMachines: 2 }]);
  });
});

describe('hub-spoke-N and mesh-N', () => {
  test('names are parsed (default 50 spokes, 10 mesh members); peerings Connected both ways; two subscriptions; a VM on a sample incl. the hub', async () => {
    const hub = await arm.emulator.control.loadScenario('hub-spoke');
    assert.deepEqual([hub.name, hub.counts.virtualNetworks, hub.counts.peerings], ['hub-spoke-50', 51, 100]);
    const state = await arm.emulator.control.state();
    assert.deepEqual([...new Set(Object.values(state.virtualNetworks).map((v) => v.subscriptionId))].sort(), [...generatedSubscriptionIds]);
    const vmCount = Object.keys(state.virtualMachines).length;
    assert.ok(vmCount >= 11 && vmCount < 51, `about one VNet in five has a VM, got ${vmCount}`);
    assert.ok(Object.values(state.virtualMachines).some((vm) => vm.name === 'vm-hub'));
    assert.deepEqual((await arm.emulator.control.loadScenario('mesh')).counts.peerings, 90);
    const mesh4 = await arm.emulator.control.loadScenario('mesh-4');
    assert.deepEqual([mesh4.name, mesh4.counts.virtualNetworks, mesh4.counts.peerings], ['mesh-4', 4, 12]);
    assert.throws(() => loadScenario('hub-spoke-0', 1), /count must be 1 to 4095/);
  });

  test('the same seed builds the same world; another seed another one', () => {
    const build = (name: string, seed: number) => buildWorld(loadScenario(name, seed), createRng(seed), 'key');
    assert.deepEqual(build('hub-spoke-20', 7), build('hub-spoke-20', 7));
    assert.deepEqual(build('mesh-6', 3), build('mesh-6', 3));
    assert.notDeepEqual(loadScenario('hub-spoke-20', 7), loadScenario('hub-spoke-20', 8));
  });

  test('probes in a generated world: hub ↔ spoke reachable across subscriptions, spoke ↔ spoke not (not transitive)', async () => {
    await arm.emulator.control.loadScenario('hub-spoke-12', 5);
    const state = await arm.emulator.control.state();
    const vms = Object.values(state.virtualMachines);
    const hubVm = vms.find((vm) => vm.name === 'vm-hub');
    const spokes = vms.filter((vm) => vm.name.startsWith('vm-spoke-'));
    assert.ok(hubVm && spokes.length >= 2);
    const [first, second] = spokes as [typeof spokes[number], typeof spokes[number]];
    const hubNet = arm.network({ subscriptionId: hubVm.subscriptionId });
    assert.equal((await probe(hubNet, hubVm.id, first.id, { watcher: ['NetworkWatcherRG', 'NetworkWatcher_westeurope'] })).connectionStatus, 'Reachable');
    const spokeNet = arm.network({ subscriptionId: first.subscriptionId });
    const across = await probe(spokeNet, first.id, second.id, { watcher: ['NetworkWatcherRG', `NetworkWatcher_${first.location}`] });
    assert.deepEqual(issuesOf(across).map((i) => [i.type, i.context.NextHopType]), [['Platform', 'None']]);
  });
});
