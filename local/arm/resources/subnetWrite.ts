/**
 * `Subnets_CreateOrUpdate` and `Subnets_Delete`: a subnet written on its own, with the rules of the VNet
 * PUT (prefix inside the address space, no overlap with the other subnets, NSG must exist, in-use subnets
 * keep their NICs) and the VNet lock — a peering PUT meanwhile gets `ReferencedResourceNotProvisioned`
 * quoting `PutSubnetOperation`, as in Azure.
 */
import { inUseSubnetCannotBeDeleted } from '../errors.js';
import type { ArmResponse } from '../http.js';
import type { Subnet } from '../model.js';
import type { RouteContext } from '../router.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { subnetSchema, type SubnetBody } from '../schemas/virtualNetwork.js';
import { acceptedDelete, acceptedWrite, callerOf, checkPreconditions, checkVnetLock, newEtag, validateName, withFault } from './common.js';
import { buildSubnets, checkSubnetsInUse } from './virtualNetworkWrite.js';
import { subnetToWire } from './virtualNetworkWire.js';

const subnetWrite = 'Microsoft.Network/virtualNetworks/subnets/write';
const subnetDelete = 'Microsoft.Network/virtualNetworks/subnets/delete';

/** A stored subnet as the body the VNet PUT would carry for it (to re-validate the whole set). */
function asBody(subnet: Subnet): SubnetBody {
  return {
    name: subnet.name,
    properties: {
      ...(subnet.extra as NonNullable<SubnetBody['properties']>),
      ...(subnet.addressPrefix !== undefined ? { addressPrefix: subnet.addressPrefix } : {}),
      ...(subnet.addressPrefixes !== undefined ? { addressPrefixes: subnet.addressPrefixes } : {}),
      ...(subnet.networkSecurityGroupId ? { networkSecurityGroup: { id: subnet.networkSecurityGroupId } } : {}),
    },
  };
}

/** Handles the PUT of one subnet. */
export function putSubnet({ req, params, env }: RouteContext): ArmResponse {
  const { subscriptionId = '', resourceGroupName = '', virtualNetworkName = '', subnetName = '' } = params;
  validateName(subnetName, 80);
  const vnet = env.store.requireVnet(subscriptionId, resourceGroupName, virtualNetworkName);
  const body = parseBody(subnetSchema, parseJson(req.rawBody));
  const subnetId = `${vnet.id}/subnets/${subnetName}`;
  const existing = vnet.subnets.find((s) => s.name.toLowerCase() === subnetName.toLowerCase());
  checkPreconditions(req, existing ? vnet.etag : undefined, subnetId);
  checkVnetLock(env, req, vnet);
  const name = existing?.name ?? subnetName;
  const bodies = vnet.subnets.map((s) => (s === existing ? { ...body, name } : asBody(s)));
  if (!existing) bodies.push({ ...body, name });
  const subnets = buildSubnets(env, vnet.id, vnet.name, vnet.addressPrefixes, bodies);
  checkSubnetsInUse(env, vnet, subnets);
  for (const subnet of subnets) subnet.provisioningState = subnet.name === name ? 'Updating' : (vnet.subnets.find((s) => s.name === subnet.name)?.provisioningState ?? 'Succeeded');
  vnet.subnets = subnets;
  vnet.etag = newEtag(env);
  env.store.changed();
  const id = `${vnet.id}/subnets/${name}`;
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'write',
    operationName: subnetWrite,
    resourceId: id,
    subscriptionId,
    location: vnet.location,
    provider: 'Microsoft.Network',
    created: !existing,
    locks: [vnet.id],
    settles: [id],
    ...withFault(req),
  });
  const stored = subnets.find((s) => s.name === name) as Subnet;
  return acceptedWrite(env, req, operation, !existing, subnetToWire(env, vnet, stored));
}

/** Handles the DELETE of one subnet (refused while NICs use it). */
export function deleteSubnet({ req, params, env }: RouteContext): ArmResponse {
  const { subscriptionId = '', resourceGroupName = '', virtualNetworkName = '', subnetName = '' } = params;
  const vnet = env.store.requireVnet(subscriptionId, resourceGroupName, virtualNetworkName);
  const subnet = vnet.subnets.find((s) => s.name.toLowerCase() === subnetName.toLowerCase());
  if (!subnet) return { status: 204 };
  const id = `${vnet.id}/subnets/${subnet.name}`;
  checkPreconditions(req, vnet.etag, id);
  checkVnetLock(env, req, vnet);
  const users = env.store.ipConfigurationsInSubnet(id);
  if (users[0]) throw inUseSubnetCannotBeDeleted(id, users[0].ipConfigurationId);
  vnet.subnets = vnet.subnets.filter((s) => s !== subnet);
  vnet.etag = newEtag(env);
  env.store.changed();
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: subnetDelete,
    resourceId: id,
    subscriptionId,
    location: vnet.location,
    provider: 'Microsoft.Network',
    created: false,
    locks: [vnet.id],
    ...withFault(req),
  });
  return acceptedDelete(env, req, operation);
}
