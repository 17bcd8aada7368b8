/**
 * The steps of a pass as sub-generators of the orchestrator: ARM calls retried on durable timers when the
 * failure is transient (by ARM's code; ARM's `Retry-After` honoured), the plan's writes in parallel under
 * the cap, waits polled on durable timers, probes. They call only `context.df.*` and pure code.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { WaitStep, WriteStep } from '../../domain/planTypes.js';
import type { ApplyWriteOutput, FailureData, Outcome, PairProbeResult, PairProbeSpec, ProbePairsOutput, ReadPairStateOutput } from './activityTypes.js';
import { ACTIVITIES } from './activityTypes.js';
import type { WaitRecord } from './passResult.js';
import type { WorldView } from './worldView.js';

/** Attempts of one ARM call while its failures are transient. */
export const MAX_ATTEMPTS = 8;
/** Longest wait between attempts (ARM may ask for more: that is honoured). */
const MAX_BACKOFF_MS = 60_000;
/** Polls of a wait, and their spacing (doubling up to the cap): about five minutes in all. */
const MAX_WAIT_POLLS = 24;
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 15_000;

/** The wait before attempt `attempt + 1`: ARM's `Retry-After`, at least 1 s doubling per attempt (capped). */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
  return Math.max(retryAfterMs ?? 0, Math.min(1000 * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS));
}

/** Reports progress to the custom status. */
export type Progress = (currentStep: string, done?: number) => void;

function timerIn(context: OrchestrationContext, ms: number): Task {
  return context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + ms));
}

/** One activity call retried while it fails transiently; the last outcome. */
export function* withArmRetry<T extends Outcome<object>>(context: OrchestrationContext, call: () => Task, what: string, progress: Progress): Generator<Task, T, unknown> {
  for (let attempt = 1; ; attempt++) {
    const result = (yield call()) as T;
    if (result.ok || result.failure.kind === 'permanent' || attempt >= MAX_ATTEMPTS) return result;
    const wait = retryDelayMs(attempt, result.failure.retryAfterMs);
    progress(`${what}: ${result.failure.code}, trying again in ${wait} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
    yield timerIn(context, wait);
  }
}

/** A write as it ended. */
export interface WriteRun {
  readonly step: WriteStep;
  readonly output: ApplyWriteOutput;
  readonly attempts: number;
}

/**
 * Runs writes that may run together (one phase: no two share a lock VNet) in parallel, at most
 * `maxParallel` at once; those failing transiently wait together on one durable timer (the longest wait
 * any of them needs) and run again, at most {@link MAX_ATTEMPTS} times each.
 */
export function* applyWrites(context: OrchestrationContext, steps: readonly WriteStep[], maxParallel: number, progress: Progress): Generator<Task, WriteRun[], unknown> {
  const runs: WriteRun[] = [];
  for (let i = 0; i < steps.length; i += maxParallel) {
    let pending = steps.slice(i, i + maxParallel).map((step) => ({ step, attempts: 0 }));
    while (pending.length > 0) {
      progress(pending.map((p) => p.step.summary).join('; '));
      const outputs = (yield context.df.Task.all(pending.map((p) => context.df.callActivity(ACTIVITIES.applyWrite, p.step)))) as ApplyWriteOutput[];
      const again: typeof pending = [];
      let waitMs = 0;
      outputs.forEach((output, n) => {
        const run = pending[n] as (typeof pending)[number];
        const attempts = run.attempts + 1;
        if (output.ok || output.failure.kind === 'permanent' || attempts >= MAX_ATTEMPTS) {
          runs.push({ step: run.step, output, attempts });
          progress(run.step.summary, 1);
        } else {
          again.push({ step: run.step, attempts });
          waitMs = Math.max(waitMs, retryDelayMs(attempts, output.failure.retryAfterMs));
        }
      });
      if (again.length > 0) {
        const codes = [...new Set(outputs.flatMap((o) => (o.ok ? [] : [o.failure.code])))].join(', ');
        progress(`ARM answered ${codes}: trying ${again.length} write(s) again in ${waitMs} ms`);
        yield timerIn(context, waitMs);
      }
      pending = again;
    }
  }
  const order = new Map(steps.map((s, n) => [s.stepId, n]));
  return runs.sort((a, b) => (order.get(a.step.stepId) ?? 0) - (order.get(b.step.stepId) ?? 0));
}

/**
 * Polls until every wait is reached or the polls run out: each round reads only the VNets holding a side
 * that is stale or not there yet (the first round at once, later ones on durable timers).
 */
export function* waitForPairs(context: OrchestrationContext, waits: readonly WaitStep[], view: WorldView, progress: Progress): Generator<Task, { records: WaitRecord[]; failure?: FailureData }, unknown> {
  let polls = 0;
  let interval = FIRST_POLL_MS;
  let failure: FailureData | undefined;
  for (;;) {
    const toRead = view.vnetsToRead(waits);
    if (toRead.length === 0 || polls >= MAX_WAIT_POLLS) break;
    if (polls > 0) {
      progress(`waiting ${interval} ms for ${waits.filter((w) => !view.reached(w)).map((w) => `${w.state} on ${w.pairKey}`).join(', ')}`);
      yield timerIn(context, interval);
      interval = Math.min(interval * 2, MAX_POLL_MS);
    }
    const read = yield* withArmRetry<ReadPairStateOutput>(context, () => context.df.callActivity(ACTIVITIES.readPairState, { vnetIds: toRead }), 'reading the pair state', progress);
    polls++;
    if (!read.ok) {
      failure = read.failure;
      break;
    }
    view.refresh(read.snapshots, read.missing);
  }
  const records = waits.map((w) => ({ pairKey: w.pairKey, state: w.state, reached: view.reached(w), polls, sides: view.sideStates(w.vnetIds) }));
  return failure ? { records, failure } : { records };
}

/** Probes the pairs; pairs whose checks failed transiently are probed again after a wait, twice at most. */
export function* probePairs(context: OrchestrationContext, specs: readonly PairProbeSpec[], view: WorldView, progress: Progress): Generator<Task, PairProbeResult[], unknown> {
  const results = new Map<string, PairProbeResult>();
  let todo = [...specs];
  for (let attempt = 1; todo.length > 0; attempt++) {
    progress(`probing ${todo.map((s) => s.pairKey).join(', ')}`);
    const output = (yield context.df.callActivity(ACTIVITIES.probePairs, { pairs: todo, snapshots: view.snapshots() })) as ProbePairsOutput;
    for (const result of output.results) results.set(result.pairKey, result);
    const transient = output.results.filter((r) => r.checks.some((c) => c.failure?.kind === 'transient'));
    if (transient.length === 0 || attempt >= 3) break;
    const wait = Math.max(...transient.flatMap((r) => r.checks.map((c) => retryDelayMs(attempt, c.failure?.retryAfterMs))));
    progress(`a probe could not run yet: trying again in ${wait} ms`);
    yield timerIn(context, wait);
    todo = specs.filter((s) => transient.some((r) => r.pairKey === s.pairKey));
  }
  return specs.flatMap((s) => (results.has(s.pairKey) ? [results.get(s.pairKey) as PairProbeResult] : []));
}
