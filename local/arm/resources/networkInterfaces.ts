/**
 * `Microsoft.Network/networkInterfaces`: ip configurations placed in subnets (dynamic addresses allocated
 * from the subnet, skipping Azure's five reserved ones; static ones checked), an optional NSG, and the VM
 * they are attached to (set by scenarios: VMs are not created through the API).
 */
import { formatIpv4, parseIpv4, parsePrefixes, prefixContainsAddress } from '../cidr.js';
import type { EmulatorEnv } from '../emulatorEnv.js';
import {
  invalidRequestFormat,
  invalidResourceReference,
  locationRequired,
  nicInUse,
  privateIpAddressInUse,
  privateIpAddressNotInSubnet,
  resourceNotFound,
} from '../errors.js';
import type { ArmResponse } from '../http.js';
import { idKey, parentId, nameOf, resourceGroupId } from '../ids.js';
import type { NetworkInterface, NicIpConfiguration, Subnet } from '../model.js';
import type { Route, RouteContext } from '../router.js';
import { networkInterfaceSchema } from '../schemas/networkInterface.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { acceptedDelete, acceptedWrite, callerOf, checkPreconditions, newEtag, validateName, withFault } from './common.js';
import { page } from './paging.js';

const nicType = 'Microsoft.Network/networkInterfaces';
const nicPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkInterfaces/{networkInterfaceName}';

/** The subnet record behind a subnet id, if the VNet and subnet exist. */
export function findSubnet(env: EmulatorEnv, subnetId: string): Subnet | undefined {
  const vnet = env.store.vnet(parentId(subnetId));
  return vnet?.subnets.find((s) => s.name.toLowerCase() === nameOf(subnetId).toLowerCase());
}

function subnetPrefixes(subnet: Subnet): string[] {
  return subnet.addressPrefixes ?? (subnet.addressPrefix !== undefined ? [subnet.addressPrefix] : []);
}

/** Allocates the first free address of a subnet (Azure reserves the first four and the last). */
export function allocateAddress(env: EmulatorEnv, subnetId: string, subnet: Subnet, taken: ReadonlySet<string>): string | undefined {
  const used = new Set([...env.store.ipConfigurationsInSubnet(subnetId).map((c) => c.address), ...taken]);
  for (const prefix of parsePrefixes(subnetPrefixes(subnet))) {
    for (let address = prefix.start + 4; address < prefix.end; address++) {
      const text = formatIpv4(address);
      if (!used.has(text)) return text;
    }
  }
  return undefined;
}

/** A NIC as ARM returns it. */
export function nicToWire(nic: NetworkInterface): Record<string, unknown> {
  return {
    name: nic.name,
    id: nic.id,
    etag: nic.etag,
    type: nicType,
    location: nic.location,
    ...(Object.keys(nic.tags).length ? { tags: { ...nic.tags } } : {}),
    properties: {
      provisioningState: nic.provisioningState,
      resourceGuid: nic.resourceGuid,
      ipConfigurations: nic.ipConfigurations.map((c) => ({
        name: c.name,
        id: `${nic.id}/ipConfigurations/${c.name}`,
        etag: nic.etag,
        type: `${nicType}/ipConfigurations`,
        properties: {
          provisioningState: nic.provisioningState,
          privateIPAddress: c.privateIPAddress,
          privateIPAllocationMethod: c.privateIPAllocationMethod,
          subnet: { id: c.subnetId },
          primary: c.primary,
          privateIPAddressVersion: 'IPv4',
          ...c.extra,
        },
      })),
      ...(nic.networkSecurityGroupId ? { networkSecurityGroup: { id: nic.networkSecurityGroupId } } : {}),
      ...(nic.virtualMachineId ? { virtualMachine: { id: nic.virtualMachineId } } : {}),
      primary: true,
      enableAcceleratedNetworking: false,
      enableIPForwarding: false,
      vnetEncryptionSupported: false,
      nicType: 'Standard',
      ...nic.extra,
    },
  };
}

