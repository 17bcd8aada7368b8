/**
 * `Microsoft.Resources/resourceGroups`, minimal: create/update (synchronous, 201/200), get, existence check,
 * list, and delete (202 + `Location`), which removes everything in the group with the same side effects
 * as deleting each resource (peerings pointing at its VNets turn Disconnected).
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import { invalidResourceName, resourceGroupNotFound } from '../errors.js';
import type { ArmResponse } from '../http.js';
import { idKey, resourceGroupId } from '../ids.js';
import type { ResourceGroup } from '../model.js';
import type { Route, RouteContext } from '../router.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { resourceGroupSchema } from '../schemas/resourceGroup.js';
import { callerOf, resultUrl } from './common.js';
import { page } from './paging.js';
import { disconnectReverseOf } from './peeringWrite.js';

const rgPath = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';
const rgAction = 'Microsoft.Resources/subscriptions/resourceGroups';

/** A resource group as ARM returns it. */
export function resourceGroupToWire(group: ResourceGroup): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    ...(Object.keys(group.tags).length ? { tags: { ...group.tags } } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

function validateGroupName(name: string): void {
  if (name.length > 90 || !/^[-\w._()]+$/.test(name) || name.endsWith('.')) throw invalidResourceName(name, 90);
}

function putGroup({ req, params, env }: RouteContext): ArmResponse {
  const subscriptionId = params.subscriptionId ?? '';
  const name = params.resourceGroupName ?? '';
  validateGroupName(name);
  const body = parseBody(resourceGroupSchema, parseJson(req.rawBody));
  const existing = env.store.resourceGroup(subscriptionId, name);
  const group: ResourceGroup = existing ?? { id: resourceGroupId(subscriptionId, name), subscriptionId, name, location: body.location, tags: {} };
  group.tags = body.tags ?? {};
  env.store.put('resourceGroups', group);
  env.operations.start({
    caller: callerOf(req),
    kind: 'write',
    operationName: `${rgAction}/write`,
    resourceId: group.id,
    subscriptionId,
    location: group.location,
    provider: 'Microsoft.Resources',
    created: !existing,
    immediate: true,
  });
  return { status: existing ? 200 : 201, body: resourceGroupToWire(group) };
}

/** Removes a group and everything in it. */
export function deleteGroupContents(env: EmulatorEnv, group: ResourceGroup): void {
  const prefix = `${idKey(group.id)}/`;
  for (const vm of Object.values(env.store.state.virtualMachines)) if (idKey(vm.id).startsWith(prefix)) env.store.remove('virtualMachines', vm.id);
  for (const nic of Object.values(env.store.state.networkInterfaces)) if (idKey(nic.id).startsWith(prefix)) env.store.remove('networkInterfaces', nic.id);
  for (const vnet of Object.values(env.store.state.virtualNetworks)) {
    if (!idKey(vnet.id).startsWith(prefix)) continue;
    disconnectReverseOf(env, vnet);
    env.store.remove('virtualNetworks', vnet.id);
  }
  for (const nsg of Object.values(env.store.state.networkSecurityGroups)) if (idKey(nsg.id).startsWith(prefix)) env.store.remove('networkSecurityGroups', nsg.id);
  for (const watcher of Object.values(env.store.state.networkWatchers)) if (idKey(watcher.id).startsWith(prefix)) env.store.remove('networkWatchers', watcher.id);
  env.store.remove('resourceGroups', group.id);
}

function deleteGroup({ req, params, env }: RouteContext): ArmResponse {
  const group = env.store.resourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  if (!group) throw resourceGroupNotFound(params.resourceGroupName ?? '');
  deleteGroupContents(env, group);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: `${rgAction}/delete`,
    resourceId: group.id,
    subscriptionId: group.subscriptionId,
    location: group.location,
    provider: 'Microsoft.Resources',
    created: false,
  });
  return { status: 202, headers: { location: resultUrl(env, operation, req.apiVersion), 'retry-after': String(env.tuning.retryAfterSeconds) } };
}

const base = { provider: 'Microsoft.Resources', resourceType: 'resourceGroups' } as const;
const scope = (p: Record<string, string>) => resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '');

export const resourceGroupRoutes: Route[] = [
  { ...base, operationId: 'ResourceGroups_CreateOrUpdate', method: 'PUT', template: rgPath, kind: 'write', permission: (p) => ({ action: `${rgAction}/write`, scope: scope(p) }), handle: putGroup },
  {
    ...base,
    operationId: 'ResourceGroups_Get',
    method: 'GET',
    template: rgPath,
    kind: 'read',
    permission: (p) => ({ action: `${rgAction}/read`, scope: scope(p) }),
    handle: ({ params, env }) => ({ status: 200, body: resourceGroupToWire(env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '')) }),
  },
  {
    ...base,
    operationId: 'ResourceGroups_CheckExistence',
    method: 'HEAD',
    template: rgPath,
    kind: 'read',
    permission: (p) => ({ action: `${rgAction}/read`, scope: scope(p) }),
    handle: ({ params, env }) => ({ status: env.store.resourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '') ? 204 : 404 }),
  },
  { ...base, operationId: 'ResourceGroups_Delete', method: 'DELETE', template: rgPath, kind: 'delete', permission: (p) => ({ action: `${rgAction}/delete`, scope: scope(p) }), handle: deleteGroup },
  {
    ...base,
    operationId: 'ResourceGroups_List',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/resourcegroups',
    kind: 'read',
    permission: (p) => ({ action: `${rgAction}/read`, scope: `/subscriptions/${p.subscriptionId}` }),
    handle: ({ req, params, env }) => ({ status: 200, body: page(env, req, Object.values(env.store.state.resourceGroups).filter((g) => g.subscriptionId.toLowerCase() === (params.subscriptionId ?? '').toLowerCase()).sort((a, b) => (idKey(a.id) < idKey(b.id) ? -1 : 1)), resourceGroupToWire) }),
  },
];
