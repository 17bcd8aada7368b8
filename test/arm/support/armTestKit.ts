/**
 * Test kit for the ARM emulator: an in-process emulator in the test profile (`fast`), whose every answer
 * is checked against the ARM specs (`close()` fails when one did not conform), real `@azure/arm-network`
 * clients signed in as the app's or the portal's principal, and a raw HTTPS helper for what the SDK
 * cannot express.
 */
import assert from 'node:assert/strict';
import { NetworkManagementClient } from '@azure/arm-network';
import { EmulatorCredential } from '../../../local/arm/auth/emulatorCredential.js';
import type { ScenarioInput } from '../../../local/arm/scenario/scenarioSchema.js';
import { startArmEmulator, type ArmEmulatorOptions, type RunningEmulator } from '../../../local/arm/server.js';
import { SpecConformance } from './specConformance.js';

export const sub1 = '00000000-0000-0000-0000-000000000001';
export const sub2 = '00000000-0000-0000-0000-000000000002';
export const apiVersion = '2026-01-01';

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}`. */
export function vnetId(resourceGroup: string, name: string, subscriptionId = sub1): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

/** A raw answer. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The emulator plus helpers. */
export interface TestArm {
  emulator: RunningEmulator;
  conformance: SpecConformance;
  /** A real SDK client for a subscription, signed in as `who` (default the app). */
  network(options?: { who?: 'app' | 'portal' | { principalId: string }; subscriptionId?: string; maxRetries?: number }): NetworkManagementClient;
  /** A raw ARM request (`path` with or without `api-version`; a token for `who` unless `token: null`). */
  raw(method: string, path: string, options?: { body?: unknown; rawBody?: string; who?: 'app' | 'portal'; token?: string | null; headers?: Record<string, string> }): Promise<RawAnswer>;
  /** Stops the emulator and fails if any answer did not conform to the spec. */
  close(): Promise<void>;
}

/** Two resource groups in sub1 (westeurope), one in sub2; VNets a 10.1/16, b 10.2/16, c 10.3/16, d 10.4/16 (sub2). */
export const fourVnets: ScenarioInput = {
  name: 'four-vnets',
  subscriptions: [sub1, sub2],
  resourceGroups: [
    { name: 'rg1', location: 'westeurope' },
    { name: 'rg2', location: 'northeurope' },
    { subscription: sub2, name: 'rg3', location: 'uksouth' },
  ],
  virtualNetworks: [
    { resourceGroup: 'rg1', name: 'a', addressPrefixes: ['10.1.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }] },
    { resourceGroup: 'rg1', name: 'b', addressPrefixes: ['10.2.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.2.0.0/24' }] },
    { resourceGroup: 'rg2', name: 'c', addressPrefixes: ['10.3.0.0/16'] },
    { subscription: sub2, resourceGroup: 'rg3', name: 'd', addressPrefixes: ['10.4.0.0/16'], gateway: true },
  ],
};

/** Starts an emulator in the test profile, optionally seeded with a scenario document. */
export async function startTestArm(options: ArmEmulatorOptions = {}): Promise<TestArm> {
  const conformance = new SpecConformance();
  const emulator = await startArmEmulator({ fast: true, seed: 42, ...options, onResponse: (record) => conformance.check(record) });
  const tokens = new Map<string, string>();
  const tokenFor = async (who: 'app' | 'portal'): Promise<string> => {
    const cached = tokens.get(who);
    if (cached) return cached;
    const minted = (await emulator.control.token(who)).accessToken;
    tokens.set(who, minted);
    return minted;
  };
  return {
    emulator,
    conformance,
    network: ({ who = 'app', subscriptionId = sub1, maxRetries = 3 } = {}) =>
      new NetworkManagementClient(new EmulatorCredential(emulator.control, who), subscriptionId, {
        endpoint: emulator.url,
        retryOptions: { maxRetries, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
      }),
    raw: async (method, path, options = {}) => {
      const url = new URL(path, emulator.url);
      if (!url.searchParams.has('api-version') && !path.includes('api-version')) url.searchParams.set('api-version', apiVersion);
      const token = options.token === null ? undefined : (options.token ?? (await tokenFor(options.who ?? 'app')));
      const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const response = await fetch(url, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
        ...(payload ? { body: payload } : {}),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    close: async () => {
      await emulator.close();
      assert.deepEqual(
        conformance.failures.map((f) => `${f.method} ${f.url} → ${f.status}: ${f.problem}`),
        [],
        'every answer of the emulator conforms to ../shared/spec',
      );
    },
  };
}

/** The ARM error code of a rejected SDK call. */
export function armCode(error: unknown): string | undefined {
  const e = error as { code?: string; details?: { error?: { code?: string } } };
  return e.details?.error?.code ?? e.code;
}
