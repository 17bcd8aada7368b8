/**
 * The portal CLI (`npm run az`): real SDK calls signed in as the portal principal, not the app's; one
 * readable line per command (`--json` for the object), exit 1 on ARM errors and 2 on usage errors.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { runAz } from '../../local/arm/cli/azCommands.js';
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

/** Runs the CLI in-process (the SDK is loaded once); output lines and exit code. */
async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAz([...args, '--emulator', arm.emulator.url], { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env: {} });
  return { code, stdout: stdout.trim(), stderr: stderr.trim() };
}

async function az(...args: string[]): Promise<unknown> {
  const result = await runInProcess([...args, '--subscription', sub1, '--json']);
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as unknown;
}

/** The one-line output of a command (its subscription found by the CLI itself). */
async function azLine(...args: string[]): Promise<string> {
  const result = await runInProcess(args);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** The exit code and stderr of a failing command. */
async function azFailure(...args: string[]): Promise<{ code: number; stderr: string }> {
  const result = await runInProcess(args);
  assert.notEqual(result.code, 0, `az ${args.join(' ')} succeeded`);
  return result;
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

test('the npm script: one line on stdout, exit 1 with the ARM code on stderr', async () => {
  const { stdout } = await run(process.execPath, [azScript, 'vnet', 'show', '-g', 'rg2', '-n', 'c', '--emulator', arm.emulator.url, '--subscription', sub1]);
  assert.equal(stdout.trim(), 'c (northeurope) 10.3.0.0/16 | subnets - | peerings - | tags -');
  await assert.rejects(run(process.execPath, [azScript, 'vnet', 'show', '-g', 'rg1', '-n', 'nope', '--emulator', arm.emulator.url, '--subscription', sub1]), (error: { code: number; stderr: string }) => error.code === 1 && /^az: ResourceNotFound: /.test(error.stderr));
});

test('az names the problem when a command fails: exit 1 with the ARM code, exit 2 on a usage error', async () => {
  await assert.rejects(az('peering', 'create', '-g', 'rg1', '--vnet', 'a', '-n', 'self', '--remote-vnet', vnetId('rg1', 'a')), /CannotPeerVirtualNetworkWithItself/);
  const refused = await azFailure('peering', 'create', '-g', 'rg1', '--vnet', 'a', '-n', 'self', '--remote-vnet', vnetId('rg1', 'a'), '--subscription', sub1);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^az: CannotPeerVirtualNetworkWithItself: /);
  const usage = await azFailure('vnet', 'show', '--subscription', sub1);
  assert.deepEqual([usage.code, usage.stderr.trim()], [2, 'az: missing -g RESOURCE_GROUP']);
});

test('the lab walked as in the demo, one line per step: peer, probe, allow ICMP, add a prefix with a subnet and a VM, sync, tag', async () => {
  await arm.emulator.control.loadScenario('london-madrid');
  try {
    const madrid = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-madrid/providers/Microsoft.Network/virtualNetworks/vnet-madrid';
    const london = madrid.replace(/madrid/g, 'london');
    assert.match(await azLine('peering', 'create', '-g', 'rg-london', '--vnet', 'vnet-london', '-n', 'london-to-madrid', '--remote-vnet', madrid), /^london-to-madrid on vnet-london → vnet-madrid: Initiated, RemoteNotInSync/);
    assert.match(await azLine('peering', 'create', '-g', 'rg-madrid', '--vnet', 'vnet-madrid', '-n', 'madrid-to-london', '--remote-vnet', london), /: Connected, FullyInSync/);
    assert.match(await azLine('watcher', 'check', '--source', 'rg-london/vm-london', '--dest', 'rg-madrid/vm-madrid'), /^Unreachable vm-london → vm-madrid \(Icmp\): GuestFirewall local at VirtualNetwork 10\.2\.0\.4: the Windows firewall of vm-madrid drops inbound ICMPv4/);
    assert.equal(await azLine('vm', 'firewall', '-g', 'rg-madrid', '-n', 'vm-madrid', '--block-icmp', 'false'), 'guest firewall of vm-madrid: ICMP allowed, TCP 3389 open');
    assert.match(await azLine('watcher', 'check', '--source', 'rg-london/vm-london', '--dest', 'rg-madrid/vm-madrid'), /^Reachable vm-london → vm-madrid \(Icmp\): 30 ms avg/);
    assert.match(await azLine('vnet', 'address-add', '-g', 'rg-london', '-n', 'vnet-london', '--prefix', '10.3.0.0/16'), /^vnet-london \(uksouth\) 10\.1\.0\.0\/16,10\.3\.0\.0\/16 \|.*london-to-madrid→vnet-madrid Connected\/RemoteNotInSync/);
    assert.equal(await azLine('subnet', 'create', '-g', 'rg-london', '--vnet', 'vnet-london', '-n', 'london-2', '--prefix', '10.3.0.0/24'), 'subnet london-2 in vnet-london: 10.3.0.0/24 (Succeeded)');
    assert.equal(await azLine('vm', 'create', '-g', 'rg-london', '-n', 'vm-london-2', '--vnet', 'vnet-london', '--subnet', 'london-2', '--os-type', 'Linux'), 'VM vm-london-2 (Linux, uksouth) on NIC vm-london-2-nic: 10.3.0.4 in vnet-london/london-2, Network Watcher agent installed');
    assert.match(await azLine('watcher', 'check', '--source', 'rg-madrid/vm-madrid', '--dest', 'rg-london/vm-london-2'), /^Unreachable .*prefix 10\.3\.0\.0\/16 of vnet-london is not synced into peering madrid-to-london/);
    await azLine('peering', 'sync', '-g', 'rg-madrid', '--vnet', 'vnet-madrid', '-n', 'madrid-to-london');
    assert.match(await azLine('watcher', 'check', '--source', 'rg-london/vm-london-2', '--dest', 'rg-madrid/vm-madrid', '--protocol', 'Tcp', '--port', '3389'), /^Reachable vm-london-2 → vm-madrid \(Tcp\/3389\)/);
    assert.match(await azLine('vnet', 'tag', '-g', 'rg-madrid', '-n', 'vnet-madrid', '--tags', 'peering-strategy=recreate'), /tags office=madrid,peering-strategy=recreate$/);
    const { records } = await arm.emulator.control.activity();
    const { portalPrincipalId } = await arm.emulator.control.principals();
    assert.ok(records.length > 0 && records.every((r) => r.principalId === portalPrincipalId), 'every change made as the portal user');
  } finally {
    await arm.emulator.control.loadScenario({
      ...fourVnets,
      networkSecurityGroups: [{ resourceGroup: 'rg1', name: 'nsg1' }],
      virtualMachines: [{ resourceGroup: 'rg1', name: 'vm1', osType: 'Windows', nics: [{ vnet: 'rg1/a', subnet: 'default' }] }],
    });
  }
});
