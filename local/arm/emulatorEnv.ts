/** What handlers, the pipeline and the control API share: the world and the emulator's services. */
import type { ActivityLog } from './activityLog.js';
import type { CallLog } from './callLog.js';
import type { EventGridPublisher } from './eventGrid/publisher.js';
import type { Faults } from './faults.js';
import type { ArmRequest } from './http.js';
import type { Operations } from './lro.js';
import type { Rng } from './rng.js';
import type { Store } from './store.js';

/** Timing and paging knobs, changeable at run time through the control API. */
export interface EmulatorTuning {
  /** Default time an operation stays InProgress. */
  latencyMs: number;
  /** Per ARM operation name (`Microsoft.Network/virtualNetworks/write`) overrides of {@link latencyMs}. */
  operationLatencyMs: Record<string, number>;
  /** `Retry-After` on accepted operations and polls, seconds. */
  retryAfterSeconds: number;
  /** Items per page of list operations. */
  pageSize: number;
  /** Multiplies Event Grid's retry schedule and time to live (1 = Azure's 10 s, 30 s, 1 min …; the test profile uses 0.001). */
  eventRetryScale: number;
}

/** The emulator's shared services. */
export interface EmulatorEnv {
  store: Store;
  operations: Operations;
  activity: ActivityLog;
  calls: CallLog;
  faults: Faults;
  /** Event Grid: event subscriptions, deliveries, the delivery log. */
  eventGrid: EventGridPublisher;
  rng: Rng;
  tuning: EmulatorTuning;
  /** `https://127.0.0.1:PORT`. */
  baseUrl(): string;
  now(): number;
  /** Throws 403 `AuthorizationFailed` when RBAC is on and the caller lacks the action on the scope. */
  authorize(req: ArmRequest, action: string, scope: string): void;
  /** Throws 403 `LinkedAuthorizationFailed` when RBAC is on and the caller lacks `linkedAction` on `linkedScope`. */
  authorizeLinked(req: ArmRequest, action: string, scope: string, linkedAction: string, linkedScope: string): void;
}
