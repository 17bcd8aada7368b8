/**
 * Typed client of the emulator's control API (`/_emulator/…`), shared by tests, the `az` CLI and the local
 * launcher. Plain `node:https` with the local CA passed explicitly, so it works even in a process started
 * without `NODE_EXTRA_CA_CERTS`.
 */
import { request } from 'node:https';
import type { ActivityRecord } from './activityLog.js';
import type { CallCounts, CallRecord } from './callLog.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import type { Principal, RoleAssignment, VirtualMachine, WorldSettings, WorldState } from './model.js';
import type { ScenarioInput } from './scenario/scenarioSchema.js';
import type { DeliveryRecord } from './eventGrid/deliveryLog.js';
import type { EventSubscription, EventSubscriptionInput } from './eventGrid/eventSubscription.js';
import type { EmulatorTuning } from './emulatorEnv.js';

/** The error a failed control call throws. */
export class ControlApiError extends Error {
  override readonly name = 'ControlApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Client options. */
export interface ControlClientOptions {
  /** The local CA (PEM), when the process does not trust it through `NODE_EXTRA_CA_CERTS`. */
  ca?: string | Buffer;
}

/** A minted token. */
export interface MintedToken {
  accessToken: string;
  /** Expiry, seconds since the epoch. */
  expiresOn: number;
  principalId: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The typed control API. */
export class ArmControlClient {
  constructor(
    readonly baseUrl: string,
    private readonly options: ControlClientOptions = {},
  ) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
          headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = text ? (JSON.parse(text) as unknown) : undefined;
            if ((res.statusCode ?? 500) >= 400) {
              const message = (parsed as { error?: { message?: string } } | undefined)?.error?.message ?? text;
              reject(new ControlApiError(res.statusCode ?? 500, `${method} ${url.pathname}: ${res.statusCode} ${message}`));
            } else resolve(parsed as T);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  health(): Promise<{ status: string; url: string; caFile: string }> {
    return this.call('GET', '/_emulator/health');
  }

  /** The whole world (without the token signing key). */
  state(): Promise<Omit<WorldState, 'signingKey'>> {
    return this.call('GET', '/_emulator/state');
  }

  /** Empties the world and clears calls, activity and faults. */
  reset(): Promise<{ counts: Record<string, number> }> {
    return this.call('POST', '/_emulator/reset');
  }

  /** Replaces the world by a named scenario, a scenario file path, or a document. */
  loadScenario(scenario: string | ScenarioInput, seed?: number): Promise<{ name: string; counts: Record<string, number> }> {
    return this.call('POST', '/_emulator/scenario', { ...(typeof scenario === 'string' ? { name: scenario } : { scenario }), ...(seed !== undefined ? { seed } : {}) });
  }

  /** Counts by kind and operation, and (unless `entries: false`) the calls themselves. */
  calls(options: { entries?: boolean } = {}): Promise<{ counts: CallCounts; calls: CallRecord[] }> {
    return this.call('GET', `/_emulator/calls${options.entries === false ? '?entries=false' : ''}`);
  }

  resetCalls(): Promise<void> {
    return this.call('DELETE', '/_emulator/calls');
  }

  /** Successful changes (the future Event Grid source), after a sequence number. */
  activity(after = 0): Promise<{ records: ActivityRecord[] }> {
    return this.call('GET', `/_emulator/activity?after=${after}`);
  }

  clearActivity(): Promise<void> {
    return this.call('DELETE', '/_emulator/activity');
  }

  addFault(rule: FaultRuleInput): Promise<FaultRule> {
    return this.call('POST', '/_emulator/faults', rule);
  }

  faults(): Promise<{ rules: FaultRule[] }> {
    return this.call('GET', '/_emulator/faults');
  }

  fault(id: string): Promise<FaultRule> {
    return this.call('GET', `/_emulator/faults/${id}`);
  }

  removeFault(id: string): Promise<{ removed: boolean }> {
    return this.call('DELETE', `/_emulator/faults/${id}`);
  }

  clearFaults(): Promise<void> {
    return this.call('DELETE', '/_emulator/faults');
  }

  /** Lets requests (and operations) held by a rule continue. */
  releaseFault(id: string): Promise<{ released: number }> {
    return this.call('POST', `/_emulator/faults/${id}/release`);
  }

  /** Resolves once the rule holds `count` requests at once (a marker to wait on, not a sleep). */
  waitUntilHeld(id: string, count = 1): Promise<{ holding: number }> {
    return this.call('GET', `/_emulator/faults/${id}/held?count=${count}`);
  }

  principals(): Promise<{ principals: Principal[]; appPrincipalId: string; portalPrincipalId: string }> {
    return this.call('GET', '/_emulator/principals');
  }

