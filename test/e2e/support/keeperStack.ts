/**
 * The whole app on loopback for end-to-end tests: the ARM emulator in-process (test profile, answers
 * checked against the specs), Azurite (the runner's, or one of its own), and the app in the local
 * Functions host (a child process in its own group, virtual clock) with the app's identity, an Event Grid
 * subscription from the emulator to the host's webhook, and helpers that wait on observable state only
 * (instance status, audit trail, the emulator's delivery log) — never on fixed sleeps.
 *
 * Each stack gets its own table prefix and host state folder, so test files (and tests) never share state.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkManagementClient } from '@azure/arm-network';
import { appIdentityEnv } from '../../../local/arm/appIdentityEnv.js';
import type { ArmControlClient } from '../../../local/arm/controlClient.js';
import type { EventSubscriptionInput } from '../../../local/arm/eventGrid/eventSubscription.js';
import type { ScenarioInput } from '../../../local/arm/scenario/scenarioSchema.js';
import type { RunningHost } from '../../../local/host/spawnHost.js';
import { spawnHost } from '../../../local/host/spawnHost.js';
import { keeperEventSubscription } from '../../../local/keeperSubscription.js';
import { repoRoot } from '../../../local/repoRoot.js';
import type { AuditRecord } from '../../../src/azure/storage/auditTrail.js';
import { vnetInstanceId } from '../../../src/domain/instanceKeys.js';
import type { ReconcileOutput, ReconcileStatus } from '../../../src/workflows/reconcile/passResult.js';
import { startTestArm, type TestArm } from '../../arm/support/armTestKit.js';
import { startTestStorage, type TestStorage } from '../../azure/support/azurite.js';

export const FUNCTIONS_KEY = 'e2e-function-key';
export const EVENTGRID_KEY = 'e2e-eventgrid-key';

/** An instance's status as the management API shows it. */
export interface InstanceStatus {
  readonly runtimeStatus: string;
  readonly customStatus: ReconcileStatus | null;
  readonly output: ReconcileOutput | null;
  readonly input?: unknown;
}

/** The app and its world. */
export interface KeeperStack {
  readonly arm: TestArm;
  readonly control: ArmControlClient;
  readonly host: RunningHost;
  readonly tablePrefix: string;
  /** The app's storage connection string (Azurite). */
  readonly storageConnection: string;
  /** The SDK as the portal user (another principal than the app). */
  portal(subscriptionId: string): NetworkManagementClient;
  /** Creates the app's Event Grid subscription (with extra settings, e.g. delivery faults). */
  subscribe(extra?: Partial<EventSubscriptionInput>): Promise<void>;
  /** The instance of a VNet, or undefined. */
  instance(vnetId: string): Promise<InstanceStatus | undefined>;
  /** The VNet's audit trail through `GET /api/history`, newest first. */
  history(vnetId: string): Promise<AuditRecord[]>;
  /** The pass records (`action: reconcile`) of a VNet, oldest first. */
  passes(vnetId: string): Promise<AuditRecord[]>;
  /** Polls (bounded: 60 s by default) until `check` returns a value; fails naming `what` with the host's last output. */
  until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  /** Waits until the pass that handled the ARM write with `correlationId` is recorded; returns it. */
  passFor(vnetId: string, correlationId: string): Promise<AuditRecord>;
  /** Waits until the VNet's instance has finished (no work left). */
  settled(vnetId: string): Promise<InstanceStatus>;
  /** Correlation ids of the emulator's activity records after `after` matching `operationName` and the caller. */
  activity(after: number, filter?: { operationName?: string; principal?: 'app' | 'portal' }): Promise<{ sequence: number; correlationId: string; resourceId: string; operationName: string }[]>;
  /** The newest activity sequence number. */
  activitySeq(): Promise<number>;
  /** Kills the host (SIGKILL, a crash) and starts it again on the same state, with `env` changes to the app settings. */
  restartHost(env?: Record<string, string>): Promise<void>;
  /** A call to the app's HTTP API with the function key. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface StackOptions {
  readonly scenario: ScenarioInput | string;
  /** Subscriptions the app may write (default: the scenario's). */
  readonly scope?: readonly string[];
  /** Extra app settings. */
  readonly env?: Record<string, string>;
  /** Create the Event Grid subscription at start (default true). */
  readonly subscribe?: boolean;
}

let storage: TestStorage | undefined;

