/**
 * The request pipeline, in ARM's order (modelled on Azurite's):
 *
 *   parse → settle due operations → route → api-version → authenticate → faults → authorize (RBAC)
 *   → handler (validate + apply + answer) → serialise → error envelope → call log → save state
 *
 * Handlers are synchronous over the in-memory store, so two requests never interleave inside one; only
 * fault holds and latency wait.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { checkApiVersion } from './apiVersions.js';
import type { CallKind } from './callLog.js';
import type { EmulatorEnv } from './emulatorEnv.js';
import { ArmError, authenticationMissing, injected, invalidResourceType, isArmError } from './errors.js';
import type { FaultRule } from './faults.js';
import { header, type ArmRequest, type ArmResponse } from './http.js';
import { verifyToken } from './auth/tokens.js';
import type { Principal } from './model.js';
import type { Router } from './router.js';

/** What the conformance check (tests) sees of each answer. */
export interface ResponseRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  operationId: string;
  status: number;
  body: unknown;
  /** The spec operation whose answer the body is, when it is not the one the URL names (operation results). */
  conformsTo?: string;
}

/** Options of the pipeline. */
export interface PipelineOptions {
  router: Router;
  env: EmulatorEnv;
  /** Handles `/_emulator/…` (control API and identity endpoint); returns undefined when not its path. */
  control: (req: ArmRequest) => Promise<ArmResponse | undefined>;
  /** Called with every ARM answer (not control calls). */
  onResponse?: (record: ResponseRecord) => void;
  /** Called when the store changed during a request. */
  persist: () => void;
}

const maxBodyBytes = 8 * 1024 * 1024;

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new ArmError(413, 'RequestEntityTooLarge', `The request body exceeds ${maxBodyBytes} bytes.`));
        incoming.destroy();
      } else chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function authenticate(req: ArmRequest, env: EmulatorEnv): Principal {
  const authorization = header(req, 'authorization');
  if (!authorization) throw authenticationMissing();
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  if (!match?.[1]) throw authenticationMissing();
  const claims = verifyToken(match[1], env.store.state.signingKey, env.now());
  return env.store.principal(claims.oid) ?? { id: claims.oid, name: claims.name, kind: claims.idtyp === 'user' ? 'User' : 'ServicePrincipal' };
}

function faultError(rule: FaultRule, env: EmulatorEnv): ArmError | undefined {
  const action = rule.action;
  if (action.type !== 'status') return undefined;
  const defaults: Record<number, [string, string]> = {
    429: ['TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. For more information, see - https://aka.ms/srpthrottlinglimits'],
    409: ['Conflict', 'The request conflicts with the current state of the resource (emulator fault injection).'],
    500: ['InternalServerError', 'Encountered internal server error. Diagnostic information: emulator fault injection.'],
    503: ['ServiceUnavailable', 'The service is temporarily unavailable (emulator fault injection).'],
  };
  const [code, message] = defaults[action.status] ?? ['InjectedFault', `Emulator fault injection (${action.status}).`];
  const error = injected(action.status, action.code ?? code, action.message ?? message);
  const retryAfter = action.retryAfterSeconds ?? (action.status === 429 || action.status === 503 ? env.tuning.retryAfterSeconds : undefined);
  if (retryAfter !== undefined) error.headers['retry-after'] = String(retryAfter);
  if (action.retryAfterMs !== undefined) {
    error.headers['retry-after-ms'] = String(action.retryAfterMs);
    error.headers['x-ms-retry-after-ms'] = String(action.retryAfterMs);
  }
  return error;
}

