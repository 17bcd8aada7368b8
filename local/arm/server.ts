/**
 * The in-process ARM emulator: `startArmEmulator(options)` builds the world (state file, scenario or empty),
 * wires the services and serves HTTPS on loopback with the local certificate (`local/certs.ts`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureLocalCertificates } from '../certs.js';
import { ActivityLog } from './activityLog.js';
import { isAuthorized } from './auth/rbac.js';
import { CallLog } from './callLog.js';
import { EventGridPublisher } from './eventGrid/publisher.js';
import { createControl } from './control.js';
import { ArmControlClient } from './controlClient.js';
import type { EmulatorEnv, EmulatorTuning } from './emulatorEnv.js';
import { authorizationFailed, linkedAuthorizationFailed } from './errors.js';
import { Faults } from './faults.js';
import { Operations } from './lro.js';
import type { WorldState } from './model.js';
import { createPipeline, type ResponseRecord } from './pipeline.js';
import { networkInterfaceRoutes } from './resources/networkInterfaces.js';
import { networkSecurityGroupRoutes } from './resources/networkSecurityGroups.js';
import { networkWatcherRoutes } from './resources/networkWatchers.js';
import { eventSubscriptionRoutes } from './resources/eventSubscriptions.js';
import { operationRoutes } from './resources/operations.js';
import { resourceGroupRoutes } from './resources/resourceGroups.js';
import { virtualMachineRoutes } from './resources/virtualMachines.js';
import { virtualNetworkRoutes } from './resources/virtualNetworks.js';
import { createRng } from './rng.js';
import { Router } from './router.js';
import { buildWorld } from './scenario/buildWorld.js';
import { loadScenario } from './scenario/loadScenario.js';
import type { ScenarioInput } from './scenario/scenarioSchema.js';
import { emptyWorld, loadState, saveState, Store } from './store.js';

/** How to start the emulator (the CLI flags map one to one). */
export interface ArmEmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Scenario name (`local/scenarios/`) or JSON file. Ignored when `state` names an existing file. */
  scenario?: string;
  /** A scenario document (in-process callers). */
  scenarioDocument?: ScenarioInput;
  /** State file: loaded on start when it exists, saved after every change. */
  state?: string;
  /** Time an operation stays InProgress; default 1000 ms, 0 with `fast`. */
  latencyMs?: number;
  /** Seed for ids and fault rates (reproducible runs). */
  seed?: number;
  /** Test profile: `Retry-After: 0` and no artificial latency (unless `latencyMs` says otherwise). */
  fast?: boolean;
  /** `Retry-After` seconds; default 1, 0 with `fast`. */
  retryAfterSeconds?: number;
  /** Items per list page; default 100. */
  pageSize?: number;
  /** Scale of Event Grid's retry schedule; default 1, 0.001 with `fast` (10 s → 10 ms). */
  eventRetryScale?: number;
  /** The managed-identity secret (`IDENTITY_HEADER`); default random. */
  identityHeader?: string;
  /** Certificate folder; default `.local/certs`. */
  certsDir?: string;
  /** Called with every ARM answer (conformance checks in tests). */
  onResponse?: (record: ResponseRecord) => void;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` — the `ARM_ENDPOINT`. */
  url: string;
  port: number;
  /** The CA to trust (`NODE_EXTRA_CA_CERTS`). */
  caFile: string;
  /** The managed-identity secret (`IDENTITY_HEADER`). */
  identityHeader: string;
  /** Typed control API client. */
  control: ArmControlClient;
  /** The services (in-process only: tests may inspect the store directly). */
  env: EmulatorEnv;
  close(): Promise<void>;
}

function initialWorld(options: ArmEmulatorOptions, rng: ReturnType<typeof createRng>): { world: WorldState; restored: boolean } {
  const saved = options.state ? loadState(options.state) : undefined;
  if (saved) return { world: saved, restored: true };
  const signingKey = randomBytes(32).toString('base64url');
  const document = options.scenarioDocument ?? (options.scenario ? loadScenario(options.scenario, options.seed) : undefined);
  return { world: document ? buildWorld(document, rng, signingKey) : emptyWorld(signingKey), restored: false };
}

/** Starts the emulator on 127.0.0.1. */
export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<RunningEmulator> {
  const certificates = await ensureLocalCertificates(options.certsDir);
  const rng = createRng(options.seed);
  const { world, restored } = initialWorld(options, rng);
  const store = new Store(world);
  const tuning: EmulatorTuning = {
    latencyMs: options.latencyMs ?? (options.fast ? 0 : 1000),
    operationLatencyMs: {},
    retryAfterSeconds: options.retryAfterSeconds ?? (options.fast ? 0 : 1),
    pageSize: options.pageSize ?? 100,
    eventRetryScale: options.eventRetryScale ?? (options.fast ? 0.001 : 1),
  };
  const identityHeader = options.identityHeader ?? randomBytes(16).toString('hex');
  const activity = new ActivityLog();
  const persist = (): void => {
    if (options.state) saveState(options.state, store.state);
  };
  let baseUrl = 'https://127.0.0.1';
  const eventGrid = new EventGridPublisher({ store, rng, tuning, now: Date.now });
  activity.subscribe((record) => eventGrid.publish(record));
  const onSettled = (): void => {
    persist();
    eventGrid.notify();
  };
  const operations = new Operations(store, activity, rng, { latencyMs: (name) => tuning.operationLatencyMs[name] ?? tuning.latencyMs }, Date.now, onSettled);
  const faults = new Faults(rng, (ruleId) => operations.release(ruleId));
  const env: EmulatorEnv = {
    store,
    operations,
    activity,
    calls: new CallLog(),
    faults,
    eventGrid,
    rng,
    tuning,
    baseUrl: () => baseUrl,
    now: Date.now,
    authorize(req, action, scope) {
      if (!store.state.settings.rbac || !req.principal) return;
      if (!isAuthorized(store.state, req.principal.id, action, scope)) throw authorizationFailed(req.principal.id, action, scope);
    },
    authorizeLinked(req, action, scope, linkedAction, linkedScope) {
      if (!store.state.settings.rbac || !req.principal) return;
      if (!isAuthorized(store.state, req.principal.id, linkedAction, linkedScope)) throw linkedAuthorizationFailed(req.principal.id, action, scope, linkedAction, linkedScope);
    },
  };
  if (restored) operations.resumeAfterRestart();
  const router = new Router([...resourceGroupRoutes, ...virtualNetworkRoutes, ...networkSecurityGroupRoutes, ...networkInterfaceRoutes, ...virtualMachineRoutes, ...networkWatcherRoutes, ...eventSubscriptionRoutes, ...operationRoutes]);
  const control = createControl({
    env,
    identityHeader,
    caFile: certificates.caFile,
    seed: options.seed,
    replaceWorld: (state, keepEventSubscriptions) => {
      operations.stop();
      // Event subscriptions live on the subscriptions' system topics, not in the resources: a scenario
      // load keeps them, a reset drops them.
      if (keepEventSubscriptions) state.eventSubscriptions = store.state.eventSubscriptions;
      else eventGrid.clear();
      store.replace(state);
      operations.reindex();
    },
  });
  const server: Server = createServer(
    { cert: readFileSync(certificates.certFile), key: readFileSync(certificates.keyFile), keepAlive: true },
    createPipeline({ router, env, control, persist, ...(options.onResponse ? { onResponse: options.onResponse } : {}) }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  persist();
  return {
    url: baseUrl,
    port,
    caFile: certificates.caFile,
    identityHeader,
    control: new ArmControlClient(baseUrl, { ca: readFileSync(certificates.caFile) }),
    env,
    close: async () => {
      operations.stop();
      eventGrid.stop();
      faults.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
