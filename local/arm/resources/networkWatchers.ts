/**
 * `Microsoft.Network/networkWatchers`: one per subscription and region (create/get/list/tags/delete), and
 * the two diagnostics the app uses, long-running as in Azure (202 + `Location` + `Azure-AsyncOperation`;
 * the `Location` URL answers 200 with the result once done):
 *
 * - `connectivityCheck`: from a running VM with the Network Watcher agent, in the watcher's region, to a VM
 *   or an address; the verdict is computed from the model (`reachability/connectivityCheck.ts`);
 * - `ipFlowVerify`: which NSG rule allows or denies a 5-tuple at a VM (`reachability/ipFlowVerify.ts`).
 *
 * Both are actions: they reach the activity log (and Event Grid, as `ResourceActionSuccess`).
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import {
  invalidResourceReference,
  locationRequired,
  networkWatcherAgentNotInstalled,
  networkWatcherCountLimitReached,
  networkWatcherRegionMismatch,
  resourceNotFound,
  sourceVmNotRunning,
  unsupportedConnectivitySource,
} from '../errors.js';
import type { ArmRequest, ArmResponse } from '../http.js';
import { parseResourceId, resourceGroupId } from '../ids.js';
import type { NetworkWatcher, VirtualMachine } from '../model.js';
import { evaluateConnectivity } from '../reachability/connectivityCheck.js';
import { verifyIpFlow } from '../reachability/ipFlowVerify.js';
import type { Route, RouteContext } from '../router.js';
import { connectivityParametersSchema, ipFlowParametersSchema, networkWatcherSchema } from '../schemas/networkWatcher.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { tagsObjectSchema } from '../schemas/virtualNetwork.js';
import { acceptedDelete, callerOf, checkPreconditions, newEtag, resultUrl, statusUrl, validateName, withFault } from './common.js';

const watcherType = 'Microsoft.Network/networkWatchers';
const watcherPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkWatchers/{networkWatcherName}';

/** A Network Watcher as ARM returns it. */
export function networkWatcherToWire(watcher: NetworkWatcher): Record<string, unknown> {
  return {
    name: watcher.name,
    id: watcher.id,
    etag: watcher.etag,
    type: watcherType,
    location: watcher.location,
    ...(Object.keys(watcher.tags).length ? { tags: { ...watcher.tags } } : {}),
    properties: { provisioningState: watcher.provisioningState },
  };
}

