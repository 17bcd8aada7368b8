/**
 * `driftAudit`: one instance per audit (instance id = audit id), started by the timer or `POST /api/audits`.
 *
 * 1. setup: the subscriptions in scope, the remediation level, where the desired state comes from;
 * 2. read: each subscription listed page by page (peerings inline; no per-VNet or per-peering GETs) by an
 *    activity that writes the VNets to blob storage and returns counts — a few at a time, progress in the
 *    custom status (`n/m subscriptions read, k drifts`); ARM's transient errors waited out on durable timers;
 * 3. classify: an activity builds the inventory from the blobs, the desired pairs (topology file or the
 *    remembered pairs), classifies drift, stores the report and each VNet's remediation work in blob storage,
 *    and returns counts and the ids of the VNets to hand work to;
 * 4. remediate (`safe`/`all`): each VNet gets an audit ticket through the hand-over protocol (one writer per
 *    VNet), at most `AUDIT_MAX_PARALLEL_VNETS` at once; its reconcile pass repairs, probes and records the
 *    probes in the audit trail;
 * 5. report: the remediations go into the stored report.
 *
 * Deterministic: only `context.df.*` and plain data; times from `currentUtcDateTime`.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { FailureData } from '../reconcile/activityTypes.js';
import type {
  AuditClassifyInput,
  AuditClassifyOutput,
  AuditFinishInput,
  AuditInput,
  AuditListOutput,
  AuditOutput,
  AuditRemediateOutput,
  AuditSetupOutput,
  AuditStatus,
} from './auditTypes.js';
import { AUDIT_ACTIVITIES, auditBlobs } from './auditTypes.js';

/** Subscriptions listed at once. */
export const LIST_PARALLEL = 4;
/** Attempts at listing one subscription while ARM's errors are transient. */
export const LIST_ATTEMPTS = 5;
/** Wait before another attempt when ARM gave no `Retry-After`. */
const DEFAULT_WAIT_MS = 10_000;
/** Longest wait honoured (a longer `Retry-After` is capped). */
const MAX_WAIT_MS = 120_000;

