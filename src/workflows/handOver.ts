/**
 * The client side of "one writer per VNet": hands a ticket to the VNet's one reconcile instance and
 * returns only once the instance is sure to handle it — or throws, so the caller fails and its sender
 * tries again (Event Grid redelivers; the HTTP API answers 503). Every entry point uses it.
 *
 * 1. No instance, or a finished one: start it with the ticket as input (a finished one whose `acked`
 *    already holds the ticket handled it: done). Refused because it runs (another caller won): go on.
 * 2. Raise the ticket as event `work`, then read the status:
 *    - running and not `closing`: delivered — the generation takes every event raised before it closes;
 *    - `closing` (generation g): watch until a later generation publishes its `tickets` (delivered when the
 *      ticket is there, raise again when not: Azure drops an event that reaches an instance's last episode
 *      after its final decision) or the instance ends (delivered when `acked` holds it, else start again);
 *    - finished: delivered when `acked` holds the ticket, else start it again.
 * 3. All within a deadline (default 25 s, inside Event Grid's 30 s); past it, {@link HandOverError}.
 *
 * Raising the same ticket twice is harmless: the instance recognises ticket ids it has seen.
 */
import type { DurableClient } from 'durable-functions';
import { vnetInstanceId } from '../domain/instanceKeys.js';
import type { ReconcileOutput, ReconcileStatus } from './reconcile/passResult.js';
import type { Ticket } from './tickets.js';
import { RECONCILE_ORCHESTRATION, WORK_EVENT } from './tickets.js';

/** Thrown when delivery could not be confirmed in time. */
export class HandOverError extends Error {
  override readonly name = 'HandOverError';
}

/** How the ticket got there. */
export interface HandOverResult {
  readonly instanceId: string;
  readonly how: 'started' | 'raised' | 'alreadyHandled';
  /** Rounds of the protocol it took (1 unless a race was lost). */
  readonly rounds: number;
}

export interface HandOverOptions {
  /** Give up after this long (default 25 s). */
  readonly deadlineMs?: number;
  /** First pause between status reads while watching a closing instance (default 50 ms, doubling to 1 s). */
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

const ENDED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

interface Seen {
  readonly runtimeStatus: string;
  readonly custom?: ReconcileStatus;
  readonly acked: readonly string[];
}

async function readStatus(client: DurableClient, instanceId: string): Promise<Seen | undefined> {
  try {
    const status = await client.getStatus(instanceId, { showInput: false });
    const output = status.output as Partial<ReconcileOutput> | null | undefined;
    const custom = status.customStatus as ReconcileStatus | null | undefined;
    return { runtimeStatus: String(status.runtimeStatus), ...(custom ? { custom } : {}), acked: Array.isArray(output?.acked) ? output.acked : [] };
  } catch (error) {
    if (/\b404\b/.test((error as Error).message)) return undefined;
    throw error;
  }
}

/** Starts the instance with the ticket; false when it is already running (409). */
async function tryStart(client: DurableClient, instanceId: string, ticket: Ticket): Promise<boolean> {
  try {
    await client.startNew(RECONCILE_ORCHESTRATION, { instanceId, input: { vnetId: ticket.vnetId, tickets: [ticket] } });
    return true;
  } catch (error) {
    if (/\b409\b/.test((error as Error).message)) return false;
    throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Hands `ticket` to its VNet's instance (see the module comment). */
export async function handOver(client: DurableClient, ticket: Ticket, options: HandOverOptions = {}): Promise<HandOverResult> {
  const instanceId = vnetInstanceId(ticket.vnetId);
  const deadline = Date.now() + (options.deadlineMs ?? 25_000);
  const log = options.log ?? (() => {});
  const firstPoll = options.pollMs ?? 50;
  let rounds = 0;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    rounds++;
    const status = await readStatus(client, instanceId);
    if (!status || ENDED.has(status.runtimeStatus)) {
      if (status?.runtimeStatus === 'Completed' && status.acked.includes(ticket.ticketId)) return { instanceId, how: 'alreadyHandled', rounds };
      if (await tryStart(client, instanceId, ticket)) return { instanceId, how: 'started', rounds };
      last = 'the instance was started by someone else meanwhile';
      continue;
    }
    try {
      await client.raiseEvent(instanceId, WORK_EVENT, ticket);
    } catch (error) {
      last = `raising the event failed: ${(error as Error).message}`;
      continue;
    }
    const after = await readStatus(client, instanceId);
    if (!after) {
      last = 'the instance disappeared (purged)';
      continue;
    }
    if (ENDED.has(after.runtimeStatus)) {
      if (after.acked.includes(ticket.ticketId)) return { instanceId, how: 'raised', rounds };
      last = `the instance ended (${after.runtimeStatus}) without the ticket`;
      log(`${ticket.ticketId}: ${last}; starting it again`);
      continue;
    }
    if (after.custom?.phase !== 'closing') return { instanceId, how: 'raised', rounds };
    const verdict = await watchClosing(client, instanceId, ticket.ticketId, after.custom.generation, deadline, firstPoll);
    if (verdict === 'delivered') return { instanceId, how: 'raised', rounds };
    last = verdict;
    log(`${ticket.ticketId}: ${verdict}; handing it over again`);
  }
  throw new HandOverError(`could not confirm that reconcile instance ${instanceId} of ${ticket.vnetId} took ticket ${ticket.ticketId} within ${options.deadlineMs ?? 25_000} ms (last: ${last}); the sender must try again`);
}

/** Watches an instance that was closing when the ticket was raised, until it is clear whether it took it. */
async function watchClosing(client: DurableClient, instanceId: string, ticketId: string, generation: number, deadline: number, firstPoll: number): Promise<'delivered' | string> {
  let pause = firstPoll;
  while (Date.now() < deadline) {
    await sleep(pause);
    pause = Math.min(pause * 2, 1000);
    const status = await readStatus(client, instanceId);
    if (!status) return 'the instance disappeared (purged)';
    if (ENDED.has(status.runtimeStatus)) return status.acked.includes(ticketId) ? 'delivered' : `the instance ended (${status.runtimeStatus}) without the ticket`;
    const custom = status.custom;
    if (custom && custom.generation > generation && custom.tickets) {
      return custom.tickets.includes(ticketId) ? 'delivered' : `generation ${custom.generation} started without the ticket`;
    }
  }
  return 'the closing instance did not settle in time';
}
