/**
 * Operation status and result URLs, polled by core-lro: `…/locations/{region}/operations/{id}` answers
 * 200 `{ status }` (`InProgress`, `Succeeded`, `Failed` + `error`), `…/operationResults/{id}` answers 202
 * while running, then 200 with the action's answer (a connectivity check's `ConnectivityInformation`) or
 * 204 when the operation has none (deletes). Counted as polls in the call log, apart from resource reads.
 */
import { supportedApiVersions, type ProviderNamespace } from '../apiVersions.js';
import { ArmError, operationNotFound } from '../errors.js';
import type { ArmResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { resultUrl } from './common.js';

function operationOf({ params, env }: RouteContext) {
  const operation = env.operations.get(params.operationId ?? '');
  if (!operation || operation.subscriptionId.toLowerCase() !== (params.subscriptionId ?? '').toLowerCase()) throw operationNotFound(params.operationId ?? '');
  return operation;
}

function status(ctx: RouteContext): ArmResponse {
  const operation = operationOf(ctx);
  const body = operation.status === 'Failed' ? { status: 'Failed', error: { ...(operation.error ?? { code: 'Failed', message: 'The operation failed.' }), details: [] } } : { status: operation.status };
  return { status: 200, body, ...(operation.status === 'InProgress' ? { headers: { 'retry-after': String(ctx.env.tuning.retryAfterSeconds) } } : {}) };
}

function result(ctx: RouteContext): ArmResponse {
  const operation = operationOf(ctx);
  if (operation.status === 'InProgress') {
    return { status: 202, headers: { location: resultUrl(ctx.env, operation, ctx.req.apiVersion), 'retry-after': String(ctx.env.tuning.retryAfterSeconds) } };
  }
  if (operation.status === 'Failed') throw new ArmError(400, operation.error?.code ?? 'Failed', operation.error?.message ?? 'The operation failed.');
  if (operation.result !== undefined) return { status: 200, body: operation.result, ...(operation.resultOf ? { conformsTo: operation.resultOf } : {}) };
  return { status: 204 };
}

/** Status and result routes for each provider namespace. */
export const operationRoutes: Route[] = (Object.keys(supportedApiVersions) as ProviderNamespace[]).flatMap((provider) => [
  {
    operationId: 'NetworkOperationStatus',
    method: 'GET' as const,
    template: `/subscriptions/{subscriptionId}/providers/${provider}/locations/{location}/operations/{operationId}`,
    provider,
    resourceType: 'locations/operations',
    kind: 'poll' as const,
    handle: status,
  },
  {
    operationId: 'OperationResults',
    method: 'GET' as const,
    template: `/subscriptions/{subscriptionId}/providers/${provider}/locations/{location}/operationResults/{operationId}`,
    provider,
    resourceType: 'locations/operationResults',
    kind: 'poll' as const,
    handle: result,
  },
]);