const finishRetry = (() => {
  const options = new df.RetryOptions(2_000, 4);
  options.backoffCoefficient = 2;
  return options;
})();

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The orchestrator. */
export function* driftAudit(context: OrchestrationContext): Generator<Task, AuditOutput, unknown> {
  const input = context.df.getInput() as AuditInput;
  const { auditId } = input;
  const now = () => context.df.currentUtcDateTime.toISOString();
  const startedAt = now();
  let status: AuditStatus = { auditId, phase: 'starting', progress: 'starting', subscriptions: { read: 0, total: 0 } };
  const publish = (patch: Partial<AuditStatus>): void => {
    status = { ...status, ...patch };
    const drifts = status.drifts ?? 0;
    const remediation = status.remediation ? `, ${status.remediation.done}/${status.remediation.total} VNets remediated` : '';
    context.df.setCustomStatus({ ...status, progress: `${status.subscriptions.read}/${status.subscriptions.total} subscriptions read, ${drifts} drift${drifts === 1 ? '' : 's'}${remediation}` });
  };
  publish({});
  const failed = (failure: FailureData, partial: Partial<AuditOutput> = {}): AuditOutput => {
    publish({ phase: 'failed' });
    return {
      auditId,
      outcome: 'failed',
      startedAt,
      finishedAt: now(),
      subscriptions: status.subscriptions.total,
      unread: [],
      vnets: 0,
      peerings: 0,
      drifts: 0,
      armCalls: 0,
      remediation: { level: 'off', vnets: 0, succeeded: 0, failed: 0, pending: 0 },
      ...partial,
      failure,
    };
  };

  // 1. Setup.
  const setup = (yield context.df.callActivity(AUDIT_ACTIVITIES.setup, { auditId })) as AuditSetupOutput;
  if (!setup.ok) return failed(setup.failure);
  const subscriptions = setup.subscriptions;
  publish({ phase: 'reading', subscriptions: { read: 0, total: subscriptions.length } });

  // 2. Read, a few subscriptions at a time; transient ARM errors waited out.
  let armCalls = 0;
  const unread: string[] = [];
  const unreadFailures: FailureData[] = [];
  let read = 0;
  for (const batch of chunks(subscriptions, LIST_PARALLEL)) {
    let pending = batch.map((subscriptionId) => ({ subscriptionId, attempt: 1 }));
    while (pending.length > 0) {
      const results = (yield context.df.Task.all(pending.map((p) => context.df.callActivity(AUDIT_ACTIVITIES.listVnets, { auditId, subscriptionId: p.subscriptionId })))) as AuditListOutput[];
      const again: typeof pending = [];
      let wait = 0;
      results.forEach((result, i) => {
        const p = pending[i] as (typeof pending)[number];
        if (result.ok) {
          armCalls += result.pages;
          read++;
        } else if (result.failure.kind === 'transient' && p.attempt < LIST_ATTEMPTS) {
          armCalls += 1;
          again.push({ subscriptionId: p.subscriptionId, attempt: p.attempt + 1 });
          wait = Math.max(wait, Math.min(result.failure.retryAfterMs ?? DEFAULT_WAIT_MS, MAX_WAIT_MS));
        } else {
          armCalls += 1;
          unread.push(p.subscriptionId);
          unreadFailures.push(result.failure);
        }
      });
      publish({ subscriptions: { read, total: subscriptions.length } });
      if (again.length > 0) yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + wait));
      pending = again;
    }
  }

  // 3. Classify (over the blobs) and store the report.
  publish({ phase: 'classifying' });
  const classifyInput: AuditClassifyInput = {
    auditId,
    trigger: input.trigger,
    startedAt,
    now: now(),
    subscriptions: subscriptions.filter((s) => !unread.includes(s)),
    unread,
    remediation: setup.remediation,
    prune: setup.prune,
    armCalls,
  };
  const classified = (yield context.df.callActivity(AUDIT_ACTIVITIES.classify, classifyInput)) as AuditClassifyOutput;
  if (!classified.ok) return failed(classified.failure, { unread, armCalls });
  publish({ drifts: classified.drifts });

  // 4. Remediation: hand each VNet its ticket, a few VNets at a time.
  const outcomes: AuditRemediateOutput[] = [];
  if (classified.remediate.length > 0) {
    publish({ phase: 'remediating', remediation: { done: 0, total: classified.remediate.length } });
    for (const batch of chunks(classified.remediate, setup.maxParallelVnets)) {
      try {
        const results = (yield context.df.Task.all(batch.map((vnetId) => context.df.callActivity(AUDIT_ACTIVITIES.remediate, { auditId, vnetId })))) as AuditRemediateOutput[];
        outcomes.push(...results);
      } catch (error) {
        // An activity that threw (storage down): its VNets count as failed; the audit and its report go on.
        if (!context.df.isReplaying) context.warn(`audit ${auditId}: remediation of ${batch.join(', ')} failed: ${(error as Error).message}`);
        outcomes.push(...batch.map((vnetId): AuditRemediateOutput => ({ vnetId, status: 'failed' })));
      }
      publish({ remediation: { done: outcomes.length, total: classified.remediate.length } });
    }
  }

  // 5. The remediations into the report (retried: storage errors are passing; the report without them stays).
  publish({ phase: 'reporting' });
  const finishedAt = now();
  const finish: AuditFinishInput = { auditId, finishedAt, remediated: classified.remediate };
  try {
    yield context.df.callActivityWithRetry(AUDIT_ACTIVITIES.finish, finishRetry, finish);
  } catch (error) {
    if (!context.df.isReplaying) context.warn(`audit ${auditId}: the remediations could not be added to the report: ${(error as Error).message}`);
  }
  publish({ phase: 'done' });
  const count = (s: AuditRemediateOutput['status']) => outcomes.filter((o) => o.status === s).length;
  // A report built without some subscriptions is no all-clear: say so in the outcome, not only in `unread`.
  const outcome: AuditOutput['outcome'] = unread.length === 0 ? 'completed' : unread.length < subscriptions.length ? 'incomplete' : 'failed';
  return {
    auditId,
    outcome,
    startedAt,
    finishedAt,
    subscriptions: subscriptions.length,
    unread,
    vnets: classified.vnets,
    peerings: classified.peerings,
    drifts: classified.drifts,
    byClass: classified.byClass,
    armCalls,
    remediation: { level: setup.remediation, vnets: outcomes.length, succeeded: count('succeeded'), failed: count('failed'), pending: count('handedOver') },
    report: auditBlobs.report(auditId),
    ...(unreadFailures[0] ? { failure: unreadFailures[0] } : {}),
  };
}
