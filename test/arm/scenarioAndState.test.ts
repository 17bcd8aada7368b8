/**
 * Scenarios (file and named, deterministic with a seed) and `--state FILE` restarts of a spawned emulator
 * (graceful stop and SIGKILL), including a token minted before the restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { NetworkManagementClient } from '@azure/arm-network';
import { EmulatorCredential } from '../../local/arm/auth/emulatorCredential.js';
import { buildWorld } from '../../local/arm/scenario/buildWorld.js';
import { loadScenario } from '../../local/arm/scenario/loadScenario.js';
import { createRng } from '../../local/arm/rng.js';
import { spawnArmEmulator, type SpawnedEmulator } from '../../local/arm/spawn.js';
import { repoRoot } from '../../local/repoRoot.js';
import { startTestArm, sub1 } from './support/armTestKit.js';

const pairFile = join(repoRoot(), 'test', 'fixtures', 'scenarios', 'pair.json');
const dirs: string[] = [];
const running: SpawnedEmulator[] = [];
after(async () => {
  for (const emulator of running) await emulator.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('scenarios', () => {
  test('a scenario file seeds groups, VNets, subnets with NSGs, NICs, VMs with guest firewall and agent, principals', async () => {
    const arm = await startTestArm({ scenario: pairFile });
    try {
      const net = arm.network();
      const vnet = await net.virtualNetworks.get('rg-west', 'vnet-west');
      assert.equal(vnet.subnets?.[0]?.networkSecurityGroup?.id?.endsWith('/nsg-west'), true);
      assert.equal(vnet.subnets?.[0]?.ipConfigurations?.length, 1);
      const nic = await net.networkInterfaces.get('rg-west', 'vm-west-nic');
      assert.equal(nic.ipConfigurations?.[0]?.privateIPAddress, '10.1.1.4');
      const vm = await arm.raw('GET', `/subscriptions/${sub1}/resourceGroups/rg-west/providers/Microsoft.Compute/virtualMachines/vm-west?api-version=2024-07-01&$expand=instanceView`);
      const properties = (vm.body as { properties: { instanceView: { statuses: Array<{ code: string }> } } }).properties;
      assert.ok(properties.instanceView.statuses.some((s) => s.code === 'PowerState/running'));
      const state = await arm.emulator.control.state();
      const record = Object.values(state.virtualMachines)[0];
      assert.deepEqual([record?.guestFirewall.blockIcmp, record?.networkWatcherAgent], [true, true]);
      assert.equal(state.portalPrincipalId, '00000000-0000-0000-0000-0000000000b2');
      assert.equal(state.roleAssignments.length, 2);
    } finally {
      await arm.close();
    }
  });

  test('the same scenario and seed build the same world; a bad reference is named', () => {
    const document = loadScenario(pairFile, 3);
    const a = buildWorld(document, createRng(3), 'k');
    const b = buildWorld(document, createRng(3), 'k');
    assert.deepEqual(a, b);
    assert.throws(() => buildWorld({ ...document, virtualMachines: [{ resourceGroup: 'rg-west', name: 'x', osType: 'Linux', nics: [{ vnet: 'rg-west/nope', subnet: 'workload' }] }] }, createRng(1), 'k'), /scenario pair: VM .*\/x: VNet rg-west\/nope is not declared/);
    assert.throws(() => loadScenario('no-such-scenario', undefined), /known scenarios are empty/);
  });
});

describe('--state FILE', () => {
  test('a spawned emulator keeps its world across a stop and a SIGKILL; old tokens stay valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arm-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'world.json');
    const first = await spawnArmEmulator({ fast: true, scenario: pairFile, state: stateFile, seed: 5 });
    running.push(first);
    const credential = new EmulatorCredential(first.control, 'app');
    const token = await credential.getToken('https://management.azure.com/.default');
    const client = (url: string) => new NetworkManagementClient({ getToken: async () => token }, sub1, { endpoint: url });
    await client(first.url).virtualNetworkPeerings.createOrUpdate('rg-west', 'vnet-west', 'west-north', {
      remoteVirtualNetwork: { id: `/subscriptions/${sub1}/resourceGroups/rg-north/providers/Microsoft.Network/virtualNetworks/vnet-north` },
    });
    await first.stop();

    const second = await spawnArmEmulator({ fast: true, state: stateFile, seed: 6 });
    running.push(second);
    const afterStop = await client(second.url).virtualNetworkPeerings.get('rg-west', 'vnet-west', 'west-north');
    assert.equal(afterStop.peeringState, 'Initiated');
    await client(second.url).virtualNetworkPeerings.createOrUpdate('rg-north', 'vnet-north', 'north-west', {
      remoteVirtualNetwork: { id: `/subscriptions/${sub1}/resourceGroups/rg-west/providers/Microsoft.Network/virtualNetworks/vnet-west` },
    });
    await second.kill();

    const third = await spawnArmEmulator({ fast: true, state: stateFile });
    running.push(third);
    assert.equal((await client(third.url).virtualNetworkPeerings.get('rg-west', 'vnet-west', 'west-north')).peeringState, 'Connected');
    await third.stop();
  });
});
