/**
 * The contract between the reconcile orchestrator and its activities: names, inputs and outputs, all
 * plain JSON (they are recorded in orchestration history). ARM errors come back as values with whether
 * waiting can help (`transient`) and how long ARM asked to wait, so the orchestrator waits on a durable
 * timer instead of failing.
 */
import type { DesiredPair } from '../../domain/desired.js';
import type { Diagnosis } from '../../domain/diagnosis.js';
import type { PeeringSide, VnetSnapshot } from '../../domain/model.js';
import type { Strategy } from '../../domain/planTypes.js';
import type { OperationResult } from './operationResult.js';

/** Activity names (registered in `functions/reconcileVnet.ts`). */
export const ACTIVITIES = {
  readWorld: 'readWorld',
  applyWrite: 'applyWrite',
  readPairState: 'readPairState',
  probePairs: 'probePairs',
  recordPass: 'recordPass',
} as const;

/** An ARM failure as the orchestrator sees it (`src/azure` `ArmFailure`, reduced to plain JSON). */
export interface FailureData {
  readonly kind: 'transient' | 'permanent';
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly retryAfterMs?: number;
  readonly target: string;
  readonly correlationId?: string;
}

/** `ok: true` with the fields, or the failure. */
export type Outcome<T extends object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly failure: FailureData };

/** The settings a pass needs (read by the activity: orchestrators must not read the environment). */
export interface PassSettings {
  readonly strategy: Strategy;
  /** Subscriptions the app may write (`SCOPE_SUBSCRIPTIONS`, lower-cased). */
  readonly scope: readonly string[];
  readonly maxParallelWrites: number;
}

export interface ReadWorldInput {
  readonly vnetId: string;
  /** VNets to read besides the VNet and its peerings' remotes (remotes of requested pairs). */
  readonly alsoRead?: readonly string[];
}

/** The VNet, every VNet it is or should be peered with, the remembered pairs, the settings. */
export type ReadWorldOutput = Outcome<{
  /** When the read began (the activity's clock). */
  readonly readAt: string;
  /** The VNet (absent when it does not exist) and its remotes. */
  readonly snapshots: readonly VnetSnapshot[];
  /** Remote VNets that do not exist. */
  readonly missing: readonly string[];
  readonly remembered: readonly DesiredPair[];
  /** The VNet's pairs the topology file fixes (`topologyPairsOf`); absent without a file. They win over remembered ones. */
  readonly topology?: readonly DesiredPair[];
  readonly settings: PassSettings;
}>;

/** What a successful write did (from `src/azure` `WriteStepOutcome`). */
export interface WriteEffect {
  readonly effect: 'written' | 'alreadyDone';
  /** The side after a peering PUT. */
  readonly peering?: PeeringSide;
  /** The VNet after an address-space change. */
  readonly vnet?: VnetSnapshot;
  /** ARM's `x-ms-correlation-request-id` of the write. */
  readonly correlationId?: string;
}

export type ApplyWriteOutput = Outcome<WriteEffect>;

export interface ReadPairStateInput {
  readonly vnetIds: readonly string[];
}

export type ReadPairStateOutput = Outcome<{ readonly snapshots: readonly VnetSnapshot[]; readonly missing: readonly string[] }>;

/** One connectivity check of a pair: from a VM in `sourceVnetId` to a VM in `destinationVnetId` (inside `destinationPrefix` when given). */
export interface ProbeCheckSpec {
  readonly sourceVnetId: string;
  readonly destinationVnetId: string;
  readonly destinationPrefix?: string;
}

/** The checks of one pair. */
export interface PairProbeSpec {
  readonly pairKey: string;
  readonly vnetIds: readonly [string, string];
  readonly reason: string;
  readonly checks: readonly ProbeCheckSpec[];
}

export interface ProbePairsInput {
  readonly pairs: readonly PairProbeSpec[];
  /** The VNets as the pass last knew them (no re-read for the diagnosis). */
  readonly snapshots: readonly VnetSnapshot[];
}

/** What one check found. */
export interface CheckResult extends ProbeCheckSpec {
  readonly source?: { readonly vmId?: string; readonly address?: string };
  readonly destination?: { readonly vmId?: string; readonly address?: string };
  /** ICMP answered (the probe's verdict: "ICMP first"). */
  readonly passed: boolean;
  /** Some protocol got through (ICMP, or TCP when ICMP did not). */
  readonly trafficFlows: boolean;
  /** Each protocol tried, in order, with Network Watcher's status. */
  readonly protocols: readonly { readonly protocol: string; readonly port?: number; readonly status: string }[];
  readonly diagnosis: Diagnosis;
  /** The check could not run because of an ARM error (transient ones are retried by the orchestrator). */
  readonly failure?: FailureData;
}

/** A pair's probe: passed when every check did. */
export interface PairProbeResult {
  readonly pairKey: string;
  readonly vnetIds: readonly [string, string];
  readonly passed: boolean;
  readonly checks: readonly CheckResult[];
}

export interface ProbePairsOutput {
  readonly results: readonly PairProbeResult[];
}

/** One audit-trail entry (`src/azure/storage/auditTrail.ts` `AuditActionInput`). */
export interface AuditEntry {
  readonly vnetId: string;
  readonly relatedVnetIds?: readonly string[];
  readonly trigger: { readonly kind: string; readonly id?: string; readonly detail?: string };
  readonly who?: string;
  readonly action: string;
  readonly summary: string;
  readonly outcome: 'succeeded' | 'failed' | 'skipped' | 'noChange';
  readonly before?: unknown;
  readonly after?: unknown;
  readonly correlationIds?: readonly string[];
  readonly probe?: unknown;
  readonly error?: string;
  readonly instanceId?: string;
  readonly time?: string;
  readonly details?: unknown;
}

export interface RecordPassInput {
  /** Pairs to remember as desired (adopted now, or requested and made). */
  readonly remember: readonly DesiredPair[];
  readonly entries: readonly AuditEntry[];
  /** Pairs removed on request: forgotten in the desired state (each as its two VNet ids). */
  readonly forget?: readonly (readonly [string, string])[];
  /** The ends of the HTTP operations this pass carried. */
  readonly operations?: readonly OperationResult[];
}
