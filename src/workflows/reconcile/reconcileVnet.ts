/**
 * `reconcileVnet`: the one orchestration instance of a VNet (id `vnetInstanceId(vnetId)`), through which
 * every change of it goes — one writer per VNet. Each generation:
 *
 * 1. **starting**: takes the tickets of its input and every `work` event already raised (events still
 *    queued at the last continue-as-new arrive in its first episode), then publishes their ids in the
 *    custom status (`tickets`);
 * 2. runs one **pass** for them (`runPass.ts`) unless all were handled before (redeliveries);
 * 3. **closing**: waits a quiet moment for more (or, when the pass wants another look, a little longer),
 *    takes what arrived, and continues as new with it — or completes with `acked`, the ticket ids it
 *    handled, when nothing new came.
 *
 * The hand-over protocol (`handOver.ts`) relies on this: an event raised while the phase is not `closing`
 * is taken by this generation before it ends; an event raised during `closing` either shows up in the next
 * generation's `tickets`, or in `acked`, or the client raises/starts again (Azure drops events that reach an
 * instance's last episode after its final decision; duplicates are recognised by ticket id).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { Ticket } from '../tickets.js';
import { isTicket } from '../tickets.js';
import type { PassResult, ReconcileInput, ReconcileOutput, ReconcilePhase, ReconcileStatus } from './passResult.js';
import { probeLine } from './passRecord.js';
import { composePass, dedupeTickets, selectTickets } from './passWork.js';
import { runPass } from './runPass.js';
import { TicketInbox } from './ticketInbox.js';
import { fitStatus } from './statusBudget.js';

/** How long a generation waits for more work after its pass before completing (coalescing window). */
export const QUIET_MS = 2_000;
/** How long it waits before looking again when a side was busy or not yet Connected. */
export const RECHECK_MS = 10_000;
/** Consecutive rechecks before the instance gives up looking on its own. */
export const MAX_RECHECKS = 6;
/** How many acknowledged ticket ids the instance carries from generation to generation. */
export const RECENT_ACKS = 200;
/** How many ticket ids the custom status shows at most (`statusBudget.ts` may show fewer). */
const STATUS_TICKETS = 100;

function keepLast<T>(items: readonly T[], n: number): T[] {
  return items.slice(Math.max(0, items.length - n));
}

/** The orchestrator. */
export function* reconcileVnet(context: OrchestrationContext): Generator<Task, ReconcileOutput | undefined, unknown> {
  const input = context.df.getInput() as ReconcileInput;
  const vnetId = input.vnetId;
  const generation = input.generation ?? 1;
  let status: ReconcileStatus = { vnetId, generation, phase: 'starting' };
  const publish = (patch: Partial<ReconcileStatus>): void => {
    status = { ...status, ...patch };
    context.df.setCustomStatus(fitStatus(status));
  };
  publish({});

  // 1. Everything that has arrived, with what was handled before recognised.
  const inbox = new TicketInbox(context);
  const arrived = (yield* inbox.pull()).filter(isTicket);
  const received = [...input.tickets, ...arrived];
  const handledBefore = new Set(input.recentlyAcked ?? []);
  const queue = dedupeTickets(received, handledBefore);
  const { now, later } = selectTickets(queue);
  const seen = [...new Set(received.map((t) => t.ticketId))];
  publish({ phase: 'reading', tickets: keepLast(seen, STATUS_TICKETS), passTickets: keepLast(now.map((t) => t.ticketId), STATUS_TICKETS) });

  // 2. The pass.
  let pass: PassResult | undefined;
  if (now.length > 0 || input.recheck) {
    pass = yield* runPass(context, {
      vnetId,
      generation,
      work: composePass(now),
      report: {
        phase: (phase: ReconcilePhase, total?: number) => publish({ phase, ...(total !== undefined ? { steps: { done: 0, total } } : {}) }),
        progress: (currentStep: string, done?: number) => publish({ currentStep, ...(done !== undefined && status.steps ? { steps: { ...status.steps, done } } : {}) }),
      },
    });
    publish({ currentStep: undefined, lastPass: { outcome: pass.outcome, summary: pass.summary.slice(0, 2000), probes: pass.probes.slice(0, 20).map((p) => ({ pairKey: p.pairKey, passed: p.passed, diagnosis: probeLine(p).slice(0, 300) })) } });
  }

  // 3. Closing: more work continues as new; none completes the instance.
  const rechecks = pass?.recheck ? (input.rechecks ?? 0) + 1 : 0;
  const recheck = pass?.recheck === true && rechecks <= MAX_RECHECKS;
  publish({ phase: 'closing' });
  // Always at least one more episode: an event raised before 'closing' was published is then taken before
  // the decision below (it is queued ahead of this timer).
  const pause = inbox.arrived || later.length > 0 ? 0 : recheck ? RECHECK_MS : QUIET_MS;
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + pause));
  const laterIds = new Set(later.map((t) => t.ticketId));
  const handled = [...new Set([...handledBefore, ...seen])].filter((id) => !laterIds.has(id));
  const more = (yield* inbox.pull()).filter(isTicket);
  const fresh: Ticket[] = dedupeTickets(more, new Set([...handled, ...laterIds]));
  if (later.length > 0 || fresh.length > 0 || recheck) {
    const next: ReconcileInput = {
      vnetId,
      tickets: [...later, ...fresh],
      generation: generation + 1,
      recentlyAcked: keepLast(handled, RECENT_ACKS),
      ...(recheck ? { recheck: true, rechecks } : {}),
    };
    context.df.continueAsNew(next);
    return undefined;
  }
  const acked = keepLast([...new Set([...handled, ...more.map((t) => t.ticketId)])], RECENT_ACKS);
  return { vnetId, generation, acked, ...(pass ? { pass } : {}) };
}
