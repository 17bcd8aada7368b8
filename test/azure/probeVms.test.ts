/**
 * Finding the VMs a probe can use in a VNet: NICs listed once per subscription, tags from one VM list per
 * resource group, a VM tagged `peering-probe=true` first; picking one inside a newly added prefix.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { listProbeVms, pickProbeVm } from '../../src/azure/probeVms.js';
import { hubAndThreeSpokes, startAzureTest, vnetId, type AzureTest } from './support/azureKit.js';

let t: AzureTest;
before(async () => {
  t = await startAzureTest();
});
after(() => t.close());
beforeEach(() => t.reset());

describe('listProbeVms', () => {
  test('the tagged VM comes first; each VM with its NIC, private address, subnet, region and OS', async () => {
    const result = await listProbeVms(vnetId('rg1', 's1'), { clients: t.clients });
    assert.ok(result.ok);
    assert.deepEqual(
      result.vms.map((vm) => [vm.vmName, vm.tagged, vm.privateIpAddress, vm.subnetId.split('/').at(-1), vm.location, vm.osType]),
      [
        ['vm-s1-b', true, '10.1.0.5', 'default', 'westeurope', 'Linux'],
        ['vm-s1-a', false, '10.1.0.4', 'default', 'westeurope', 'Linux'],
      ],
    );
    assert.match(result.vms[0]?.vmId ?? '', /\/providers\/Microsoft\.Compute\/virtualMachines\/vm-s1-b$/);
    const counts = await t.counts();
    assert.deepEqual([counts.byOperation.NetworkInterfaces_ListAll, counts.byOperation.VirtualMachines_List, counts.byKind.write], [1, 1, 0]);
  });

  test('a VNet without VMs has none, and costs only the NIC list', async () => {
    const result = await listProbeVms(vnetId('rg2', 's3'), { clients: t.clients });
    assert.deepEqual(result, { ok: true, vms: [] });
    const counts = await t.counts();
    assert.equal(counts.byOperation.VirtualMachines_List, undefined);
  });

  test('pickProbeVm: the first, or the first inside a prefix (a probe to a newly added range)', async () => {
    await t.reset({
      ...hubAndThreeSpokes,
      virtualNetworks: (hubAndThreeSpokes.virtualNetworks ?? []).map((v) =>
        v.name === 's2' ? { ...v, addressPrefixes: ['10.2.0.0/16', '10.20.0.0/16'], subnets: [...(v.subnets ?? []), { name: 'new', addressPrefix: '10.20.0.0/24' }] } : v,
      ),
      virtualMachines: [...(hubAndThreeSpokes.virtualMachines ?? []), { resourceGroup: 'rg1', name: 'vm-s2-new', osType: 'Linux', nics: [{ vnet: 'rg1/s2', subnet: 'new' }] }],
    });
    const result = await listProbeVms(vnetId('rg1', 's2'), { clients: t.clients });
    assert.ok(result.ok);
    assert.equal(pickProbeVm(result.vms)?.vmName, 'vm-s2');
    assert.equal(pickProbeVm(result.vms, '10.20.0.0/16')?.vmName, 'vm-s2-new');
    assert.equal(pickProbeVm(result.vms, '10.99.0.0/16'), undefined);
  });
});
