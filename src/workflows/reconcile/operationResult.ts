/**
 * What an HTTP request's operation ended with, from the pass that carried it: succeeded or failed, the
 * writes as they went, the waits, the probes with their diagnosis, the errors. Pure; small enough for a
 * table row (lists are capped). A failed probe does not fail the operation — the peering was made; the
 * probe says whether traffic flows and why not — but it is shown (`connectivity`).
 */
import { pairKey } from '../../domain/inventory.js';
import type { RequestTicket } from '../tickets.js';
import type { PassOutcome, PassResult } from './passResult.js';
import { describeFailure, probeLine } from './passRecord.js';

/** The end of an operation. */
export interface OperationResult {
  readonly operationId: string;
  readonly ticketId: string;
  readonly status: 'succeeded' | 'failed';
  readonly outcome: PassOutcome;
  readonly summary: string;
  readonly strategy?: string;
  readonly writes: readonly { readonly stepId: string; readonly kind: string; readonly summary: string; readonly targetId: string; readonly result: string; readonly error?: string }[];
  readonly waits: readonly { readonly pairKey: string; readonly state: string; readonly reached: boolean }[];
  /** See {@link Connectivity}. */
  readonly connectivity: Connectivity;
  readonly probes: readonly { readonly pairKey: string; readonly passed: boolean; readonly line: string; readonly checks: readonly { readonly from: string; readonly to: string; readonly passed: boolean; readonly ran: boolean; readonly diagnosis: string; readonly fix?: string }[] }[];
  readonly errors: readonly { readonly code: string; readonly message: string; readonly target?: string }[];
  readonly startedAt: string;
  readonly finishedAt: string;
}

/**
 * `verified`: every check passed. `failed`: a check that ran did not pass (the diagnosis says why).
 * `partlyProbed`: every check that ran passed, but some could not run — typically no VM yet in a prefix just
 * added — which proves nothing bad about traffic and must not read as a failure. `notProbed`: nothing ran.
 */
export type Connectivity = 'verified' | 'failed' | 'partlyProbed' | 'notProbed';

function connectivityOf(probes: readonly { readonly passed: boolean; readonly checks: readonly { readonly passed: boolean; readonly ran: boolean }[] }[]): Connectivity {
  const checks = probes.flatMap((p) => p.checks);
  if (probes.length === 0) return 'notProbed';
  if (probes.every((p) => p.passed)) return 'verified';
  // A probe failed: through a check that ran (or one whose checks are not known), or only for lack of a VM.
  const failedForReal = probes.some((p) => !p.passed && (p.checks.length === 0 || p.checks.some((c) => c.ran && !c.passed)));
  if (failedForReal) return 'failed';
  return checks.some((c) => c.ran) ? 'partlyProbed' : 'notProbed';
}

const FAILED: ReadonlySet<PassOutcome> = new Set(['failed', 'readFailed', 'vnetGone', 'notConverged']);
const CAP = 50;

function requestedPairKey(ticket: RequestTicket): string | undefined {
  const r = ticket.request;
  if (r.type === 'peer') return r.pair.key;
  if (r.type === 'unpeer') return pairKey(r.vnetIds[0], r.vnetIds[1]);
  return undefined;
}

/** The operation result of `ticket` carried by the pass `result`. */
export function operationResult(ticket: RequestTicket, result: PassResult): OperationResult {
  const key = requestedPairKey(ticket);
  // Error findings about the requested pair (or the VNet as a whole) fail the request; others are reported.
  const errorFindings = result.findings.filter((f) => f.severity === 'error' && (key === undefined || f.pairKey === undefined || f.pairKey === key));
  // A requested pair the planner skipped (a side busy with another write, the remote VNet gone, out of scope)
  // was not made: its findings are warnings or info for the pass, but the request was not carried out.
  const skipped = ticket.request.type === 'peer' && result.pairs.some((p) => p.pairKey === key && p.action === 'skip');
  const skipFindings = skipped ? result.findings.filter((f) => f.severity !== 'error' && f.pairKey === key) : [];
  const errors = [
    ...(result.failure ? [{ code: result.failure.code, message: describeFailure(result.failure), target: result.failure.target }] : []),
    ...skipFindings.map((f) => ({ code: f.code, message: `${f.message}; the request was not carried out: send it again`, target: key as string })),
    ...(skipped && skipFindings.length === 0 && errorFindings.length === 0 ? [{ code: 'RequestNotCarriedOut', message: `pair ${key} was not touched by the pass: send the request again`, target: key as string }] : []),
    ...errorFindings.map((f) => ({ code: f.code, message: f.message, ...(f.pairKey ? { target: f.pairKey } : f.vnetId ? { target: f.vnetId } : {}) })),
    ...result.waits.filter((w) => !w.reached).map((w) => ({ code: 'NotConverged', message: `pair ${w.pairKey} did not reach ${w.state} in time`, target: w.pairKey })),
  ];
  const status = FAILED.has(result.outcome) || errors.length > 0 ? 'failed' : 'succeeded';
  const probes = result.probes.slice(0, CAP).map((p) => ({
    pairKey: p.pairKey,
    passed: p.passed,
    line: probeLine(p),
    checks: p.checks.slice(0, 10).map((c) => ({
      from: c.source?.vmId ?? c.sourceVnetId,
      to: c.destination?.vmId ?? c.destinationPrefix ?? c.destinationVnetId,
      passed: c.passed,
      ran: c.diagnosis.status !== 'notRun',
      diagnosis: c.diagnosis.message,
      ...(c.diagnosis.fix ? { fix: c.diagnosis.fix } : {}),
    })),
  }));
  return {
    operationId: ticket.operationId,
    ticketId: ticket.ticketId,
    status,
    outcome: result.outcome,
    summary: result.summary,
    ...(result.strategy ? { strategy: result.strategy } : {}),
    writes: result.writes.slice(0, CAP).map((w) => ({ stepId: w.stepId, kind: w.kind, summary: w.summary, targetId: w.targetId, result: w.result, ...(w.failure ? { error: describeFailure(w.failure) } : {}) })),
    waits: result.waits.slice(0, CAP).map((w) => ({ pairKey: w.pairKey, state: w.state, reached: w.reached })),
    connectivity: connectivityOf(probes),
    probes,
    errors: errors.slice(0, CAP),
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
  };
}

/** The operation results of the request tickets of a pass. */
export function operationResults(tickets: readonly { kind: string }[], result: PassResult): OperationResult[] {
  return tickets.filter((t): t is RequestTicket => t.kind === 'request').map((t) => operationResult(t, result));
}

/** Pairs the pass's tickets ask to remove: forgotten in the desired state. */
export function pairsToForget(tickets: readonly { kind: string }[]): (readonly [string, string])[] {
  return tickets.filter((t): t is RequestTicket => t.kind === 'request').flatMap((t) => (t.request.type === 'unpeer' ? [t.request.vnetIds] : []));
}
