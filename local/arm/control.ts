/**
 * The control API under `/_emulator/` (a path ARM never uses), plain HTTPS JSON, used by tests, the CLI and
 * the local launcher through `controlClient.ts`: faults (incl. hold/release), the call log, the activity
 * log, principals and tokens, RBAC and role assignments, the legacy address-space switch, timing, emulator-only
 * resource facts (VM guest firewall, power state, Network Watcher agent; VNet gateway), scenario load and
 * reset, Event Grid subscriptions and the delivery log. Also serves the App Service managed-identity endpoint (`/_emulator/msi/token`).
 */
import { z } from 'zod';
import { mintToken } from './auth/tokens.js';
import type { EmulatorEnv } from './emulatorEnv.js';
import { EventSubscriptionError } from './eventGrid/publisher.js';
import type { FaultRuleInput } from './faults.js';
import { header, type ArmRequest, type ArmResponse } from './http.js';
import { idKey } from './ids.js';
import type { WorldState } from './model.js';
import { buildWorld } from './scenario/buildWorld.js';
import { loadScenario } from './scenario/loadScenario.js';
import { emptyWorld } from './store.js';

/** What the control API needs beyond the shared services. */
export interface ControlDeps {
  env: EmulatorEnv;
  /** The secret a managed-identity caller sends in `X-IDENTITY-HEADER`. */
  identityHeader: string;
  caFile: string;
  seed: number | undefined;
  /** Replaces the world (scenario load keeps the event subscriptions, reset drops them). */
  replaceWorld: (state: WorldState, keepEventSubscriptions: boolean) => void;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const faultSchema = z.strictObject({
  match: z.strictObject({
    operationId: z.string().optional(),
    method: z.string().optional(),
    pathContains: z.string().optional(),
    kind: z.enum(['write', 'delete', 'action', 'read', 'poll', 'identity', 'unknown']).optional(),
    principalId: z.string().optional(),
  }),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('status'), status: z.number().int().min(400).max(599), code: z.string().optional(), message: z.string().optional(), retryAfterSeconds: z.number().min(0).optional(), retryAfterMs: z.number().min(0).optional() }),
    z.strictObject({ type: z.literal('drop') }),
    z.strictObject({ type: z.literal('latency'), ms: z.number().min(0) }),
    z.strictObject({ type: z.literal('hold') }),
    z.strictObject({ type: z.literal('holdOperation') }),
    z.strictObject({ type: z.literal('failOperation'), code: z.string(), message: z.string().optional() }),
  ]),
  times: z.number().int().min(1).optional(),
  rate: z.number().min(0).max(1).optional(),
});

const settingsSchema = z.strictObject({
  rbac: z.boolean().optional(),
  legacyAddressSpace: z.boolean().optional(),
  latencyMs: z.number().min(0).optional(),
  operationLatencyMs: z.record(z.string(), z.number().min(0)).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  pageSize: z.number().int().min(1).max(5000).optional(),
  eventRetryScale: z.number().positive().optional(),
});

const tokenSchema = z.strictObject({ principalId: z.string().optional(), principal: z.enum(['app', 'portal']).optional(), lifetimeSeconds: z.number().int().min(1).optional() });
const principalSchema = z.strictObject({ id: z.string().min(1), name: z.string().min(1), kind: z.enum(['ManagedIdentity', 'User', 'ServicePrincipal']) });
const roleAssignmentSchema = z.strictObject({ principalId: z.string().min(1), role: z.string().min(1), scope: z.string().min(1), actions: z.array(z.string()).optional(), notActions: z.array(z.string()).optional() });
const vmPatchSchema = z.strictObject({
  resourceId: z.string().min(1),
  powerState: z.enum(['running', 'stopped', 'deallocated']).optional(),
  networkWatcherAgent: z.boolean().optional(),
  guestFirewall: z.strictObject({ blockIcmp: z.boolean().optional(), openTcpPorts: z.array(z.number().int()).nullable().optional() }).optional(),
});
const vnetPatchSchema = z.strictObject({ resourceId: z.string().min(1), hasGateway: z.boolean().optional() });
const scenarioLoadSchema = z.strictObject({ name: z.string().optional(), scenario: z.unknown().optional(), seed: z.number().int().optional() });

