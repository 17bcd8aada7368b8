/**
 * The portal CLI (`npm run az`): real SDK calls signed in as the portal principal, not the app's.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../local/repoRoot.js';
import { fourVnets, startTestArm, sub1, vnetId, type TestArm } from './support/armTestKit.js';

const run = promisify(execFile);
const azScript = join(repoRoot(), 'dist', 'local', 'arm', 'cli', 'az.js');
let arm: TestArm;

before(async () => {
  arm = await startTestArm();
  await arm.emulator.control.loadScenario({
    ...fourVnets,
    networkSecurityGroups: [{ resourceGroup: 'rg1', name: 'nsg1' }],
    virtualMachines: [{ resourceGroup: 'rg1', name: 'vm1', osType: 'Windows', nics: [{ vnet: 'rg1/a', subnet: 'default' }] }],
  });
});
after(() => arm.close());

async function az(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [azScript, ...args, '--emulator', arm.emulator.url, '--subscription', sub1], { env: { ...process.env } });
  return JSON.parse(stdout) as unknown;
}

test('az changes an address space, deletes one side of a peering, adds an NSG rule, toggles the guest firewall — as the portal user', async () => {
  const net = arm.network();
  await net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
  await net.virtualNetworkPeerings.createOrUpdate('rg1', 'b', 'b-a', { remoteVirtualNetwork: { id: vnetId('rg1', 'a') } });
  await arm.emulator.control.clearActivity();

  await az('vnet', 'set-address-space', '-g', 'rg1', '-n', 'a', '--prefixes', '10.1.0.0/16,10.99.0.0/16');
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'b', 'b-a')).peeringSyncLevel, 'LocalNotInSync');
  await az('peering', 'sync', '-g', 'rg1', '--vnet', 'b', '-n', 'b-a');
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'a', 'a-b')).peeringSyncLevel, 'FullyInSync');
  await az('peering', 'delete', '-g', 'rg1', '--vnet', 'b', '-n', 'b-a');
  assert.equal((await net.virtualNetworkPeerings.get('rg1', 'a', 'a-b')).peeringState, 'Disconnected');
  const rule = (await az('nsg', 'rule-add', '-g', 'rg1', '--nsg', 'nsg1', '-n', 'deny-icmp', '--priority', '100', '--direction', 'Inbound', '--access', 'Deny', '--protocol', 'Icmp')) as { name: string };
  assert.equal(rule.name, 'deny-icmp');
  const vmId = `/subscriptions/${sub1}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1`;
  const vm = (await az('vm', 'firewall', '--id', vmId, '--block-icmp', 'false')) as { guestFirewall: { blockIcmp: boolean } };
  assert.equal(vm.guestFirewall.blockIcmp, false);

  const { records } = await arm.emulator.control.activity();
  const { portalPrincipalId } = await arm.emulator.control.principals();
  assert.deepEqual(
    records.map((r) => r.operationName),
    ['Microsoft.Network/virtualNetworks/write', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete', 'Microsoft.Network/networkSecurityGroups/securityRules/write'],
  );
  assert.ok(records.every((r) => r.principalId === portalPrincipalId));
});

test('az names the problem when a command fails', async () => {
  await assert.rejects(az('peering', 'create', '-g', 'rg1', '--vnet', 'a', '-n', 'self', '--remote-vnet', vnetId('rg1', 'a')), /CannotPeerVirtualNetworkWithItself/);
});
