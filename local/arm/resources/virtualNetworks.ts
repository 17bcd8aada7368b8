/** Routes of `Microsoft.Network/virtualNetworks`, their subnets and peerings. */
import type { EmulatorEnv } from '../emulatorEnv.js';
import { inUseSubnetCannotBeDeleted, notFound } from '../errors.js';
import type { ArmRequest, ArmResponse } from '../http.js';
import type { VirtualNetwork } from '../model.js';
import type { Route, RouteContext } from '../router.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { tagsObjectSchema } from '../schemas/virtualNetwork.js';
import { acceptedDelete, callerOf, checkPreconditions, checkVnetLock, newEtag, withFault } from './common.js';
import { page } from './paging.js';
import { deletePeering, disconnectReverseOf, putPeering } from './peeringWrite.js';
import { deleteSubnet, putSubnet } from './subnetWrite.js';
import { putVirtualNetwork } from './virtualNetworkWrite.js';
import { peeringToWire, subnetToWire, virtualNetworkToWire } from './virtualNetworkWire.js';

const vnetPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}';
const net = 'Microsoft.Network/virtualNetworks';

function vnetScope(p: Record<string, string>): string {
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${p.virtualNetworkName}`;
}

function vnetOf({ params, env }: RouteContext): VirtualNetwork {
  return env.store.requireVnet(params.subscriptionId ?? '', params.resourceGroupName ?? '', params.virtualNetworkName ?? '');
}

function ok(body: unknown, etag?: string): ArmResponse {
  return { status: 200, body, ...(etag ? { headers: { etag } } : {}) };
}

/** Deletes a VNet: its links' other sides turn Disconnected; subnets with NICs refuse. */
export function deleteVnet(env: EmulatorEnv, req: ArmRequest, vnet: VirtualNetwork): ArmResponse {
  checkPreconditions(req, vnet.etag, vnet.id);
  checkVnetLock(env, req, vnet);
  for (const subnet of vnet.subnets) {
    const users = env.store.ipConfigurationsInSubnet(`${vnet.id}/subnets/${subnet.name}`);
    if (users[0]) throw inUseSubnetCannotBeDeleted(`${vnet.id}/subnets/${subnet.name}`, users[0].ipConfigurationId);
  }
  disconnectReverseOf(env, vnet);
  env.store.remove('virtualNetworks', vnet.id);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: 'Microsoft.Network/virtualNetworks/delete',
    resourceId: vnet.id,
    subscriptionId: vnet.subscriptionId,
    location: vnet.location,
    provider: 'Microsoft.Network',
    created: false,
    ...withFault(req),
  });
  return acceptedDelete(env, req, operation);
}

export const virtualNetworkRoutes: Route[] = [
  {
    operationId: 'VirtualNetworks_Get',
    method: 'GET',
    template: vnetPath,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks',
    kind: 'read',
    permission: (p) => ({ action: `${net}/read`, scope: vnetScope(p) }),
    handle: (ctx) => {
      const vnet = vnetOf(ctx);
      return ok(virtualNetworkToWire(ctx.env, vnet), vnet.etag);
    },
  },
  {
    operationId: 'VirtualNetworks_CreateOrUpdate',
    method: 'PUT',
    template: vnetPath,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks',
    kind: 'write',
    permission: (p) => ({ action: `${net}/write`, scope: vnetScope(p) }),
    handle: putVirtualNetwork,
  },
  {
    operationId: 'VirtualNetworks_Delete',
    method: 'DELETE',
    template: vnetPath,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks',
    kind: 'delete',
    permission: (p) => ({ action: `${net}/delete`, scope: vnetScope(p) }),
    handle: (ctx) => {
      const { params, env } = ctx;
      env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      const vnet = env.store.vnet(vnetScope(params));
      return vnet ? deleteVnet(env, ctx.req, vnet) : { status: 204 };
    },
  },
  {
    operationId: 'VirtualNetworks_UpdateTags',
    method: 'PATCH',
    template: vnetPath,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks',
    kind: 'write',
    permission: (p) => ({ action: `${net}/write`, scope: vnetScope(p) }),
    handle: (ctx) => {
      const vnet = vnetOf(ctx);
      const body = parseBody(tagsObjectSchema, parseJson(ctx.req.rawBody));
      checkPreconditions(ctx.req, vnet.etag, vnet.id);
      checkVnetLock(ctx.env, ctx.req, vnet);
      vnet.tags = body.tags ?? {};
      vnet.etag = newEtag(ctx.env);
      ctx.env.store.changed();
      ctx.env.operations.start({
        caller: callerOf(ctx.req),
        kind: 'write',
        operationName: `${net}/write`,
        resourceId: vnet.id,
        subscriptionId: vnet.subscriptionId,
        location: vnet.location,
        provider: 'Microsoft.Network',
        created: false,
        immediate: true,
      });
      return ok(virtualNetworkToWire(ctx.env, vnet), vnet.etag);
    },
  },
  {
    operationId: 'VirtualNetworks_List',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks',
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks',
    kind: 'read',
    permission: (p) => ({ action: `${net}/read`, scope: `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}` }),
    handle: ({ req, params, env }) => {
      const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      return ok(page(env, req, env.store.list('virtualNetworks', group.subscriptionId, group.name), (v) => virtualNetworkToWire(env, v)));
    },
  },
  {
    operationId: 'VirtualNetworks_ListAll',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.Network/virtualNetworks',
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks',
    kind: 'read',
    permission: (p) => ({ action: `${net}/read`, scope: `/subscriptions/${p.subscriptionId}` }),
    handle: ({ req, params, env }) => ok(page(env, req, env.store.list('virtualNetworks', params.subscriptionId ?? ''), (v) => virtualNetworkToWire(env, v))),
  },
  {
    operationId: 'Subnets_Get',
    method: 'GET',
    template: `${vnetPath}/subnets/{subnetName}`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/subnets',
    kind: 'read',
    permission: (p) => ({ action: `${net}/subnets/read`, scope: `${vnetScope(p)}/subnets/${p.subnetName}` }),
    handle: (ctx) => {
      const vnet = vnetOf(ctx);
      const subnet = vnet.subnets.find((s) => s.name.toLowerCase() === (ctx.params.subnetName ?? '').toLowerCase());
      if (!subnet) throw notFound(`${vnet.id}/subnets/${ctx.params.subnetName}`);
      return ok(subnetToWire(ctx.env, vnet, subnet), vnet.etag);
    },
  },
  {
    operationId: 'Subnets_List',
    method: 'GET',
    template: `${vnetPath}/subnets`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/subnets',
    kind: 'read',
    permission: (p) => ({ action: `${net}/subnets/read`, scope: vnetScope(p) }),
    handle: (ctx) => {
      const vnet = vnetOf(ctx);
      return ok({ value: vnet.subnets.map((s) => subnetToWire(ctx.env, vnet, s)) });
    },
  },
  {
    operationId: 'Subnets_CreateOrUpdate',
    method: 'PUT',
    template: `${vnetPath}/subnets/{subnetName}`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/subnets',
    kind: 'write',
    permission: (p) => ({ action: `${net}/subnets/write`, scope: `${vnetScope(p)}/subnets/${p.subnetName}` }),
    handle: putSubnet,
  },
  {
    operationId: 'Subnets_Delete',
    method: 'DELETE',
    template: `${vnetPath}/subnets/{subnetName}`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/subnets',
    kind: 'delete',
    permission: (p) => ({ action: `${net}/subnets/delete`, scope: `${vnetScope(p)}/subnets/${p.subnetName}` }),
    handle: deleteSubnet,
  },
  {
    operationId: 'VirtualNetworkPeerings_Get',
    method: 'GET',
    template: `${vnetPath}/virtualNetworkPeerings/{virtualNetworkPeeringName}`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/virtualNetworkPeerings',
    kind: 'read',
    permission: (p) => ({ action: `${net}/virtualNetworkPeerings/read`, scope: `${vnetScope(p)}/virtualNetworkPeerings/${p.virtualNetworkPeeringName}` }),
    handle: (ctx) => {
      const vnet = vnetOf(ctx);
      const link = vnet.peerings.find((p) => p.name.toLowerCase() === (ctx.params.virtualNetworkPeeringName ?? '').toLowerCase());
      if (!link) throw notFound(`${vnet.id}/virtualNetworkPeerings/${ctx.params.virtualNetworkPeeringName}`);
      return ok(peeringToWire(ctx.env, vnet, link), vnet.etag);
    },
  },
  {
    operationId: 'VirtualNetworkPeerings_List',
    method: 'GET',
    template: `${vnetPath}/virtualNetworkPeerings`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/virtualNetworkPeerings',
    kind: 'read',
    permission: (p) => ({ action: `${net}/virtualNetworkPeerings/read`, scope: vnetScope(p) }),
    handle: (ctx) => {
      const vnet = vnetOf(ctx);
      return ok({ value: vnet.peerings.map((p) => peeringToWire(ctx.env, vnet, p)) });
    },
  },
  {
    operationId: 'VirtualNetworkPeerings_CreateOrUpdate',
    method: 'PUT',
    template: `${vnetPath}/virtualNetworkPeerings/{virtualNetworkPeeringName}`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/virtualNetworkPeerings',
    kind: 'write',
    permission: (p) => ({ action: `${net}/virtualNetworkPeerings/write`, scope: `${vnetScope(p)}/virtualNetworkPeerings/${p.virtualNetworkPeeringName}` }),
    handle: putPeering,
  },
  {
    operationId: 'VirtualNetworkPeerings_Delete',
    method: 'DELETE',
    template: `${vnetPath}/virtualNetworkPeerings/{virtualNetworkPeeringName}`,
    provider: 'Microsoft.Network',
    resourceType: 'virtualNetworks/virtualNetworkPeerings',
    kind: 'delete',
    permission: (p) => ({ action: `${net}/virtualNetworkPeerings/delete`, scope: `${vnetScope(p)}/virtualNetworkPeerings/${p.virtualNetworkPeeringName}` }),
    handle: deletePeering,
  },
];
