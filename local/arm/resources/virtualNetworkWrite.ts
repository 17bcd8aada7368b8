/**
 * `VirtualNetworks_CreateOrUpdate`: a PUT replaces the whole VNet. Subnets and peerings the body omits are
 * deleted (an in-use subnet refuses: `InUseSubnetCannotBeDeleted`), subnet prefixes must lie inside the
 * address space (`NetcfgSubnetRangeOutsideVnet`) and keep their NICs (`InUsePrefixCannotBeDeleted`). An
 * address-space change on a peered VNet leaves the peerings `Connected` and out of sync (derived in
 * `peeringStatus.ts`), or, under the legacy switch, fails with `VnetAddressSpaceCannotChangeDueToPeerings`.
 */
import { overlappingPrefixes, parsePrefix, parsePrefixes, prefixContains, prefixContainsAddress, prefixesOverlap, samePrefixes, parseIpv4 } from '../cidr.js';
import type { EmulatorEnv } from '../emulatorEnv.js';
import {
  inUsePrefixCannotBeDeleted,
  inUseSubnetCannotBeDeleted,
  invalidAddressPrefix,
  invalidRequestFormat,
  invalidResourceReference,
  locationRequired,
  overlapsWithPeeredVnet,
  subnetRangeOutsideVnet,
  subnetRangesOverlap,
  vnetAddressSpaceCannotChangeDueToPeerings,
} from '../errors.js';
import type { ArmResponse } from '../http.js';
import { resourceGroupId } from '../ids.js';
import type { Subnet, VirtualNetwork } from '../model.js';
import type { RouteContext } from '../router.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { virtualNetworkSchema, type SubnetBody, type VirtualNetworkBody } from '../schemas/virtualNetwork.js';
import { acceptedWrite, callerOf, checkPreconditions, checkVnetLock, newEtag, validateName, withFault } from './common.js';
import { disconnectReverse } from './peeringWrite.js';
import { virtualNetworkToWire } from './virtualNetworkWire.js';

const echoedVnetProperties = ['dhcpOptions', 'flowTimeoutInMinutes', 'enableDdosProtection', 'enableVmProtection', 'ddosProtectionPlan', 'bgpCommunities', 'encryption', 'ipAllocations', 'privateEndpointVNetPolicies', 'summarizedGatewayPrefixes'] as const;
const echoedSubnetProperties = ['routeTable', 'natGateway', 'serviceEndpoints', 'serviceEndpointPolicies', 'ipAllocations', 'delegations', 'privateEndpointNetworkPolicies', 'privateLinkServiceNetworkPolicies', 'applicationGatewayIPConfigurations', 'sharingScope', 'defaultOutboundAccess', 'ipamPoolPrefixAllocations', 'serviceGateway'] as const;

function pick(source: Record<string, unknown> | undefined, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source?.[key] !== undefined) out[key] = source[key];
  return out;
}

function validatePrefixes(prefixes: readonly string[], resourceId: string): void {
  for (const prefix of prefixes) if (!parsePrefix(prefix)) throw invalidAddressPrefix(prefix, resourceId);
}

/** Builds and checks the subnets of the body against the new address space. */
export function buildSubnets(env: EmulatorEnv, vnetId: string, vnetName: string, addressPrefixes: readonly string[], bodies: readonly SubnetBody[]): Subnet[] {
  const space = parsePrefixes(addressPrefixes);
  const subnets: Subnet[] = [];
  const placed: Array<{ name: string; prefix: ReturnType<typeof parsePrefixes>[number] }> = [];
  for (const body of bodies) {
    const name = body.name;
    if (!name) throw invalidRequestFormat('MissingRequiredProperty', `A subnet of virtual network ${vnetId} has no name. Path 'properties.subnets[].name'.`);
    validateName(name, 80);
    const props = body.properties ?? {};
    const prefixes = props.addressPrefixes ?? (props.addressPrefix !== undefined ? [props.addressPrefix] : []);
    validatePrefixes(prefixes, `${vnetId}/subnets/${name}`);
    for (const prefix of parsePrefixes(prefixes)) {
      if (!space.some((s) => prefixContains(s, prefix))) throw subnetRangeOutsideVnet(name, vnetName);
      const clash = placed.find((p) => prefixesOverlap(p.prefix, prefix));
      if (clash) throw subnetRangesOverlap(name, clash.name);
      placed.push({ name, prefix });
    }
    const nsgId = props.networkSecurityGroup?.id;
    if (nsgId && !env.store.nsg(nsgId)) throw invalidResourceReference(nsgId, `${vnetId}/subnets/${name}`);
    subnets.push({
      name,
      ...(props.addressPrefix !== undefined ? { addressPrefix: props.addressPrefix } : {}),
      ...(props.addressPrefixes !== undefined ? { addressPrefixes: props.addressPrefixes } : {}),
      ...(nsgId ? { networkSecurityGroupId: env.store.nsg(nsgId)?.id ?? nsgId } : {}),
      extra: pick(props as Record<string, unknown>, echoedSubnetProperties),
      provisioningState: 'Succeeded',
    });
  }
  return subnets;
}

function subnetPrefixes(subnet: Subnet): string[] {
  return subnet.addressPrefixes ?? (subnet.addressPrefix !== undefined ? [subnet.addressPrefix] : []);
}