/** Builds the Node request listener. */
export function createPipeline(options: PipelineOptions): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  const { router, env } = options;

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const versionBefore = env.store.version;
    const url = new URL(incoming.url ?? '/', env.baseUrl());
    const requestId = env.rng.uuid();
    const req: ArmRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      url,
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      rawBody: '',
      requestId,
      correlationId: requestId,
      clientIp: incoming.socket.remoteAddress ?? '127.0.0.1',
      apiVersion: url.searchParams.get('api-version') ?? '',
    };
    req.correlationId = header(req, 'x-ms-correlation-request-id') ?? env.rng.uuid();
    const clientRequestId = header(req, 'x-ms-client-request-id');
    if (clientRequestId) req.clientRequestId = clientRequestId;

    let response: ArmResponse;
    let operationId = 'Unknown';
    let kind: CallKind = 'unknown';
    let faultId: string | undefined;
    let errorBody: 'CloudError' | 'ErrorResponse' = 'CloudError';
    try {
      req.rawBody = await readBody(incoming);
      if (req.path.startsWith('/_emulator/')) {
        const answer = await options.control(req);
        if (answer) {
          send(outgoing, req, answer);
          if (env.store.version !== versionBefore) options.persist();
          return;
        }
      }
      env.operations.settle();
      const match = router.match(req.method, req.path);
      if (!match) {
        const segments = req.path.split('/').filter(Boolean);
        const providerAt = segments.findIndex((s) => s.toLowerCase() === 'providers');
        throw invalidResourceType(segments.slice(providerAt + 2).filter((_, i) => i % 2 === 0).join('/') || req.path, segments[providerAt + 1] ?? 'Microsoft.Resources');
      }
      operationId = match.route.operationId;
      kind = match.route.kind;
      errorBody = match.route.errorBody ?? 'CloudError';
      req.apiVersion = checkApiVersion(req.query, match.route.provider, match.route.resourceType);
      req.principal = authenticate(req, env);
      const rule = env.faults.pick({ operationId, method: req.method, path: req.path, kind, principalId: req.principal.id });
      if (rule) {
        faultId = rule.id;
        if (rule.action.type === 'drop') {
          incoming.socket.destroy();
          env.calls.add(callRecord(req, operationId, kind, 0, undefined, faultId));
          return;
        }
        if (rule.action.type === 'hold') await env.faults.hold(rule);
        if (rule.action.type === 'latency') await delay(rule.action.ms);
        if (rule.action.type === 'holdOperation' || rule.action.type === 'failOperation') req.operationFault = rule;
        const error = faultError(rule, env);
        if (error) throw error;
        env.operations.settle();
      }
      if (match.route.permission) {
        const { action, scope } = match.route.permission(match.params);
        env.authorize(req, action, scope);
      }
      response = match.route.handle({ req, params: match.params, env });
    } catch (error) {
      response = errorResponse(error, errorBody);
    }
    send(outgoing, req, response);
    const errorCode = response.status >= 400 ? (response.body as { error?: { code?: string } } | undefined)?.error?.code : undefined;
    env.calls.add(callRecord(req, operationId, kind, response.status, errorCode, faultId));
    options.onResponse?.({ method: req.method, url: `${req.url.pathname}${req.url.search}`, operationId, status: response.status, body: response.body, ...(response.conformsTo ? { conformsTo: response.conformsTo } : {}) });
    if (env.store.version !== versionBefore) options.persist();
  }

  return (incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      console.error('arm emulator: unhandled error', error);
      if (!outgoing.headersSent) outgoing.writeHead(500).end();
    });
  };
}

function callRecord(req: ArmRequest, operationId: string, kind: CallKind, status: number, errorCode: string | undefined, faultId: string | undefined) {
  return {
    time: new Date().toISOString(),
    method: req.method,
    url: `${req.url.pathname}${req.url.search}`,
    operationId,
    kind,
    status,
    ...(errorCode ? { errorCode } : {}),
    ...(req.principal ? { principalId: req.principal.id } : {}),
    correlationId: req.correlationId,
    ...(faultId ? { faultId } : {}),
  };
}

/** Turns a thrown value into ARM's error answer (unexpected errors become 500 InternalServerError). */
export function errorResponse(error: unknown, shape: 'CloudError' | 'ErrorResponse' = 'CloudError'): ArmResponse {
  if (isArmError(error)) {
    const body = shape === 'ErrorResponse' ? { error: { code: error.code, message: error.message } } : error.toBody();
    return { status: error.status, body, headers: error.headers };
  }
  console.error('arm emulator: handler failed', error);
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: { code: 'InternalServerError', message: `Emulator error: ${message}`, details: [] } } };
}

function send(outgoing: ServerResponse, req: ArmRequest, response: ArmResponse): void {
  if (outgoing.destroyed) return;
  const headers: Record<string, string> = {
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'x-ms-request-id': req.requestId,
    'x-ms-correlation-request-id': req.correlationId,
    'x-ms-routing-request-id': `LOCAL:${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}:${req.requestId}`,
    ...(req.clientRequestId ? { 'x-ms-client-request-id': req.clientRequestId } : {}),
    ...(response.headers ?? {}),
  };
  if (response.body === undefined || req.method === 'HEAD') {
    outgoing.writeHead(response.status, headers).end();
    return;
  }
  const text = JSON.stringify(response.body);
  outgoing.writeHead(response.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}
