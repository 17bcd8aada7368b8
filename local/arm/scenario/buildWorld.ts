/**
 * Turns a scenario into a world state: every resource `Succeeded`, ids in ARM's casing, NIC addresses
 * allocated in order (deterministic for a given scenario and seed). Problems name the scenario entry.
 */
import { formatIpv4, parseIpv4, parsePrefix, prefixContains, prefixContainsAddress } from '../cidr.js';
import { idKey, resourceGroupId, resourceId } from '../ids.js';
import type { NetworkInterface, NetworkSecurityGroup, Peering, VirtualMachine, VirtualNetwork, WorldState } from '../model.js';
import type { Rng } from '../rng.js';
import { defaultAppPrincipal, defaultPortalPrincipal, emptyWorld } from '../store.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from './scenarioSchema.js';

/** Validates a scenario document; throws an Error naming the scenario and the first problem. */
export function parseScenario(input: unknown, origin: string): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(`scenario ${origin}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
}

/** Builds the world a scenario describes. */
export function buildWorld(input: ScenarioInput | Scenario, rng: Rng, signingKey: string): WorldState {
  const scenario = parseScenario(input, (input as { name?: string }).name ?? '(unnamed)');
  const fail = (what: string): never => {
    throw new Error(`scenario ${scenario.name}: ${what}`);
  };
  const world = emptyWorld(signingKey);
  const defaultSubscription = scenario.subscriptions[0] as string;
  if (scenario.tenantId) world.tenantId = scenario.tenantId;
  world.settings = { rbac: scenario.settings.rbac ?? false, legacyAddressSpace: scenario.settings.legacyAddressSpace ?? false };

  const principals = scenario.principals.map(({ role: _role, ...p }) => p);
  const app = scenario.principals.find((p) => p.role === 'app') ?? defaultAppPrincipal;
  const portal = scenario.principals.find((p) => p.role === 'portal') ?? defaultPortalPrincipal;
  world.principals = [...principals];
  for (const fallback of [app, portal]) if (!world.principals.some((p) => p.id === fallback.id)) world.principals.push({ id: fallback.id, name: fallback.name, kind: fallback.kind });
  world.appPrincipalId = app.id;
  world.portalPrincipalId = portal.id;
  world.roleAssignments = scenario.roleAssignments.map((a) => ({
    id: rng.uuid(),
    principalId: a.principal === 'app' ? app.id : a.principal === 'portal' ? portal.id : a.principal,
    scope: a.scope,
    role: a.role,
    ...(a.actions ? { actions: a.actions } : {}),
    ...(a.notActions ? { notActions: a.notActions } : {}),
  }));

  const groupLocation = (subscription: string, group: string): string =>
    world.resourceGroups[idKey(resourceGroupId(subscription, group))]?.location ?? fail(`resource group ${subscription}/${group} is not declared`);
  for (const group of scenario.resourceGroups) {
    const subscriptionId = group.subscription ?? defaultSubscription;
    const id = resourceGroupId(subscriptionId, group.name);
    world.resourceGroups[idKey(id)] = { id, subscriptionId, name: group.name, location: group.location, tags: group.tags ?? {} };
  }
  const etag = (): string => `W/"${rng.uuid()}"`;
  const nsgIdOf = (subscriptionId: string, group: string, ref: string): string =>
    ref.startsWith('/') ? ref : resourceId({ subscriptionId, resourceGroup: group, provider: 'Microsoft.Network', path: [['networkSecurityGroups', ref]] });
  const vnetIdOf = (ref: string): string => {
    if (ref.startsWith('/')) return ref;
    const [group, vnetName] = ref.split('/');
    if (!group || !vnetName) return fail(`VNet reference '${ref}' is neither <resourceGroup>/<name> nor an id`);
    return resourceId({ subscriptionId: defaultSubscription, resourceGroup: group, provider: 'Microsoft.Network', path: [['virtualNetworks', vnetName]] });
  };

  for (const entry of scenario.networkSecurityGroups) {
    const subscriptionId = entry.subscription ?? defaultSubscription;
    const id = nsgIdOf(subscriptionId, entry.resourceGroup, entry.name);
    const nsg: NetworkSecurityGroup = {
      id,
      subscriptionId,
      resourceGroup: entry.resourceGroup,
      name: entry.name,
      location: entry.location ?? groupLocation(subscriptionId, entry.resourceGroup),
      tags: entry.tags ?? {},
      securityRules: entry.rules.map(({ name, ...properties }) => ({ name, properties: { ...properties } })),
      extra: {},
      etag: etag(),
      resourceGuid: rng.uuid(),
      provisioningState: 'Succeeded',
    };
    world.networkSecurityGroups[idKey(id)] = nsg;
  }

  for (const entry of scenario.virtualNetworks) {
    const subscriptionId = entry.subscription ?? defaultSubscription;
    const id = resourceId({ subscriptionId, resourceGroup: entry.resourceGroup, provider: 'Microsoft.Network', path: [['virtualNetworks', entry.name]] });
    const space = entry.addressPrefixes.map((p) => parsePrefix(p) ?? fail(`VNet ${id}: address prefix '${p}' is not a valid CIDR prefix`));
    const vnet: VirtualNetwork = {
      id,
      subscriptionId,
      resourceGroup: entry.resourceGroup,
      name: entry.name,
      location: entry.location ?? groupLocation(subscriptionId, entry.resourceGroup),
      tags: entry.tags ?? {},
      addressPrefixes: [...entry.addressPrefixes],
      subnets: entry.subnets.map((subnet) => {
        const prefix = parsePrefix(subnet.addressPrefix) ?? fail(`subnet ${id}/subnets/${subnet.name}: '${subnet.addressPrefix}' is not a valid prefix`);
        if (!space.some((s) => prefixContains(s, prefix))) fail(`subnet ${id}/subnets/${subnet.name}: ${subnet.addressPrefix} lies outside the VNet's address space`);
        const nsgId = subnet.networkSecurityGroup ? nsgIdOf(subscriptionId, entry.resourceGroup, subnet.networkSecurityGroup) : undefined;
        if (nsgId && !world.networkSecurityGroups[idKey(nsgId)]) fail(`subnet ${id}/subnets/${subnet.name}: NSG ${nsgId} is not declared`);
        return { name: subnet.name, addressPrefix: subnet.addressPrefix, ...(nsgId ? { networkSecurityGroupId: nsgId } : {}), extra: {}, provisioningState: 'Succeeded' as const };
      }),
      peerings: [],
      extra: {},
      etag: etag(),
      resourceGuid: rng.uuid(),
      provisioningState: 'Succeeded',
      hasGateway: entry.gateway,
    };
    world.virtualNetworks[idKey(id)] = vnet;
  }

  const used = new Map<string, Set<string>>();
  for (const entry of scenario.virtualMachines) {
    const subscriptionId = entry.subscription ?? defaultSubscription;
    const id = resourceId({ subscriptionId, resourceGroup: entry.resourceGroup, provider: 'Microsoft.Compute', path: [['virtualMachines', entry.name]] });
    const location = entry.location ?? groupLocation(subscriptionId, entry.resourceGroup);
    const nicIds = entry.nics.map((nicEntry, index) => {
      const vnet = world.virtualNetworks[idKey(vnetIdOf(nicEntry.vnet))] ?? fail(`VM ${id}: VNet ${nicEntry.vnet} is not declared`);
      const subnet = vnet.subnets.find((s) => s.name === nicEntry.subnet) ?? fail(`VM ${id}: subnet ${nicEntry.subnet} is not declared in ${vnet.id}`);
      const subnetId = `${vnet.id}/subnets/${subnet.name}`;
      const prefix = parsePrefix(subnet.addressPrefix ?? '') ?? fail(`subnet ${subnetId} has no prefix`);
      const taken = used.get(idKey(subnetId)) ?? new Set<string>();
      used.set(idKey(subnetId), taken);
      let address = nicEntry.privateIPAddress;
      if (address) {
        const value = parseIpv4(address);
        if (value === undefined || !prefixContainsAddress(prefix, value)) fail(`VM ${id}: ${address} is not inside ${subnetId}`);
      } else {
        for (let a = prefix.start + 4; a < prefix.end && !address; a++) if (!taken.has(formatIpv4(a))) address = formatIpv4(a);
        if (!address) fail(`subnet ${subnetId} is full`);
      }
      const privateIPAddress = address as string;
      taken.add(privateIPAddress);
      const nicName = nicEntry.name ?? `${entry.name}-nic${index === 0 ? '' : index}`;
      const nicId = resourceId({ subscriptionId, resourceGroup: entry.resourceGroup, provider: 'Microsoft.Network', path: [['networkInterfaces', nicName]] });
      const nsgId = nicEntry.networkSecurityGroup ? nsgIdOf(subscriptionId, entry.resourceGroup, nicEntry.networkSecurityGroup) : undefined;
      if (nsgId && !world.networkSecurityGroups[idKey(nsgId)]) fail(`NIC ${nicId}: NSG ${nsgId} is not declared`);
      const nic: NetworkInterface = {
        id: nicId,
        subscriptionId,
        resourceGroup: entry.resourceGroup,
        name: nicName,
        location,
        tags: {},
        ipConfigurations: [{ name: 'ipconfig1', subnetId, privateIPAddress, privateIPAllocationMethod: nicEntry.privateIPAddress ? 'Static' : 'Dynamic', primary: true, extra: {} }],
        ...(nsgId ? { networkSecurityGroupId: nsgId } : {}),
        virtualMachineId: id,
        extra: {},
        etag: etag(),
        resourceGuid: rng.uuid(),
        provisioningState: 'Succeeded',
      };
      world.networkInterfaces[idKey(nicId)] = nic;
      return nicId;
    });
    const vm: VirtualMachine = {
      id,
      subscriptionId,
      resourceGroup: entry.resourceGroup,
      name: entry.name,
      location,
      tags: entry.tags ?? {},
      vmId: rng.uuid(),
      vmSize: entry.vmSize,
      osType: entry.osType,
      computerName: entry.name.slice(0, 15),
      networkInterfaceIds: nicIds,
      powerState: entry.powerState,
      networkWatcherAgent: entry.networkWatcherAgent,
      guestFirewall: {
        blockIcmp: entry.guestFirewall?.blockIcmp ?? entry.osType === 'Windows',
        ...(entry.guestFirewall?.openTcpPorts ? { openTcpPorts: entry.guestFirewall.openTcpPorts } : {}),
      },
      provisioningState: 'Succeeded',
    };
    world.virtualMachines[idKey(id)] = vm;
  }

  for (const entry of scenario.networkWatchers) {
    const subscriptionId = entry.subscription ?? defaultSubscription;
    const location = entry.location.replace(/\s+/g, '').toLowerCase();
    const groupId = resourceGroupId(subscriptionId, entry.resourceGroup);
    world.resourceGroups[idKey(groupId)] ??= { id: groupId, subscriptionId, name: entry.resourceGroup, location, tags: {} };
    const name = entry.name ?? `NetworkWatcher_${location}`;
    const id = resourceId({ subscriptionId, resourceGroup: entry.resourceGroup, provider: 'Microsoft.Network', path: [['networkWatchers', name]] });
    const clash = Object.values(world.networkWatchers).find((w) => w.subscriptionId === subscriptionId && w.location === location);
    if (clash) fail(`Network Watcher ${id}: ${clash.id} already watches ${location} in this subscription (one per region)`);
    world.networkWatchers[idKey(id)] = { id, subscriptionId, resourceGroup: entry.resourceGroup, name, location, tags: {}, etag: etag(), provisioningState: 'Succeeded' };
  }

  for (const entry of scenario.peerings) {
    const from = world.virtualNetworks[idKey(vnetIdOf(entry.from))] ?? fail(`peering: VNet ${entry.from} is not declared`);
    const to = world.virtualNetworks[idKey(vnetIdOf(entry.to))] ?? fail(`peering: VNet ${entry.to} is not declared`);
    const guid = rng.uuid();
    const link = (remote: VirtualNetwork, name: string): Peering => ({
      name,
      remoteVirtualNetworkId: remote.id,
      allowVirtualNetworkAccess: entry.allowVirtualNetworkAccess,
      allowForwardedTraffic: entry.allowForwardedTraffic,
      allowGatewayTransit: entry.allowGatewayTransit,
      useRemoteGateways: entry.useRemoteGateways,
      doNotVerifyRemoteGateways: false,
      remotePeeredPrefixes: [...remote.addressPrefixes],
      disconnected: false,
      resourceGuid: guid,
      provisioningState: 'Succeeded',
      extra: {},
    });
    from.peerings.push(link(to, entry.name ?? `${from.name}-to-${to.name}`));
    if (entry.bothWays) to.peerings.push(link(from, `${to.name}-to-${from.name}`));
  }
  return world;
}
