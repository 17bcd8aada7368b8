/**
 * A pass in words and as audit-trail entries: one entry per ARM write (before → after, its correlation
 * id) and one for the pass (trigger, who, plan, waits, probes). Pure.
 */
import { describeOptions } from '../../domain/model.js';
import type { VnetSnapshot } from '../../domain/model.js';
import type { WriteStep } from '../../domain/planTypes.js';
import { parseVnetId, resourceKey, sameResourceId } from '../../domain/resourceId.js';
import type { Ticket } from '../tickets.js';
import type { AuditEntry, FailureData, PairProbeResult } from './activityTypes.js';
import type { PassResult, WaitRecord, WriteRecord } from './passResult.js';
import type { WriteRun } from './passSteps.js';

function name(vnetId: string): string {
  try {
    return parseVnetId(vnetId).name;
  } catch {
    return vnetId;
  }
}

/** `AnotherOperationInProgress (409) on <target>: <message>`. */
export function describeFailure(failure: FailureData): string {
  return `${failure.code}${failure.status ? ` (${failure.status})` : ''} on ${failure.target}: ${failure.message}`;
}

/** A write run as recorded in the pass. */
export function writeRecord(run: WriteRun): WriteRecord {
  const base = { stepId: run.step.stepId, kind: run.step.kind, summary: run.step.summary, targetId: run.step.targetId, attempts: run.attempts, ...(run.step.pairKey ? { pairKey: run.step.pairKey } : {}) };
  if (!run.output.ok) return { ...base, result: 'failed', failure: run.output.failure, ...(run.output.failure.correlationId ? { correlationId: run.output.failure.correlationId } : {}) };
  return { ...base, result: run.output.effect, ...(run.output.correlationId ? { correlationId: run.output.correlationId } : {}) };
}

/** Writes of the plan that never ran (a failure stopped the pass). */
export function notRunRecord(step: WriteStep): WriteRecord {
  return { stepId: step.stepId, kind: step.kind, summary: step.summary, targetId: step.targetId, attempts: 0, result: 'notRun', ...(step.pairKey ? { pairKey: step.pairKey } : {}) };
}

const VERB: Record<string, [string, string]> = {
  createPeering: ['created', 'peering'],
  updatePeering: ['updated', 'peering'],
  syncPeering: ['synced', 'peering'],
  deletePeering: ['deleted', 'peering'],
  updateAddressSpace: ['changed', 'address space'],
};

function pairName(vnetIds: readonly [string, string]): string {
  return `${name(vnetIds[0])} ↔ ${name(vnetIds[1])}`;
}

/** A pair's probe in one line: passed with its check count, or failed with every distinct diagnosis. */
export function probeLine(probe: PairProbeResult): string {
  if (probe.passed) return `probe ${pairName(probe.vnetIds)} passed (${probe.checks.length} check${probe.checks.length === 1 ? '' : 's'})`;
  const causes = [...new Set(probe.checks.filter((c) => !c.passed).map((c) => c.diagnosis.message))];
  return `probe ${pairName(probe.vnetIds)} failed: ${causes.join('; ') || 'no check could run'}`;
}

/** One line for the pass. */
export function passSummary(result: Pick<PassResult, 'outcome' | 'writes' | 'waits' | 'probes' | 'findings' | 'adopted' | 'failure'>): string {
  const parts: string[] = [];
  const counts = new Map<string, number>();
  for (const w of result.writes.filter((x) => x.result === 'written')) counts.set(w.kind, (counts.get(w.kind) ?? 0) + 1);
  const writes = [...counts].map(([kind, n]) => {
    const [verb, what] = VERB[kind] ?? [kind, 'resource'];
    return `${verb} ${n} ${what}${n === 1 || what === 'address space' ? '' : 's'}`;
  });
  parts.push(writes.length > 0 ? writes.join(', ') : 'no ARM write');
  if (result.adopted.length > 0) parts.push(`adopted ${result.adopted.length} healthy pair${result.adopted.length === 1 ? '' : 's'}`);
  const missed = result.waits.filter((w) => !w.reached);
  if (result.waits.length > 0) parts.push(missed.length === 0 ? `every pair ${[...new Set(result.waits.map((w) => w.state))].join('/')}` : `${missed.length} pair(s) not ${missed[0]?.state} in time`);
  if (result.failure) parts.push(`failed: ${describeFailure(result.failure)}`);
  for (const f of result.findings.filter((x) => x.severity === 'error')) parts.push(f.message);
  for (const p of result.probes) parts.push(probeLine(p));
  return parts.join('; ');
}

