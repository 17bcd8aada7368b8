/**
 * What a reconcile instance takes, shows and returns: its input (tickets and bookkeeping across
 * continue-as-new), its custom status (phase, step counts, current step, the tickets this generation holds
 * — the hand-over protocol reads them), and its output (the last pass and the ticket ids it acknowledges).
 * Plain JSON; the custom status stays far below Azure's 16 KB.
 */
import type { Finding, PairPlan, Strategy } from '../../domain/planTypes.js';
import type { Ticket } from '../tickets.js';
import type { FailureData, PairProbeResult } from './activityTypes.js';
import type { PassTrigger } from './passWork.js';
import type { SideState } from './worldView.js';

/** The orchestration's input: the first ticket(s), and what continue-as-new carries over. */
export interface ReconcileInput {
  readonly vnetId: string;
  readonly tickets: readonly Ticket[];
  /** 1 for a fresh instance, +1 at every continue-as-new. */
  readonly generation?: number;
  /** Ticket ids handled by earlier generations (the most recent ones), so redeliveries are recognised. */
  readonly recentlyAcked?: readonly string[];
  /** Run a pass even without tickets: the last one found a side busy or not yet Connected. */
  readonly recheck?: boolean;
  /** Consecutive rechecks so far (bounded). */
  readonly rechecks?: number;
}

/** Phases a generation goes through; `closing` is when the hand-over protocol must watch closely. */
export type ReconcilePhase = 'starting' | 'reading' | 'writing' | 'waiting' | 'probing' | 'recording' | 'closing';

/** The custom status. */
export interface ReconcileStatus {
  readonly vnetId: string;
  readonly generation: number;
  readonly phase: ReconcilePhase;
  /** Ids of every ticket this generation received (published once the start-up pull is done). */
  readonly tickets?: readonly string[];
  /** Ids of the tickets the current pass carries (the others of `tickets` wait for a later generation). */
  readonly passTickets?: readonly string[];
  /** Writes done / planned in the current pass. */
  readonly steps?: { readonly done: number; readonly total: number };
  /** What is going on now, in words (the step's summary, or the wait). */
  readonly currentStep?: string;
  /** The last pass of this generation, in brief. */
  readonly lastPass?: { readonly outcome: PassOutcome; readonly summary: string; readonly probes: readonly { readonly pairKey: string; readonly passed: boolean; readonly diagnosis: string }[] };
}

/** How a pass ended. */
export type PassOutcome =
  /** Every write done and every wait reached. */
  | 'converged'
  /** Nothing to write (maybe probes). */
  | 'nothingToDo'
  /** A write failed for good (or after its retries): the rest of the plan was not run. */
  | 'failed'
  /** The writes were made but a pair did not reach the wanted state in time. */
  | 'notConverged'
  /** The VNet does not exist (deleted). */
  | 'vnetGone'
  /** The VNet could not be read. */
  | 'readFailed';

/** One write of the plan as it went. */
export interface WriteRecord {
  readonly stepId: string;
  readonly kind: string;
  readonly summary: string;
  readonly targetId: string;
  readonly pairKey?: string;
  readonly result: 'written' | 'alreadyDone' | 'failed' | 'notRun';
  readonly attempts: number;
  readonly correlationId?: string;
  readonly failure?: FailureData;
}

/** One wait of the plan as it went. */
export interface WaitRecord {
  readonly pairKey: string;
  readonly state: 'Connected' | 'FullyInSync';
  readonly reached: boolean;
  /** Reads made to verify it (shared by the waits of a phase). */
  readonly polls: number;
  readonly sides: readonly [SideState, SideState];
}

/** What one pass did. */
export interface PassResult {
  readonly vnetId: string;
  readonly generation: number;
  readonly tickets: readonly string[];
  readonly trigger: PassTrigger;
  readonly causedBy?: string;
  /** ARM correlation ids of the changes that triggered the pass. */
  readonly changeCorrelationIds: readonly string[];
  readonly strategy?: Strategy;
  readonly strategySource?: 'request' | 'tag' | 'setting';
  readonly outcome: PassOutcome;
  /** One line: what was done and found. */
  readonly summary: string;
  readonly pairs: readonly PairPlan[];
  readonly findings: readonly Finding[];
  readonly writes: readonly WriteRecord[];
  readonly waits: readonly WaitRecord[];
  readonly probes: readonly PairProbeResult[];
  /** Pair keys adopted into the desired state by this pass. */
  readonly adopted: readonly string[];
  readonly failure?: FailureData;
  /** Whether the pass wants another look soon (a side was busy or not yet Connected). */
  readonly recheck: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** The output of a completed instance. */
export interface ReconcileOutput {
  readonly vnetId: string;
  readonly generation: number;
  /** Every ticket id this instance acknowledges (this generation's, and recent earlier ones). */
  readonly acked: readonly string[];
  /** The last pass (earlier ones are in the audit trail). */
  readonly pass?: PassResult;
}