/** Starts the emulator, storage and the app; `close()` stops what it started. */
export async function startKeeperStack(options: StackOptions): Promise<KeeperStack> {
  storage ??= await startTestStorage();
  const arm = await startTestArm();
  const control = arm.emulator.control;
  await control.loadScenario(options.scenario);
  const state = await control.state();
  const scope = options.scope ?? [...new Set(Object.values(state.resourceGroups).map((g) => g.subscriptionId))];
  const tablePrefix = `e2e${randomBytes(5).toString('hex')}`;
  const root = mkdtempSync(join(tmpdir(), 'keeper-e2e-'));
  const env: Record<string, string> = {
    ...appIdentityEnv(arm.emulator),
    AzureWebJobsStorage: (storage as TestStorage).connectionString,
    SCOPE_SUBSCRIPTIONS: scope.join(','),
    TABLE_NAME_PREFIX: tablePrefix,
    FUNCTIONS_KEY,
    EVENTGRID_EXTENSION_KEY: EVENTGRID_KEY,
    ADDRESS_CHANGE_STRATEGY: 'sync',
    ...options.env,
  };
  const spawn = () => spawnHost({ appDir: repoRoot(), stateDir: join(root, 'state'), virtualClock: true, env });
  let host = await spawn();
  const principals = await control.principals();

  const stack: KeeperStack = {
    arm,
    control,
    get host() {
      return host;
    },
    tablePrefix,
    storageConnection: (storage as TestStorage).connectionString,
    portal: (subscriptionId) => arm.network({ who: 'portal', subscriptionId }),
    async subscribe(extra = {}) {
      await control.addEventSubscription(keeperEventSubscription(host.baseUrl, EVENTGRID_KEY, extra));
    },
    async instance(vnetId) {
      const response = await fetch(`${host.baseUrl}/runtime/webhooks/durabletask/instances/${vnetInstanceId(vnetId)}`);
      if (response.status === 404) return undefined;
      return (await response.json()) as InstanceStatus;
    },
    async api(method, path, body) {
      const response = await fetch(`${host.baseUrl}${path}`, {
        method,
        headers: { 'x-functions-key': FUNCTIONS_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed };
    },
    async history(vnetId) {
      const answer = await stack.api('GET', `/api/history?vnet=${encodeURIComponent(vnetId)}&limit=1000`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body as { records: AuditRecord[] }).records;
    },
    async passes(vnetId) {
      return (await stack.history(vnetId)).filter((r) => r.action === 'reconcile' && sameId(r.vnetId, vnetId)).reverse();
    },
    async until(what, check, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const value = await check();
        if (value !== undefined && value !== false) return value as never;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.fail(`timed out waiting for ${what}\nhost output:\n${host.output().slice(-4000)}`);
    },
    async passFor(vnetId, correlationId) {
      return stack.until(`the pass of ${vnetId} for ARM write ${correlationId}`, async () =>
        (await stack.passes(vnetId)).find((r) => ((r.details as { changeCorrelationIds?: string[] } | undefined)?.changeCorrelationIds ?? []).includes(correlationId)),
      );
    },
    async settled(vnetId) {
      return stack.until(`the instance of ${vnetId} to finish`, async () => {
        const status = await stack.instance(vnetId);
        return status && ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus) ? status : undefined;
      });
    },
    async activity(after, filter = {}) {
      const { records } = await control.activity(after);
      const principal = filter.principal === 'app' ? principals.appPrincipalId : filter.principal === 'portal' ? principals.portalPrincipalId : undefined;
      return records
        .filter((r) => (!filter.operationName || r.operationName === filter.operationName) && (!principal || r.principalId === principal))
        .map((r) => ({ sequence: r.sequence, correlationId: r.correlationId, resourceId: r.resourceId, operationName: r.operationName }));
    },
    async activitySeq() {
      const { records } = await control.activity(0);
      return records.at(-1)?.sequence ?? 0;
    },
    async restartHost(patch = {}) {
      Object.assign(env, patch);
      await host.kill();
      host = await spawn();
      // The webhook moved to another port: point the subscription at it.
      const subscription = keeperEventSubscription(host.baseUrl, EVENTGRID_KEY);
      if ((await control.eventSubscriptions()).subscriptions.some((s) => s.name === subscription.name)) {
        await control.updateEventSubscription(subscription.name, { endpointUrl: subscription.endpointUrl });
      }
    },
    async close() {
      await host.kill();
      rmSync(root, { recursive: true, force: true });
      await arm.close();
    },
  };
  if (options.subscribe !== false) await stack.subscribe();
  return stack;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Stops the Azurite the stacks of this process started (call once, in a file's last `after`). */
export async function stopStackStorage(): Promise<void> {
  await storage?.stop();
  storage = undefined;
}
