/** Helpers every resource handler uses: names, ETags, If-Match, the VNet lock, LRO answers. */
import type { EmulatorEnv } from '../emulatorEnv.js';
import { anotherOperationInProgress, invalidResourceName, preconditionFailed } from '../errors.js';
import { header, type ArmRequest, type ArmResponse } from '../http.js';
import type { OperationCaller } from '../lro.js';
import type { Operation, VirtualNetwork } from '../model.js';

// Word character first, word character or '_' last, '.', '-', '_' between (NRP's naming rule).
const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

/** Throws `InvalidResourceName` unless the name follows NRP's rule and length. */
export function validateName(name: string, maxLength: number): void {
  if (name.length > maxLength || !namePattern.test(name)) throw invalidResourceName(name, maxLength);
}

/** A new weak ETag, as NRP sends them (`W/"<guid>"`). */
export function newEtag(env: EmulatorEnv): string {
  return `W/"${env.rng.uuid()}"`;
}

/** Enforces `If-Match` / `If-None-Match` against the current ETag (`undefined` = resource absent): 412 otherwise. */
export function checkPreconditions(req: ArmRequest, currentEtag: string | undefined, resourceId: string): void {
  const ifMatch = header(req, 'if-match');
  if (ifMatch !== undefined) {
    const ok = ifMatch.trim() === '*' ? currentEtag !== undefined : currentEtag !== undefined && ifMatch.split(',').some((t) => t.trim() === currentEtag);
    if (!ok) throw preconditionFailed(resourceId);
  }
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifNoneMatch?.trim() === '*' && currentEtag !== undefined) throw preconditionFailed(resourceId);
}

/** The status URL of an operation (`Azure-AsyncOperation`). */
export function statusUrl(env: EmulatorEnv, operation: Operation, apiVersion: string): string {
  return `${env.baseUrl()}/subscriptions/${operation.subscriptionId}/providers/${operation.provider}/locations/${operation.location}/operations/${operation.id}?api-version=${apiVersion}`;
}

/** The result URL of an operation (`Location`). */
export function resultUrl(env: EmulatorEnv, operation: Operation, apiVersion: string): string {
  return `${env.baseUrl()}/subscriptions/${operation.subscriptionId}/providers/${operation.provider}/locations/${operation.location}/operationResults/${operation.id}?api-version=${apiVersion}`;
}

/** Throws 409 `AnotherOperationInProgress` while an operation holds the VNet's lock. */
export function checkVnetLock(env: EmulatorEnv, req: ArmRequest, vnet: VirtualNetwork): void {
  const running = env.operations.activeOn(vnet.id);
  if (running) throw anotherOperationInProgress(statusUrl(env, running, req.apiVersion));
}

/** The caller of a request, as an operation records it. */
export function callerOf(req: ArmRequest): OperationCaller {
  return {
    principalId: req.principal?.id ?? 'anonymous',
    correlationId: req.correlationId,
    ...(req.clientRequestId ? { clientRequestId: req.clientRequestId } : {}),
    method: req.method,
    url: req.url.toString(),
    clientIp: req.clientIp,
  };
}

/** The operation-fault part of an operation start (`holdOperation`/`failOperation` rules picked for the request). */
export function withFault(req: ArmRequest): { fault?: { holdRuleId?: string; failWith?: { code: string; message: string } } } {
  const rule = req.operationFault;
  if (rule?.action.type === 'holdOperation') return { fault: { holdRuleId: rule.id } };
  if (rule?.action.type === 'failOperation') {
    return { fault: { failWith: { code: rule.action.code, message: rule.action.message ?? 'The operation failed (emulator fault injection).' } } };
  }
  return {};
}

/** A long-running write's first answer: 201/200, the body, `Azure-AsyncOperation` and `Retry-After`. */
export function acceptedWrite(env: EmulatorEnv, req: ArmRequest, operation: Operation, created: boolean, body: unknown): ArmResponse {
  return {
    status: created ? 201 : 200,
    body,
    headers: { 'azure-asyncoperation': statusUrl(env, operation, req.apiVersion), 'retry-after': String(env.tuning.retryAfterSeconds) },
  };
}

/** A long-running delete's first answer: 202, no body, `Location`, `Azure-AsyncOperation` and `Retry-After`. */
export function acceptedDelete(env: EmulatorEnv, req: ArmRequest, operation: Operation): ArmResponse {
  return {
    status: 202,
    headers: {
      location: resultUrl(env, operation, req.apiVersion),
      'azure-asyncoperation': statusUrl(env, operation, req.apiVersion),
      'retry-after': String(env.tuning.retryAfterSeconds),
      'azure-asyncnotification': 'Enabled',
    },
  };
}
