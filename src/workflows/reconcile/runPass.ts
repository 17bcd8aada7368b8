/**
 * One reconcile pass of a VNet: read it and every VNet it is (or should be) peered with, plan with the
 * pure planner, run the plan's phases (writes in parallel within a phase, retried on durable timers while
 * ARM's errors are transient; waits polled), probe, and record. The plan — with the snapshot of every side
 * it deletes — is in the orchestration history, so a host killed between a delete and the re-create replays
 * to the same plan and finishes it.
 *
 * ARM refusing an address change because the VNet is peered (`VnetAddressSpaceCannotChangeDueToPeerings`,
 * ARM before 2022 and the emulator's legacy switch) makes the pass read again and plan the change as
 * delete → change → re-create.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { planWrites } from '../../domain/plan.js';
import type { DesiredPair } from '../../domain/desired.js';
import type { VnetSnapshot } from '../../domain/model.js';
import type { FailureData, ReadWorldOutput, RecordPassInput } from './activityTypes.js';
import { ACTIVITIES } from './activityTypes.js';
import type { PassOutcome, PassResult, WaitRecord, WriteRecord } from './passResult.js';
import { auditEntries, notRunRecord, passSummary, writeRecord } from './passRecord.js';
import type { Progress, WriteRun } from './passSteps.js';
import { applyWrites, probePairs, waitForPairs, withArmRetry } from './passSteps.js';
import type { PassWork } from './passWork.js';
import { changeCorrelationIds, passCausedBy, passTrigger } from './passWork.js';
import { operationResults, pairsToForget } from './operationResult.js';
import { planPass } from './planPass.js';
import { extraProbes, probeSpecs } from './probePlan.js';
import { WorldView } from './worldView.js';

/** The ARM code of "the address space cannot change while the VNet has peerings" (ARM before 2022). */
export const ADDRESS_SPACE_LOCKED = 'VnetAddressSpaceCannotChangeDueToPeerings';

/** How the pass tells the custom status where it is. */
export interface PassReporter {
  phase(phase: 'reading' | 'writing' | 'waiting' | 'probing' | 'recording', total?: number): void;
  progress: Progress;
}

export interface PassArgs {
  readonly vnetId: string;
  readonly generation: number;
  readonly work: PassWork;
  readonly report: PassReporter;
}

