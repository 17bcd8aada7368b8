/**
 * The store: the world state plus the lookups handlers need. Records are keyed by lower-cased id; every
 * mutation goes through a handler that calls {@link Store.changed}, which bumps the version the pipeline
 * uses to decide whether to save `--state`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { resourceGroupNotFound, resourceNotFound } from './errors.js';
import { idKey, parentId, resourceGroupId } from './ids.js';
import type {
  NetworkInterface,
  NetworkSecurityGroup,
  NetworkWatcher,
  Peering,
  Principal,
  ResourceGroup,
  VirtualMachine,
  VirtualNetwork,
  WorldState,
} from './model.js';

/** Default ids of the two principals every world has. */
export const defaultTenantId = '00000000-0000-0000-0000-00000000c0de';
export const defaultAppPrincipal: Principal = { id: '00000000-0000-0000-0000-0000000000a1', name: 'vnet-peering-keeper (managed identity)', kind: 'ManagedIdentity' };
export const defaultPortalPrincipal: Principal = { id: '00000000-0000-0000-0000-0000000000b1', name: 'portal.user@contoso.example', kind: 'User' };

/** A world with no resources, the two default principals, RBAC off. */
export function emptyWorld(signingKey: string): WorldState {
  return {
    format: 'arm-emulator-state/1',
    tenantId: defaultTenantId,
    signingKey,
    settings: { rbac: false, legacyAddressSpace: false },
    principals: [defaultAppPrincipal, defaultPortalPrincipal],
    appPrincipalId: defaultAppPrincipal.id,
    portalPrincipalId: defaultPortalPrincipal.id,
    roleAssignments: [],
    resourceGroups: {},
    virtualNetworks: {},
    networkSecurityGroups: {},
    networkInterfaces: {},
    virtualMachines: {},
    networkWatchers: {},
    operations: {},
    eventSubscriptions: {},
  };
}

/** The collections that hold top-level resources. */
type Collection = 'resourceGroups' | 'virtualNetworks' | 'networkSecurityGroups' | 'networkInterfaces' | 'virtualMachines' | 'networkWatchers';

/** Holds the world and answers questions about it. */
export class Store {
  /** Bumped on every change; the pipeline saves `--state` when it moved. */
  version = 0;

  constructor(public state: WorldState) {}

  /** Marks the state changed. */
  changed(): void {
    this.version++;
  }

  /** Replaces the whole world (scenario load, reset). */
  replace(state: WorldState): void {
    this.state = state;
    this.changed();
  }