function nicId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/Microsoft.Network/networkInterfaces/${p.networkInterfaceName}`;
}

function putNic(ctx: RouteContext): ArmResponse {
  const { params, env, req } = ctx;
  validateName(params.networkInterfaceName ?? '', 80);
  const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const body = parseBody(networkInterfaceSchema, parseJson(req.rawBody));
  const id = nicId({ ...params, resourceGroupName: group.name });
  const existing = env.store.nic(id);
  checkPreconditions(req, existing?.etag, id);
  const location = existing?.location ?? body.location;
  if (!location) throw locationRequired();
  const configs = body.properties?.ipConfigurations ?? [];
  if (configs.length === 0) throw invalidRequestFormat('MissingRequiredProperty', `Network interface ${id} must have at least one ip configuration. Path 'properties.ipConfigurations'.`);
  const nsgRef = body.properties?.networkSecurityGroup?.id;
  if (nsgRef && !env.store.nsg(nsgRef)) throw invalidResourceReference(nsgRef, id);
  const taken = new Set<string>();
  const ipConfigurations: NicIpConfiguration[] = configs.map((config, index) => {
    const name = config.name ?? `ipconfig${index + 1}`;
    const configId = `${id}/ipConfigurations/${name}`;
    const subnetId = config.properties?.subnet?.id;
    const subnet = subnetId ? findSubnet(env, subnetId) : undefined;
    if (!subnetId || !subnet) throw invalidResourceReference(subnetId ?? '(none)', configId);
    const canonicalSubnetId = `${env.store.vnet(parentId(subnetId))?.id}/subnets/${subnet.name}`;
    const previous = existing?.ipConfigurations.find((c) => c.name === name && idKey(c.subnetId) === idKey(canonicalSubnetId));
    const requested = config.properties?.privateIPAddress;
    const isStatic = (config.properties?.privateIPAllocationMethod ?? (requested ? 'Static' : 'Dynamic')).toLowerCase() === 'static';
    let address: string | undefined;
    if (isStatic && requested) {
      const value = parseIpv4(requested);
      if (value === undefined || !parsePrefixes(subnetPrefixes(subnet)).some((p) => prefixContainsAddress(p, value))) throw privateIpAddressNotInSubnet(requested, canonicalSubnetId);
      const holder = env.store.ipConfigurationsInSubnet(canonicalSubnetId).find((c) => c.address === requested && idKey(c.nic.id) !== idKey(id));
      if (holder || taken.has(requested)) throw privateIpAddressInUse(requested, canonicalSubnetId);
      address = requested;
    } else {
      address = previous?.privateIPAddress ?? allocateAddress(env, canonicalSubnetId, subnet, taken);
      if (!address) throw invalidRequestFormat('SubnetIsFull', `Subnet ${canonicalSubnetId} has no free address.`);
    }
    taken.add(address);
    return {
      name,
      subnetId: canonicalSubnetId,
      privateIPAddress: address,
      privateIPAllocationMethod: isStatic ? 'Static' : 'Dynamic',
      primary: config.properties?.primary ?? index === 0,
      extra: {},
    };
  });
  const nic: NetworkInterface = existing ?? {
    id,
    subscriptionId: group.subscriptionId,
    resourceGroup: group.name,
    name: params.networkInterfaceName ?? '',
    location,
    tags: {},
    ipConfigurations: [],
    extra: {},
    etag: '',
    resourceGuid: env.rng.uuid(),
    provisioningState: 'Updating',
  };
  nic.ipConfigurations = ipConfigurations;
  if (nsgRef) nic.networkSecurityGroupId = env.store.nsg(nsgRef)?.id ?? nsgRef;
  else delete nic.networkSecurityGroupId;
  nic.tags = body.tags ?? {};
  nic.etag = newEtag(env);
  nic.provisioningState = 'Updating';
  env.store.put('networkInterfaces', nic);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'write',
    operationName: `${nicType}/write`,
    resourceId: nic.id,
    subscriptionId: nic.subscriptionId,
    location: nic.location,
    provider: 'Microsoft.Network',
    created: !existing,
    settles: [nic.id],
    ...withFault(req),
  });
  return acceptedWrite(env, req, operation, !existing, nicToWire(nic));
}

function deleteNic(ctx: RouteContext): ArmResponse {
  const { params, env, req } = ctx;
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const nic = env.store.nic(nicId(params));
  if (!nic) return { status: 204 };
  if (nic.virtualMachineId) throw nicInUse(nic.id, nic.virtualMachineId);
  env.store.remove('networkInterfaces', nic.id);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: `${nicType}/delete`,
    resourceId: nic.id,
    subscriptionId: nic.subscriptionId,
    location: nic.location,
    provider: 'Microsoft.Network',
    created: false,
    ...withFault(req),
  });
  return acceptedDelete(env, req, operation);
}

const base = { provider: 'Microsoft.Network', resourceType: 'networkInterfaces' } as const;

export const networkInterfaceRoutes: Route[] = [
  {
    ...base,
    operationId: 'NetworkInterfaces_Get',
    method: 'GET',
    template: nicPath,
    kind: 'read',
    permission: (p) => ({ action: `${nicType}/read`, scope: nicId(p) }),
    handle: ({ params, env }) => {
      env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      const nic = env.store.nic(nicId(params));
      if (!nic) throw resourceNotFound(nicType, params.networkInterfaceName ?? '', params.resourceGroupName ?? '');
      return { status: 200, body: nicToWire(nic), headers: { etag: nic.etag } };
    },
  },
  { ...base, operationId: 'NetworkInterfaces_CreateOrUpdate', method: 'PUT', template: nicPath, kind: 'write', permission: (p) => ({ action: `${nicType}/write`, scope: nicId(p) }), handle: putNic },
  { ...base, operationId: 'NetworkInterfaces_Delete', method: 'DELETE', template: nicPath, kind: 'delete', permission: (p) => ({ action: `${nicType}/delete`, scope: nicId(p) }), handle: deleteNic },
  {
    ...base,
    operationId: 'NetworkInterfaces_List',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkInterfaces',
    kind: 'read',
    permission: (p) => ({ action: `${nicType}/read`, scope: resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '') }),
    handle: ({ req, params, env }) => {
      const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      return { status: 200, body: page(env, req, env.store.list('networkInterfaces', group.subscriptionId, group.name), nicToWire) };
    },
  },
  {
    ...base,
    operationId: 'NetworkInterfaces_ListAll',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkInterfaces',
    kind: 'read',
    permission: (p) => ({ action: `${nicType}/read`, scope: `/subscriptions/${p.subscriptionId}` }),
    handle: ({ req, params, env }) => ({ status: 200, body: page(env, req, env.store.list('networkInterfaces', params.subscriptionId ?? ''), nicToWire) }),
  },
];
