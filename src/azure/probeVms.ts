/**
 * The VMs a probe can use in a VNet: NICs listed once per subscription (a NIC lives in its VNet's
 * subscription and region, so the list is complete), kept when an ip configuration sits in one of the
 * VNet's subnets and the NIC is attached to a VM; the VMs' tags come from one list per resource group.
 * A VM tagged `peering-probe=true` is preferred (DESIGN.md: probe VMs may be named by tag).
 */
import type { NetworkInterface } from '@azure/arm-network';
import { cidrContains } from '../domain/cidr.js';
import { parseVnetId, resourceKey } from '../domain/resourceId.js';
import { armClientsFromEnv } from './armClients.js';
import { armCall, type ArmResult } from './armErrors.js';
import type { ArmReadOptions } from './armReads.js';

/** The tag that names a VM as the probe endpoint of its VNet. */
export const PROBE_TAG = 'peering-probe';

/** A VM usable as probe source or destination in a VNet. */
export interface ProbeVm {
  readonly vmId: string;
  readonly vmName: string;
  readonly nicId: string;
  /** Private IPv4 address of the ip configuration in the VNet. */
  readonly privateIpAddress: string;
  readonly subnetId: string;
  readonly location: string;
  /** Tagged `peering-probe=true`. */
  readonly tagged: boolean;
  /** `Windows` or `Linux` (the OS disk's type), when ARM says. */
  readonly osType?: string;
}

function resourceGroupOf(id: string): string | undefined {
  return /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];
}

function nameOf(id: string): string {
  return id.split('/').filter(Boolean).at(-1) ?? id;
}

type Candidate = Omit<ProbeVm, 'tagged' | 'osType'>;

function candidates(nics: readonly NetworkInterface[], vnetId: string): Candidate[] {
  const subnetPrefix = `${resourceKey(vnetId)}/subnets/`;
  const found: Candidate[] = [];
  for (const nic of nics) {
    const vmId = nic.virtualMachine?.id;
    if (!vmId || !nic.id) continue;
    const config = (nic.ipConfigurations ?? []).find(
      (c) => c.privateIPAddress && (c.privateIPAddressVersion ?? 'IPv4') === 'IPv4' && resourceKey(c.subnet?.id ?? '').startsWith(subnetPrefix),
    );
    if (!config?.privateIPAddress || !config.subnet?.id) continue;
    found.push({ vmId, vmName: nameOf(vmId), nicId: nic.id, privateIpAddress: config.privateIPAddress, subnetId: config.subnet.id, location: nic.location ?? '' });
  }
  return found;
}

/**
 * The VMs with a NIC in `vnetId`, tagged ones first, then by name. One NIC list of the VNet's subscription
 * plus one VM list per resource group holding such VMs.
 */
export async function listProbeVms(vnetId: string, options: ArmReadOptions = {}): Promise<ArmResult<{ vms: ProbeVm[] }>> {
  const result = await listProbeVmsOf([vnetId], options);
  return result.ok ? { ok: true, vms: result.byVnet[resourceKey(vnetId)] ?? [] } : result;
}

/**
 * The probe VMs of several VNets at once (a pass probing many pairs): one NIC list per subscription and one
 * VM list per resource group holding candidates, whatever the number of VNets. `byVnet` is keyed by
 * `resourceKey(vnetId)`; each list is sorted as {@link listProbeVms} sorts it.
 */
export async function listProbeVmsOf(vnetIds: readonly string[], options: ArmReadOptions = {}): Promise<ArmResult<{ byVnet: Record<string, ProbeVm[]> }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const bySubscription = new Map<string, string[]>();
  for (const vnetId of vnetIds) {
    const sub = parseVnetId(vnetId).subscriptionId.toLowerCase();
    bySubscription.set(sub, [...(bySubscription.get(sub) ?? []), vnetId]);
  }
  const byVnet: Record<string, ProbeVm[]> = {};
  for (const [subscriptionId, ids] of bySubscription) {
    const result = await armCall(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/networkInterfaces`, async () => {
      const network = await clients.network(subscriptionId);
      const nics: NetworkInterface[] = [];
      for await (const nic of network.networkInterfaces.listAll()) nics.push(nic);
      const found = new Map(ids.map((id) => [resourceKey(id), candidates(nics, id)]));
      const all = [...found.values()].flat();
      const tagged = new Set<string>();
      const osTypes = new Map<string, string>();
      if (all.length > 0) {
        const compute = await clients.compute(subscriptionId);
        const groups = new Map(all.map((c) => resourceGroupOf(c.vmId)).filter((g): g is string => g !== undefined).map((g) => [g.toLowerCase(), g]));
        for (const group of groups.values()) {
          for await (const vm of compute.virtualMachines.list(group)) {
            const value = Object.entries(vm.tags ?? {}).find(([k]) => k.toLowerCase() === PROBE_TAG)?.[1];
            if (!vm.id) continue;
            if (value?.toLowerCase() === 'true') tagged.add(resourceKey(vm.id));
            const osType = vm.storageProfile?.osDisk?.osType;
            if (osType) osTypes.set(resourceKey(vm.id), osType);
          }
        }
      }
      for (const [key, list] of found) {
        byVnet[key] = list
          .map((c): ProbeVm => {
            const osType = osTypes.get(resourceKey(c.vmId));
            return { ...c, tagged: tagged.has(resourceKey(c.vmId)), ...(osType ? { osType } : {}) };
          })
          .sort((x, y) => Number(y.tagged) - Number(x.tagged) || x.vmName.localeCompare(y.vmName));
      }
      return {};
    });
    if (!result.ok) return result;
  }
  return { ok: true, byVnet };
}

/**
 * Picks the probe VM: the first (tagged first) whose address lies in `inPrefix` when given (a probe to a
 * newly added prefix needs a VM inside it), else the first. `undefined` when none fits.
 */
export function pickProbeVm(vms: readonly ProbeVm[], inPrefix?: string): ProbeVm | undefined {
  if (inPrefix === undefined) return vms[0];
  return vms.find((vm) => {
    try {
      return cidrContains(inPrefix, vm.privateIpAddress);
    } catch {
      return false;
    }
  });
}