/** What a pass's audit entry keeps in `details` (readers: the demo, the operation status of issue 7, tests). */
export interface PassDetails {
  readonly outcome: PassResult['outcome'];
  readonly generation: number;
  /** The tickets handled, whole (who changed what, which request). */
  readonly tickets: readonly Ticket[];
  readonly changeCorrelationIds: readonly string[];
  readonly strategy?: PassResult['strategy'];
  readonly strategySource?: PassResult['strategySource'];
  readonly pairs: PassResult['pairs'];
  readonly findings: PassResult['findings'];
  readonly writes: PassResult['writes'];
  readonly adopted: PassResult['adopted'];
}

const OUTCOME_OF = { converged: 'succeeded', nothingToDo: 'noChange', failed: 'failed', notConverged: 'failed', readFailed: 'failed', vnetGone: 'skipped' } as const;

/** The context every entry of a pass shares. */
export interface EntryContext {
  readonly vnetId: string;
  readonly instanceId: string;
  readonly time: string;
  readonly tickets: readonly Ticket[];
  /** The VNets as read at the start (for "before"). */
  readonly before: readonly VnetSnapshot[];
}

function beforeOf(step: WriteStep, before: readonly VnetSnapshot[]): unknown {
  if (step.kind === 'updateAddressSpace') return { addressSpace: before.find((v) => sameResourceId(v.id, step.vnetId))?.addressSpace };
  if (step.kind === 'deletePeering') return step.snapshot;
  const side = before.find((v) => sameResourceId(v.id, step.localVnetId))?.peerings.find((p) => p.name.toLowerCase() === step.name.toLowerCase());
  return side ?? null;
}

/** The audit entries of a pass: its writes, then the pass itself. */
export function auditEntries(result: PassResult, runs: readonly WriteRun[], ctx: EntryContext): AuditEntry[] {
  const trigger = result.trigger;
  const who = result.causedBy;
  const common = { vnetId: ctx.vnetId, trigger, ...(who ? { who } : {}), instanceId: ctx.instanceId, time: ctx.time };
  const related = (ids: readonly string[]): string[] => [...new Map(ids.filter((id) => !sameResourceId(id, ctx.vnetId)).map((id) => [resourceKey(id), id])).values()];
  const writeEntries = runs.map((run): AuditEntry => {
    const step = run.step;
    const others = step.kind === 'updateAddressSpace' ? [] : [step.localVnetId, step.remoteVnetId];
    const record = writeRecord(run);
    const after = run.output.ok ? (run.output.peering ?? (run.output.vnet ? { addressSpace: run.output.vnet.addressSpace } : null)) : null;
    return {
      ...common,
      relatedVnetIds: related(others),
      action: step.kind,
      summary: step.summary,
      outcome: record.result === 'failed' ? 'failed' : record.result === 'alreadyDone' ? 'noChange' : 'succeeded',
      before: beforeOf(step, ctx.before),
      after,
      ...(record.correlationId ? { correlationIds: [record.correlationId] } : {}),
      ...(record.failure ? { error: describeFailure(record.failure) } : {}),
      details: { stepId: step.stepId, reason: step.reason, attempts: run.attempts, ...('options' in step ? { options: describeOptions(step.options) } : {}) },
    };
  });
  const touched = related([...result.pairs.flatMap((p) => p.vnetIds), ...result.probes.flatMap((p) => p.vnetIds)]);
  const pass: AuditEntry = {
    ...common,
    relatedVnetIds: touched,
    action: 'reconcile',
    summary: result.summary,
    outcome: OUTCOME_OF[result.outcome],
    after: result.waits.map((w: WaitRecord) => ({ pairKey: w.pairKey, state: w.state, reached: w.reached, sides: w.sides })),
    correlationIds: result.writes.flatMap((w) => (w.correlationId ? [w.correlationId] : [])),
    ...(result.probes.length > 0 ? { probe: result.probes } : {}),
    ...(result.failure ? { error: describeFailure(result.failure) } : {}),
    details: {
      outcome: result.outcome,
      generation: result.generation,
      tickets: ctx.tickets,
      changeCorrelationIds: result.changeCorrelationIds,
      strategy: result.strategy,
      strategySource: result.strategySource,
      pairs: result.pairs,
      findings: result.findings,
      writes: result.writes,
      adopted: result.adopted,
    } satisfies PassDetails,
  };
  return [...writeEntries, pass];
}