function body<T extends z.ZodType>(schema: T, req: ArmRequest): z.infer<T> {
  let json: unknown = {};
  try {
    json = req.rawBody.trim() ? (JSON.parse(req.rawBody) as unknown) : {};
  } catch {
    throw new ControlError(400, 'control API: the body is not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ControlError(400, `control API ${req.method} ${req.path}: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid body'}`);
  }
  return result.data;
}

function ok(value: unknown, status = 200): ArmResponse {
  return { status, body: value };
}

function counts(state: WorldState): Record<string, number> {
  return {
    resourceGroups: Object.keys(state.resourceGroups).length,
    virtualNetworks: Object.keys(state.virtualNetworks).length,
    peerings: Object.values(state.virtualNetworks).reduce((n, v) => n + v.peerings.length, 0),
    networkSecurityGroups: Object.keys(state.networkSecurityGroups).length,
    networkInterfaces: Object.keys(state.networkInterfaces).length,
    virtualMachines: Object.keys(state.virtualMachines).length,
  };
}

function identity(deps: ControlDeps, req: ArmRequest): ArmResponse {
  const { env } = deps;
  const record = (status: number): void =>
    env.calls.add({ time: new Date().toISOString(), method: req.method, url: `${req.url.pathname}${req.url.search}`, operationId: 'ManagedIdentity_GetToken', kind: 'identity', status, correlationId: req.correlationId, principalId: env.store.state.appPrincipalId });
  if (header(req, 'x-identity-header') !== deps.identityHeader) {
    record(401);
    return { status: 401, body: { error: 'invalid_request', error_description: 'The X-IDENTITY-HEADER header is missing or wrong.' } };
  }
  const principal = env.store.principal(env.store.state.appPrincipalId);
  if (!principal) throw new ControlError(500, `the app principal ${env.store.state.appPrincipalId} is not in the world`);
  const resource = req.query.get('resource') ?? 'https://management.azure.com/';
  const { token, expiresOn } = mintToken(principal, env.store.state.tenantId, env.store.state.signingKey, env.now());
  record(200);
  return ok({ access_token: token, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: principal.id });
}

async function route(deps: ControlDeps, req: ArmRequest): Promise<ArmResponse | undefined> {
  const { env } = deps;
  const path = req.path.replace(/\/+$/, '');
  const segments = path.split('/').filter(Boolean).slice(1);
  const [area, id, verb] = segments;
  const method = req.method;
  env.operations.settle();

  switch (area) {
    case 'health':
      return ok({ status: 'ok', url: env.baseUrl(), caFile: deps.caFile });
    case 'msi':
      return id === 'token' && method === 'GET' ? identity(deps, req) : undefined;
    case 'state': {
      const { signingKey: _secret, ...state } = env.store.state;
      return ok(state);
    }
    case 'reset':
      if (method !== 'POST') break;
      deps.replaceWorld(emptyWorld(env.store.state.signingKey), false);
      env.calls.reset();
      env.activity.clear();
      env.faults.clear();
      return ok({ counts: counts(env.store.state) });
    case 'scenario': {
      if (method !== 'POST') break;
      const input = body(scenarioLoadSchema, req);
      const document = input.scenario ?? (input.name ? loadScenario(input.name, input.seed ?? deps.seed) : undefined);
      if (!document) throw new ControlError(400, 'control API: give a scenario name or document');
      let world: WorldState;
      try {
        world = buildWorld(document as Parameters<typeof buildWorld>[0], env.rng, env.store.state.signingKey);
      } catch (error) {
        throw new ControlError(400, (error as Error).message);
      }
      deps.replaceWorld(world, true);
      return ok({ name: (document as { name?: string }).name, counts: counts(world) });
    }
    case 'calls':
      if (method === 'GET') return ok({ counts: env.calls.snapshot(), calls: req.query.get('entries') === 'false' ? [] : env.calls.list() });
      if (method === 'DELETE') {
        env.calls.reset();
        return ok({});
      }
      break;
    case 'activity':
      if (method === 'GET') return ok({ records: env.activity.list(Number(req.query.get('after') ?? 0)) });
      if (method === 'DELETE') {
        env.activity.clear();
        return ok({});
      }
      break;
    case 'faults':
      if (!id) {
        if (method === 'GET') return ok({ rules: env.faults.list() });
        if (method === 'POST') return ok(env.faults.add(body(faultSchema, req) as FaultRuleInput), 201);
        if (method === 'DELETE') {
          env.faults.clear();
          return ok({});
        }
      } else {
        const rule = env.faults.get(id);
        if (!rule) throw new ControlError(404, `fault rule ${id} does not exist`);
        if (!verb && method === 'GET') return ok(rule);
        if (!verb && method === 'DELETE') return ok({ removed: env.faults.remove(id) });
        if (verb === 'release' && method === 'POST') return ok({ released: env.faults.release(id) });
        if (verb === 'held' && method === 'GET') {
          await env.faults.waitUntilHolding(id, Number(req.query.get('count') ?? 1));
          return ok({ holding: env.faults.get(id)?.holding ?? 0 });
        }
      }
      break;
    case 'principals':
      if (method === 'GET') return ok({ principals: env.store.state.principals, appPrincipalId: env.store.state.appPrincipalId, portalPrincipalId: env.store.state.portalPrincipalId });
      if (method === 'POST') {
        const principal = body(principalSchema, req);
        env.store.state.principals = [...env.store.state.principals.filter((p) => p.id !== principal.id), principal];
        env.store.changed();
        return ok(principal, 201);
      }
      break;
    case 'tokens': {
      if (method !== 'POST') break;
      const input = body(tokenSchema, req);
      const principalId = input.principalId ?? (input.principal === 'app' ? env.store.state.appPrincipalId : env.store.state.portalPrincipalId);
      const principal = env.store.principal(principalId);
      if (!principal) throw new ControlError(404, `principal ${principalId} does not exist`);
      const { token, expiresOn } = mintToken(principal, env.store.state.tenantId, env.store.state.signingKey, env.now(), input.lifetimeSeconds);
      return ok({ accessToken: token, expiresOn, principalId: principal.id });
    }
    case 'settings':
      if (method === 'GET') return ok({ ...env.store.state.settings, ...env.tuning });
      if (method === 'PATCH') {
        const input = body(settingsSchema, req);
        if (input.rbac !== undefined) env.store.state.settings.rbac = input.rbac;
        if (input.legacyAddressSpace !== undefined) env.store.state.settings.legacyAddressSpace = input.legacyAddressSpace;
        if (input.latencyMs !== undefined) env.tuning.latencyMs = input.latencyMs;
        if (input.operationLatencyMs !== undefined) env.tuning.operationLatencyMs = { ...env.tuning.operationLatencyMs, ...input.operationLatencyMs };
        if (input.retryAfterSeconds !== undefined) env.tuning.retryAfterSeconds = input.retryAfterSeconds;
        if (input.pageSize !== undefined) env.tuning.pageSize = input.pageSize;
        if (input.eventRetryScale !== undefined) env.tuning.eventRetryScale = input.eventRetryScale;
        env.store.changed();
        return ok({ ...env.store.state.settings, ...env.tuning });
      }
      break;
    case 'roleAssignments':
      if (!id && method === 'GET') return ok({ roleAssignments: env.store.state.roleAssignments });
      if (!id && method === 'POST') {
        const input = body(roleAssignmentSchema, req);
        const assignment = { id: env.rng.uuid(), ...input };
        env.store.state.roleAssignments.push(assignment);
        env.store.changed();
        return ok(assignment, 201);
      }
      if (id && method === 'DELETE') {
        env.store.state.roleAssignments = env.store.state.roleAssignments.filter((a) => a.id !== id);
        env.store.changed();
        return ok({});
      }
      break;
    case 'vms': {
      if (method !== 'PATCH') break;
      const input = body(vmPatchSchema, req);
      const vm = env.store.vm(input.resourceId);
      if (!vm) throw new ControlError(404, `VM ${input.resourceId} does not exist`);
      if (input.powerState) vm.powerState = input.powerState;
      if (input.networkWatcherAgent !== undefined) vm.networkWatcherAgent = input.networkWatcherAgent;
      if (input.guestFirewall?.blockIcmp !== undefined) vm.guestFirewall.blockIcmp = input.guestFirewall.blockIcmp;
      if (input.guestFirewall?.openTcpPorts === null) delete vm.guestFirewall.openTcpPorts;
      else if (input.guestFirewall?.openTcpPorts) vm.guestFirewall.openTcpPorts = input.guestFirewall.openTcpPorts;
      env.store.changed();
      return ok(vm);
    }
    case 'vnets': {
      if (method !== 'PATCH') break;
      const input = body(vnetPatchSchema, req);
      const vnet = env.store.vnet(input.resourceId);
      if (!vnet) throw new ControlError(404, `VNet ${input.resourceId} does not exist`);
      if (input.hasGateway !== undefined) vnet.hasGateway = input.hasGateway;
      env.store.changed();
      return ok({ id: vnet.id, hasGateway: vnet.hasGateway });
    }
    case 'eventSubscriptions': {
      const answer = await eventSubscriptions(env, req, id);
      if (answer) return answer;
      break;
    }
    case 'eventDeliveries': {
      const answer = await eventDeliveries(env, req, id);
      if (answer) return answer;
      break;
    }
    case 'operations':
      if (method === 'GET') return ok({ operations: Object.values(env.store.state.operations).filter((o) => !id || idKey(o.id) === idKey(id)) });
      break;
    default:
      break;
  }
  throw new ControlError(404, `control API: no ${method} ${req.path}`);
}

/** `/_emulator/eventSubscriptions[/{name}]`: list, create (after the handshake), get, change, delete. */
async function eventSubscriptions(env: EmulatorEnv, req: ArmRequest, name: string | undefined): Promise<ArmResponse | undefined> {
  const publisher = env.eventGrid;
  try {
    if (!name && req.method === 'GET') return ok({ subscriptions: publisher.subscriptions() });
    if (!name && req.method === 'POST') return ok(await publisher.upsert(body(z.unknown(), req)), 201);
    if (name && req.method === 'GET') {
      const subscription = publisher.subscription(name);
      if (!subscription) throw new ControlError(404, `event subscription ${name} does not exist`);
      return ok(subscription);
    }
    if (name && req.method === 'PATCH') return ok(await publisher.update(name, body(z.record(z.string(), z.unknown()), req)));
    if (name && req.method === 'DELETE') return ok({ removed: publisher.remove(name) });
  } catch (error) {
    if (error instanceof EventSubscriptionError) throw new ControlError(error.status, error.message);
    throw error;
  }
  return undefined;
}

/** `/_emulator/eventDeliveries[/settled]`: the delivery log, and the wait until deliveries settled. */
async function eventDeliveries(env: EmulatorEnv, req: ArmRequest, verb: string | undefined): Promise<ArmResponse | undefined> {
  const correlationId = req.query.get('correlationId') ?? undefined;
  const subscription = req.query.get('subscription') ?? undefined;
  const filter = { ...(correlationId ? { correlationId } : {}), ...(subscription ? { subscription } : {}) };
  if (!verb && req.method === 'GET') return ok({ deliveries: env.eventGrid.log.list({ ...filter, after: Number(req.query.get('after') ?? 0) }) });
  if (!verb && req.method === 'DELETE') {
    env.eventGrid.log.clear();
    return ok({});
  }
  if (verb === 'settled' && req.method === 'GET') {
    const timeoutMs = Number(req.query.get('timeoutMs') ?? 30_000);
    const result = await env.eventGrid.waitUntilSettled(filter, Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 30_000);
    if (!result.settled) throw new ControlError(408, `event deliveries did not settle within ${timeoutMs} ms${correlationId ? ` for correlation id ${correlationId}` : ''}: ${result.pending.join('; ')}`);
    return ok({ settled: true, deliveries: env.eventGrid.log.list(filter) });
  }
  return undefined;
}

/** The control request handler: answers `/_emulator/…`, or `undefined` for other paths. */
export function createControl(deps: ControlDeps): (req: ArmRequest) => Promise<ArmResponse | undefined> {
  return async (req) => {
    try {
      return await route(deps, req);
    } catch (error) {
      if (error instanceof ControlError) return { status: error.status, body: { error: { code: 'ControlRequestFailed', message: error.message } } };
      throw error;
    }
  };
}