/** Runs one pass and returns what it did (also recorded in the audit trail). */
export function* runPass(context: OrchestrationContext, args: PassArgs): Generator<Task, PassResult, unknown> {
  const { vnetId, work, report } = args;
  const time = () => context.df.currentUtcDateTime.toISOString();
  const startedAt = time();
  const base = {
    vnetId,
    generation: args.generation,
    tickets: work.tickets.map((t) => t.ticketId),
    trigger: passTrigger(work.tickets),
    ...(passCausedBy(work.tickets) ? { causedBy: passCausedBy(work.tickets) as string } : {}),
    changeCorrelationIds: changeCorrelationIds(work.tickets),
    startedAt,
  };
  const alsoRead = [...(work.extraDesired ?? []).flatMap((p) => [p.a.vnetId, p.b.vnetId]), ...(work.removePairs ?? []).flat()];

  let locked = false;
  for (;;) {
    report.phase('reading');
    const world = yield* withArmRetry<ReadWorldOutput>(context, () => context.df.callActivity(ACTIVITIES.readWorld, { vnetId, alsoRead }), `reading ${vnetId}`, report.progress);
    if (!world.ok) {
      const result = finish(base, time(), { outcome: 'readFailed', failure: world.failure });
      yield* record(context, result, [], [], { vnetId, before: [], tickets: work.tickets, time: time() }, report);
      return result;
    }
    const { plan, owner, remembered, desired, strategy, findings } = planPass(vnetId, world, work, locked);
    const planned = { pairs: plan.pairs, findings, strategy: strategy.strategy, strategySource: strategy.source };
    if (!owner) {
      const result = finish(base, time(), { ...planned, outcome: 'vnetGone' });
      yield* record(context, result, [], [], { vnetId, before: world.snapshots, tickets: work.tickets, time: time() }, report);
      return result;
    }

    // Writes, phase by phase; each phase's waits after its writes.
    const view = new WorldView(world.snapshots);
    const runs: WriteRun[] = [];
    const waits: WaitRecord[] = [];
    let failure: FailureData | undefined;
    let waitFailure: FailureData | undefined;
    const total = planWrites(plan).length;
    let done = 0;
    const progress: Progress = (step, advanced) => {
      if (advanced) done += advanced;
      report.progress(step, done);
    };
    if (total > 0) report.phase('writing', total);
    for (const phase of plan.phases) {
      if (phase.writes.length > 0) {
        const phaseRuns = yield* applyWrites(context, phase.writes, world.settings.maxParallelWrites, progress);
        runs.push(...phaseRuns);
        for (const run of phaseRuns) if (run.output.ok) view.applyWrite(run.step, run.output);
        for (const run of phaseRuns) if (!run.output.ok) failure ??= run.output.failure;
        if (failure) break;
      }
      if (phase.waits.length > 0) {
        report.phase('waiting');
        const waited = yield* waitForPairs(context, phase.waits, view, report.progress);
        waits.push(...waited.records);
        waitFailure ??= waited.failure;
      }
    }
    const legacyRefusal = failure?.code === ADDRESS_SPACE_LOCKED && !locked && runs.some((r) => !r.output.ok && r.step.kind === 'updateAddressSpace');
    if (legacyRefusal) {
      // Nothing was written before the address change (deletes come first only in recreate plans): plan again.
      locked = true;
      continue;
    }

    // Probes: the plan's, the pairs adopted now, every pair when a probe was asked for.
    const probeSteps = [...plan.phases.flatMap((p) => p.probes), ...extraProbes(plan.phases.flatMap((p) => p.probes), vnetId, remembered.adopted, desired, work.probeAll)];
    let probes: PassResult['probes'] = [];
    if (probeSteps.length > 0) {
      report.phase('probing');
      probes = yield* probePairs(context, probeSpecs(probeSteps, view, world.snapshots), view, report.progress);
    }

    const ran = new Set(runs.map((r) => r.step.stepId));
    const writes: WriteRecord[] = [...runs.map(writeRecord), ...planWrites(plan).filter((s) => !ran.has(s.stepId)).map(notRunRecord)];
    const outcome: PassOutcome = failure ? 'failed' : waitFailure || waits.some((w) => !w.reached) ? 'notConverged' : total > 0 ? 'converged' : 'nothingToDo';
    const busy = plan.findings.some((f) => f.code === 'SideBusy');
    const result = finish(base, time(), {
      ...planned,
      outcome,
      writes,
      waits,
      probes,
      adopted: remembered.adopted.map((p) => p.key),
      ...(failure ?? waitFailure ? { failure: (failure ?? waitFailure) as FailureData } : {}),
      recheck: plan.recheck && (busy || waits.some((w) => !w.reached)),
    });
    // Remembered: pairs adopted now, and every desired pair this pass wrote and saw healthy again (its
    // remembered state is refreshed; a requested pair becomes remembered).
    const reached = new Set(waits.filter((w) => w.reached).map((w) => w.pairKey));
    const written = new Set(runs.filter((r) => r.output.ok && r.step.pairKey).map((r) => r.step.pairKey as string));
    const remember = [...new Map([...remembered.adopted, ...desired.filter((p) => reached.has(p.key) && written.has(p.key))].map((p) => [p.key, p])).values()];
    yield* record(context, result, runs, remember, { vnetId, before: world.snapshots, tickets: work.tickets, time: time() }, report);
    return result;
  }
}

function finish(base: Omit<PassResult, 'outcome' | 'summary' | 'pairs' | 'findings' | 'writes' | 'waits' | 'probes' | 'adopted' | 'recheck' | 'finishedAt'>, finishedAt: string, parts: Partial<PassResult> & { outcome: PassOutcome }): PassResult {
  const result = { pairs: [], findings: [], writes: [], waits: [], probes: [], adopted: [], recheck: false, ...base, ...parts, finishedAt };
  return { ...result, summary: passSummary(result) };
}

const recordRetry = (() => {
  const options = new df.RetryOptions(2_000, 4);
  options.backoffCoefficient = 2;
  return options;
})();

/** Remembers pairs (adopted, or requested and made), forgets removed ones, ends the requests' operations and writes the audit entries (storage errors retried by the extension). */
function* record(
  context: OrchestrationContext,
  result: PassResult,
  runs: readonly WriteRun[],
  remember: readonly DesiredPair[],
  ctx: { vnetId: string; before: readonly VnetSnapshot[]; tickets: PassWork['tickets']; time: string },
  report: PassReporter,
): Generator<Task, void, unknown> {
  report.phase('recording');
  const entries = auditEntries(result, runs, { ...ctx, instanceId: context.df.instanceId });
  const forget = pairsToForget(ctx.tickets);
  const operations = operationResults(ctx.tickets, result);
  const input: RecordPassInput = { remember, entries, ...(forget.length > 0 ? { forget } : {}), ...(operations.length > 0 ? { operations } : {}) };
  try {
    yield context.df.callActivityWithRetry(ACTIVITIES.recordPass, recordRetry, input);
  } catch (error) {
    // Storage down past the retries: the pass is done and its result stays in the instance's output;
    // failing the orchestration would lose the tickets it holds.
    if (!context.df.isReplaying) context.warn(`${result.vnetId}: the pass could not be recorded: ${(error as Error).message}`);
  }
}