function watcherId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${watcherType}/${p.networkWatcherName}`;
}

function requireWatcher({ params, env }: RouteContext): NetworkWatcher {
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const watcher = env.store.networkWatcher(watcherId(params));
  if (!watcher) throw resourceNotFound(watcherType, params.networkWatcherName ?? '', params.resourceGroupName ?? '');
  return watcher;
}

function region(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

function putWatcher(ctx: RouteContext): ArmResponse {
  const { params, env, req } = ctx;
  validateName(params.networkWatcherName ?? '', 80);
  const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const body = parseBody(networkWatcherSchema, parseJson(req.rawBody));
  const id = watcherId({ ...params, resourceGroupName: group.name });
  const existing = env.store.networkWatcher(id);
  checkPreconditions(req, existing?.etag, id);
  const location = existing?.location ?? body.location;
  if (!location) throw locationRequired();
  if (!existing) {
    const other = env.store.list('networkWatchers', group.subscriptionId).find((w) => region(w.location) === region(location));
    if (other) throw networkWatcherCountLimitReached(region(location), other.id);
  }
  const watcher: NetworkWatcher = existing ?? { id, subscriptionId: group.subscriptionId, resourceGroup: group.name, name: params.networkWatcherName ?? '', location, tags: {}, etag: '', provisioningState: 'Succeeded' };
  watcher.tags = body.tags ?? {};
  watcher.etag = newEtag(env);
  env.store.put('networkWatchers', watcher);
  startImmediate(env, req, watcher, `${watcherType}/write`, !existing);
  return { status: existing ? 200 : 201, body: networkWatcherToWire(watcher) };
}

function startImmediate(env: EmulatorEnv, req: ArmRequest, watcher: NetworkWatcher, operationName: string, created: boolean): void {
  env.operations.start({ caller: callerOf(req), kind: 'write', operationName, resourceId: watcher.id, subscriptionId: watcher.subscriptionId, location: watcher.location, provider: 'Microsoft.Network', created, immediate: true });
}

function deleteWatcher(ctx: RouteContext): ArmResponse {
  const { params, env, req } = ctx;
  env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
  const watcher = env.store.networkWatcher(watcherId(params));
  if (!watcher) return { status: 204 };
  env.store.remove('networkWatchers', watcher.id);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: `${watcherType}/delete`,
    resourceId: watcher.id,
    subscriptionId: watcher.subscriptionId,
    location: watcher.location,
    provider: 'Microsoft.Network',
    created: false,
    ...withFault(req),
  });
  return acceptedDelete(env, req, operation);
}

/** The source VM of a check: a VM, in the watcher's region, that the caller may read, running, with the agent. */
function sourceVm(ctx: RouteContext, watcher: NetworkWatcher, resourceId: string): VirtualMachine {
  const parts = parseResourceId(resourceId);
  const isVm = parts?.provider.toLowerCase() === 'microsoft.compute' && parts.path.length === 1 && parts.path[0]?.[0].toLowerCase() === 'virtualmachines';
  if (!isVm) throw unsupportedConnectivitySource(resourceId);
  const vm = ctx.env.store.vm(resourceId);
  if (!vm) throw invalidResourceReference(resourceId, watcher.id);
  // The check reads the VM and its extensions (docs: required RBAC permissions of connection troubleshoot).
  ctx.env.authorize(ctx.req, 'Microsoft.Compute/virtualMachines/read', vm.id);
  ctx.env.authorize(ctx.req, 'Microsoft.Compute/virtualMachines/extensions/read', vm.id);
  if (region(vm.location) !== region(watcher.location)) throw networkWatcherRegionMismatch(watcher.id, region(watcher.location), vm.id, region(vm.location));
  if (vm.powerState !== 'running') throw sourceVmNotRunning(vm.id, vm.powerState);
  if (!vm.networkWatcherAgent) throw networkWatcherAgentNotInstalled(vm.id);
  return vm;
}

/** An accepted action: 202, `Location` (the result), `Azure-AsyncOperation` (the status), `Retry-After`. */
function startAction(ctx: RouteContext, watcher: NetworkWatcher, action: string, result: unknown, resultOf: string): ArmResponse {
  const { env, req } = ctx;
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'action',
    operationName: `${watcherType}/${action}/action`,
    resourceId: watcher.id,
    subscriptionId: watcher.subscriptionId,
    location: watcher.location,
    provider: 'Microsoft.Network',
    created: false,
    result: { body: result, of: resultOf },
    ...withFault(req),
  });
  return {
    status: 202,
    headers: {
      location: resultUrl(env, operation, req.apiVersion),
      'azure-asyncoperation': statusUrl(env, operation, req.apiVersion),
      'retry-after': String(env.tuning.retryAfterSeconds),
    },
  };
}

function checkConnectivity(ctx: RouteContext): ArmResponse {
  const watcher = requireWatcher(ctx);
  const body = parseBody(connectivityParametersSchema, parseJson(ctx.req.rawBody));
  const vm = sourceVm(ctx, watcher, body.source.resourceId);
  return startAction(ctx, watcher, 'connectivityCheck', evaluateConnectivity(ctx.env, vm, body), 'NetworkWatchers_CheckConnectivity');
}

function ipFlowVerify(ctx: RouteContext): ArmResponse {
  const watcher = requireWatcher(ctx);
  const body = parseBody(ipFlowParametersSchema, parseJson(ctx.req.rawBody));
  return startAction(ctx, watcher, 'ipFlowVerify', verifyIpFlow(ctx.env, body), 'NetworkWatchers_VerifyIPFlow');
}

const base = { provider: 'Microsoft.Network', resourceType: 'networkWatchers', errorBody: 'ErrorResponse' } as const;

export const networkWatcherRoutes: Route[] = [
  {
    ...base,
    operationId: 'NetworkWatchers_Get',
    method: 'GET',
    template: watcherPath,
    kind: 'read',
    permission: (p) => ({ action: `${watcherType}/read`, scope: watcherId(p) }),
    handle: (ctx) => {
      const watcher = requireWatcher(ctx);
      return { status: 200, body: networkWatcherToWire(watcher), headers: { etag: watcher.etag } };
    },
  },
  { ...base, operationId: 'NetworkWatchers_CreateOrUpdate', method: 'PUT', template: watcherPath, kind: 'write', permission: (p) => ({ action: `${watcherType}/write`, scope: watcherId(p) }), handle: putWatcher },
  { ...base, operationId: 'NetworkWatchers_Delete', method: 'DELETE', template: watcherPath, kind: 'delete', permission: (p) => ({ action: `${watcherType}/delete`, scope: watcherId(p) }), handle: deleteWatcher },
  {
    ...base,
    operationId: 'NetworkWatchers_UpdateTags',
    method: 'PATCH',
    template: watcherPath,
    kind: 'write',
    permission: (p) => ({ action: `${watcherType}/write`, scope: watcherId(p) }),
    handle: (ctx) => {
      const watcher = requireWatcher(ctx);
      const body = parseBody(tagsObjectSchema, parseJson(ctx.req.rawBody));
      watcher.tags = body.tags ?? {};
      watcher.etag = newEtag(ctx.env);
      ctx.env.store.changed();
      startImmediate(ctx.env, ctx.req, watcher, `${watcherType}/write`, false);
      return { status: 200, body: networkWatcherToWire(watcher) };
    },
  },
  {
    ...base,
    operationId: 'NetworkWatchers_List',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkWatchers',
    kind: 'read',
    permission: (p) => ({ action: `${watcherType}/read`, scope: resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '') }),
    // Not pageable in the spec (`value` only): one region per watcher keeps the list short.
    handle: ({ params, env }) => {
      const group = env.store.requireResourceGroup(params.subscriptionId ?? '', params.resourceGroupName ?? '');
      return { status: 200, body: { value: env.store.list('networkWatchers', group.subscriptionId, group.name).map(networkWatcherToWire) } };
    },
  },
  {
    ...base,
    operationId: 'NetworkWatchers_ListAll',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkWatchers',
    kind: 'read',
    permission: (p) => ({ action: `${watcherType}/read`, scope: `/subscriptions/${p.subscriptionId}` }),
    handle: ({ params, env }) => ({ status: 200, body: { value: env.store.list('networkWatchers', params.subscriptionId ?? '').map(networkWatcherToWire) } }),
  },
  {
    ...base,
    operationId: 'NetworkWatchers_CheckConnectivity',
    method: 'POST',
    template: `${watcherPath}/connectivityCheck`,
    kind: 'action',
    permission: (p) => ({ action: `${watcherType}/connectivityCheck/action`, scope: watcherId(p) }),
    handle: checkConnectivity,
  },
  {
    ...base,
    operationId: 'NetworkWatchers_VerifyIPFlow',
    method: 'POST',
    template: `${watcherPath}/ipFlowVerify`,
    kind: 'action',
    permission: (p) => ({ action: `${watcherType}/ipFlowVerify/action`, scope: watcherId(p) }),
    handle: ipFlowVerify,
  },
];