  addPrincipal(principal: Principal): Promise<Principal> {
    return this.call('POST', '/_emulator/principals', principal);
  }

  /** A token for the app's principal, the portal's, or any principal by object id. */
  token(who: 'app' | 'portal' | { principalId: string }, lifetimeSeconds?: number): Promise<MintedToken> {
    return this.call('POST', '/_emulator/tokens', { ...(typeof who === 'string' ? { principal: who } : who), ...(lifetimeSeconds ? { lifetimeSeconds } : {}) });
  }

  settings(): Promise<WorldSettings & EmulatorTuning> {
    return this.call('GET', '/_emulator/settings');
  }

  /** RBAC on/off, the legacy address-space switch, latency, `Retry-After`, page size. */
  updateSettings(patch: Partial<WorldSettings & EmulatorTuning>): Promise<WorldSettings & EmulatorTuning> {
    return this.call('PATCH', '/_emulator/settings', patch);
  }

  roleAssignments(): Promise<{ roleAssignments: RoleAssignment[] }> {
    return this.call('GET', '/_emulator/roleAssignments');
  }

  addRoleAssignment(assignment: Omit<RoleAssignment, 'id'>): Promise<RoleAssignment> {
    return this.call('POST', '/_emulator/roleAssignments', assignment);
  }

  removeRoleAssignment(id: string): Promise<void> {
    return this.call('DELETE', `/_emulator/roleAssignments/${id}`);
  }

  /** Emulator-only VM facts: power state, Network Watcher agent, guest firewall (`openTcpPorts: null` = all open). */
  patchVm(patch: { resourceId: string; powerState?: VirtualMachine['powerState']; networkWatcherAgent?: boolean; guestFirewall?: { blockIcmp?: boolean; openTcpPorts?: number[] | null } }): Promise<VirtualMachine> {
    return this.call('PATCH', '/_emulator/vms', patch);
  }

  /** Event Grid subscriptions on the system topics of the emulator's subscriptions. */
  eventSubscriptions(): Promise<{ subscriptions: EventSubscription[] }> {
    return this.call('GET', '/_emulator/eventSubscriptions');
  }

  /**
   * Creates (or replaces) an event subscription; resolves once the endpoint passed the validation
   * handshake, rejects with the reason otherwise. Example endpoint of the local Functions host:
   * `http://127.0.0.1:7071/runtime/webhooks/eventgrid?functionName=onVnetChange&code=<key>`.
   */
  addEventSubscription(input: EventSubscriptionInput): Promise<EventSubscription> {
    return this.call('POST', '/_emulator/eventSubscriptions', input);
  }

  eventSubscription(name: string): Promise<EventSubscription> {
    return this.call('GET', `/_emulator/eventSubscriptions/${encodeURIComponent(name)}`);
  }

  /** Changes filters, batch size, retry policy or delivery faults (a new endpoint is validated again). */
  updateEventSubscription(name: string, patch: Partial<Omit<EventSubscriptionInput, 'name'>>): Promise<EventSubscription> {
    return this.call('PATCH', `/_emulator/eventSubscriptions/${encodeURIComponent(name)}`, patch);
  }

  removeEventSubscription(name: string): Promise<{ removed: boolean }> {
    return this.call('DELETE', `/_emulator/eventSubscriptions/${encodeURIComponent(name)}`);
  }

  /** The delivery log (handshakes, deliveries, retries, duplicates), optionally for one subscription or correlation id. */
  eventDeliveries(filter: { subscription?: string; correlationId?: string; after?: number } = {}): Promise<{ deliveries: DeliveryRecord[] }> {
    return this.call('GET', `/_emulator/eventDeliveries${query(filter)}`);
  }

  clearEventDeliveries(): Promise<void> {
    return this.call('DELETE', '/_emulator/eventDeliveries');
  }

  /**
   * Resolves once nothing is pending for the filter — the operation of the correlation id is done and every
   * delivery of its events was delivered or given up (all pending deliveries without a filter) — with the
   * matching deliveries; rejects (408) naming what is still pending after `timeoutMs` (default 30 s).
   */
  waitForEventDeliveries(filter: { correlationId?: string; subscription?: string; timeoutMs?: number } = {}): Promise<{ settled: true; deliveries: DeliveryRecord[] }> {
    return this.call('GET', `/_emulator/eventDeliveries/settled${query(filter)}`);
  }

  /** Emulator-only VNet facts: whether it has a virtual network gateway. */
  patchVnet(patch: { resourceId: string; hasGateway?: boolean }): Promise<{ id: string; hasGateway: boolean }> {
    return this.call('PATCH', '/_emulator/vnets', patch);
  }
}