/** Refuses dropping an in-use subnet or shrinking it away from its NICs' addresses. */
export function checkSubnetsInUse(env: EmulatorEnv, existing: VirtualNetwork, subnets: readonly Subnet[]): void {
  for (const old of existing.subnets) {
    const subnetId = `${existing.id}/subnets/${old.name}`;
    const users = env.store.ipConfigurationsInSubnet(subnetId);
    if (users.length === 0) continue;
    const replacement = subnets.find((s) => s.name.toLowerCase() === old.name.toLowerCase());
    const firstUser = users[0] as (typeof users)[number];
    if (!replacement) throw inUseSubnetCannotBeDeleted(subnetId, firstUser.ipConfigurationId);
    const newPrefixes = parsePrefixes(subnetPrefixes(replacement));
    for (const user of users) {
      const address = parseIpv4(user.address);
      if (address !== undefined && !newPrefixes.some((p) => prefixContainsAddress(p, address))) {
        const lost = subnetPrefixes(old).find((p) => !subnetPrefixes(replacement).includes(p)) ?? subnetPrefixes(old)[0] ?? '';
        throw inUsePrefixCannotBeDeleted(lost, old.name);
      }
    }
  }
}

/** VNets linked with this one in either direction. */
function peeredVnets(env: EmulatorEnv, vnet: VirtualNetwork): VirtualNetwork[] {
  const ids = new Set<string>();
  const out: VirtualNetwork[] = [];
  const add = (candidate: VirtualNetwork | undefined): void => {
    if (candidate && !ids.has(candidate.id.toLowerCase())) {
      ids.add(candidate.id.toLowerCase());
      out.push(candidate);
    }
  };
  for (const link of vnet.peerings) add(env.store.vnet(link.remoteVirtualNetworkId));
  for (const { vnet: other } of env.store.linksPointingAt(vnet.id)) add(other);
  return out;
}

function checkAddressSpaceChange(env: EmulatorEnv, existing: VirtualNetwork, addressPrefixes: readonly string[]): void {
  if (samePrefixes(existing.addressPrefixes, addressPrefixes)) return;
  const peers = peeredVnets(env, existing);
  if (peers.length === 0) return;
  if (env.store.state.settings.legacyAddressSpace) throw vnetAddressSpaceCannotChangeDueToPeerings(existing.id);
  for (const peer of peers) {
    const overlap = overlappingPrefixes(addressPrefixes, peer.addressPrefixes);
    if (overlap.length) throw overlapsWithPeeredVnet(existing.id, peer.id, overlap);
  }
}

/** Peering links kept by the body; links it omits are deleted. New inline links are refused (see DEVIATIONS.md). */
function keptPeerings(existing: VirtualNetwork | undefined, body: VirtualNetworkBody, vnetId: string): Set<string> {
  const listed = body.properties?.virtualNetworkPeerings ?? [];
  const kept = new Set<string>();
  for (const entry of listed) {
    const name = entry.name ?? entry.id?.split('/').pop();
    const match = name ? existing?.peerings.find((p) => p.name.toLowerCase() === name.toLowerCase()) : undefined;
    if (!match) {
      throw invalidRequestFormat(
        'UnsupportedInlinePeering',
        `The emulator creates peerings only through VirtualNetworkPeerings_CreateOrUpdate; peering '${name ?? '?'}' listed in the PUT of ${vnetId} does not exist. Path 'properties.virtualNetworkPeerings'.`,
      );
    }
    kept.add(match.name.toLowerCase());
  }
  return kept;
}

/** Handles the PUT. */
export function putVirtualNetwork({ req, params, env }: RouteContext): ArmResponse {
  const { subscriptionId = '', resourceGroupName = '', virtualNetworkName = '' } = params;
  validateName(virtualNetworkName, 64);
  const group = env.store.requireResourceGroup(subscriptionId, resourceGroupName);
  const body = parseBody(virtualNetworkSchema, parseJson(req.rawBody));
  const id = `${resourceGroupId(subscriptionId, group.name)}/providers/Microsoft.Network/virtualNetworks/${virtualNetworkName}`;
  const existing = env.store.vnet(id);
  checkPreconditions(req, existing?.etag, id);
  if (existing) checkVnetLock(env, req, existing);
  const location = existing?.location ?? body.location;
  if (!location) throw locationRequired();
  const addressPrefixes = body.properties?.addressSpace?.addressPrefixes ?? [];
  validatePrefixes(addressPrefixes, id);
  const subnets = buildSubnets(env, existing?.id ?? id, virtualNetworkName, addressPrefixes, body.properties?.subnets ?? []);
  if (existing) {
    checkSubnetsInUse(env, existing, subnets);
    checkAddressSpaceChange(env, existing, addressPrefixes);
  }
  const kept = keptPeerings(existing, body, id);

  const vnet: VirtualNetwork = existing ?? {
    id,
    subscriptionId,
    resourceGroup: group.name,
    name: virtualNetworkName,
    location,
    tags: {},
    addressPrefixes: [],
    subnets: [],
    peerings: [],
    extra: {},
    etag: '',
    resourceGuid: env.rng.uuid(),
    provisioningState: 'Updating',
    hasGateway: false,
  };
  for (const dropped of vnet.peerings.filter((p) => !kept.has(p.name.toLowerCase()))) disconnectReverse(env, vnet, dropped);
  vnet.peerings = vnet.peerings.filter((p) => kept.has(p.name.toLowerCase()));
  vnet.addressPrefixes = [...addressPrefixes];
  vnet.subnets = subnets;
  vnet.tags = body.tags ?? {};
  vnet.extra = pick(body.properties as Record<string, unknown> | undefined, echoedVnetProperties);
  vnet.etag = newEtag(env);
  env.store.put('virtualNetworks', vnet);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'write',
    operationName: 'Microsoft.Network/virtualNetworks/write',
    resourceId: vnet.id,
    subscriptionId,
    location: vnet.location,
    provider: 'Microsoft.Network',
    created: !existing,
    locks: [vnet.id],
    ...withFault(req),
  });
  return acceptedWrite(env, req, operation, !existing, virtualNetworkToWire(env, vnet));
}