  principal(id: string): Principal | undefined {
    return this.state.principals.find((p) => p.id.toLowerCase() === id.toLowerCase());
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroup | undefined {
    return this.state.resourceGroups[idKey(resourceGroupId(subscriptionId, name))];
  }

  /** The resource group, or ARM's 404 `ResourceGroupNotFound`. */
  requireResourceGroup(subscriptionId: string, name: string): ResourceGroup {
    const group = this.resourceGroup(subscriptionId, name);
    if (!group) throw resourceGroupNotFound(name);
    return group;
  }

  get<C extends Collection>(collection: C, id: string): WorldState[C][string] | undefined {
    return this.state[collection][idKey(id)] as WorldState[C][string] | undefined;
  }

  put<C extends Collection>(collection: C, record: WorldState[C][string]): void {
    (this.state[collection] as Record<string, WorldState[C][string]>)[idKey(record.id)] = record;
    this.changed();
  }

  remove(collection: Collection, id: string): void {
    delete this.state[collection][idKey(id)];
    this.changed();
  }

  /** Records of a collection in a subscription (and resource group), sorted by id for stable paging. */
  list<C extends Collection>(collection: C, subscriptionId: string, resourceGroup?: string): Array<WorldState[C][string]> {
    const prefix = idKey(resourceGroup ? `${resourceGroupId(subscriptionId, resourceGroup)}/` : `/subscriptions/${subscriptionId}/`);
    return Object.entries(this.state[collection] as Record<string, WorldState[C][string]>)
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, record]) => record);
  }

  vnet(id: string): VirtualNetwork | undefined {
    return this.get('virtualNetworks', id);
  }

  /** The VNet, or ARM's 404 (`ResourceGroupNotFound` first when the group is missing). */
  requireVnet(subscriptionId: string, resourceGroup: string, name: string): VirtualNetwork {
    this.requireResourceGroup(subscriptionId, resourceGroup);
    const vnet = this.vnet(`${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.Network/virtualNetworks/${name}`);
    if (!vnet) throw resourceNotFound('Microsoft.Network/virtualNetworks', name, resourceGroup);
    return vnet;
  }

  nsg(id: string): NetworkSecurityGroup | undefined {
    return this.get('networkSecurityGroups', id);
  }

  nic(id: string): NetworkInterface | undefined {
    return this.get('networkInterfaces', id);
  }

  vm(id: string): VirtualMachine | undefined {
    return this.get('virtualMachines', id);
  }

  networkWatcher(id: string): NetworkWatcher | undefined {
    return this.get('networkWatchers', id);
  }

  /** The NIC ip configuration holding a private address, preferring VNets in `preferVnetIds` (address spaces may overlap across unpeered VNets). */
  ipConfigurationByAddress(address: string, preferVnetIds: readonly string[] = []): { nic: NetworkInterface; ipConfigurationId: string; subnetId: string } | undefined {
    const found: Array<{ nic: NetworkInterface; ipConfigurationId: string; subnetId: string }> = [];
    for (const nic of Object.values(this.state.networkInterfaces)) {
      for (const config of nic.ipConfigurations) {
        if (config.privateIPAddress === address) found.push({ nic, ipConfigurationId: `${nic.id}/ipConfigurations/${config.name}`, subnetId: config.subnetId });
      }
    }
    const preferred = new Set(preferVnetIds.map(idKey));
    return found.find((f) => preferred.has(idKey(parentId(f.subnetId)))) ?? found[0];
  }

  /** Links on other VNets that point at `vnetId`: `[vnet holding the link, the link]`. */
  linksPointingAt(vnetId: string): Array<{ vnet: VirtualNetwork; peering: Peering }> {
    const key = idKey(vnetId);
    const out: Array<{ vnet: VirtualNetwork; peering: Peering }> = [];
    for (const vnet of Object.values(this.state.virtualNetworks)) {
      for (const peering of vnet.peerings) if (idKey(peering.remoteVirtualNetworkId) === key) out.push({ vnet, peering });
    }
    return out;
  }

  /** NIC ip configurations placed in a subnet: `[nic, ipConfiguration name]`. */
  ipConfigurationsInSubnet(subnetId: string): Array<{ nic: NetworkInterface; ipConfigurationId: string; address: string }> {
    const key = idKey(subnetId);
    const out: Array<{ nic: NetworkInterface; ipConfigurationId: string; address: string }> = [];
    for (const nic of Object.values(this.state.networkInterfaces)) {
      for (const config of nic.ipConfigurations) {
        if (idKey(config.subnetId) === key) out.push({ nic, ipConfigurationId: `${nic.id}/ipConfigurations/${config.name}`, address: config.privateIPAddress });
      }
    }
    return out;
  }
}

/** Loads a saved world, or `undefined` when the file does not exist. */
export function loadState(file: string): WorldState | undefined {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as WorldState;
  if (state.format !== 'arm-emulator-state/1') throw new Error(`state file ${file}: unknown format '${String(state.format)}'`);
  // Files saved before Network Watcher and Event Grid existed lack their collections.
  state.networkWatchers ??= {};
  state.eventSubscriptions ??= {};
  return state;
}

/** Saves the world atomically (temp file + rename), so a killed emulator never leaves half a file. */
export function saveState(file: string, state: WorldState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}
