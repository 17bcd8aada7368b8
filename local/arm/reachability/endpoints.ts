/**
 * The ends of a connection in the model: a VM's primary NIC ip configuration with its subnet and VNet, or
 * the NIC that holds a private address.
 */
import { parseIpv4 } from '../cidr.js';
import { parentId } from '../ids.js';
import type { VirtualMachine } from '../model.js';
import { findSubnet } from '../resources/networkInterfaces.js';
import type { EmulatorEnv } from '../emulatorEnv.js';
import type { FilterPoint } from './securityRules.js';

/** A VM-side end of a connection. */
export interface Endpoint extends FilterPoint {
  /** The VM behind the NIC, when it is attached to one. */
  vm?: VirtualMachine;
  ipConfigurationId: string;
  address: string;
  addressValue: number;
}

/** The endpoint of a NIC ip configuration, if its subnet and VNet exist. */
function endpointOf(env: EmulatorEnv, nicId: string, configName?: string): Endpoint | undefined {
  const nic = env.store.nic(nicId);
  const config = nic?.ipConfigurations.find((c) => (configName ? c.name.toLowerCase() === configName.toLowerCase() : c.primary)) ?? nic?.ipConfigurations[0];
  if (!nic || !config) return undefined;
  const vnet = env.store.vnet(parentId(config.subnetId));
  const subnet = findSubnet(env, config.subnetId);
  const addressValue = parseIpv4(config.privateIPAddress);
  if (!vnet || !subnet || addressValue === undefined) return undefined;
  const vm = nic.virtualMachineId ? env.store.vm(nic.virtualMachineId) : undefined;
  return { vnet, subnet, nic, ...(vm ? { vm } : {}), ipConfigurationId: `${nic.id}/ipConfigurations/${config.name}`, address: config.privateIPAddress, addressValue };
}

/** A VM's primary NIC endpoint. */
export function vmEndpoint(env: EmulatorEnv, vm: VirtualMachine): Endpoint | undefined {
  const primary = vm.networkInterfaceIds[0];
  return primary ? endpointOf(env, primary) : undefined;
}

/** The endpoint holding a private address, preferring the given VNets (address spaces of unpeered VNets may overlap). */
export function addressEndpoint(env: EmulatorEnv, address: string, preferVnetIds: readonly string[]): Endpoint | undefined {
  const holder = env.store.ipConfigurationByAddress(address, preferVnetIds);
  return holder ? endpointOf(env, holder.nic.id, holder.ipConfigurationId.split('/').pop()) : undefined;
}
