/**
 * Folding tickets into a pass. A pass is level-triggered: it reads the VNet and plans from what it sees,
 * so any number of change and audit tickets coalesce into one pass. A request that asks for a specific
 * change (issue 7: a new pair, an address change) is exclusive: one per pass, in arrival order, so two
 * requests for one VNet are queued, never interleaved. Pure (orchestrators call it on replay).
 */
import type { AddressChangeRequest } from '../../domain/plan.js';
import type { DesiredPair } from '../../domain/desired.js';
import { pairKey } from '../../domain/inventory.js';
import type { Strategy } from '../../domain/planTypes.js';
import type { Ticket } from '../tickets.js';

/** Requests that only ask to look (and probe): they coalesce like changes. */
const COALESCING_REQUESTS: ReadonlySet<string> = new Set(['probe']);

/** Whether the ticket needs a pass of its own (it changes what is wanted). */
export function isExclusive(ticket: Ticket): boolean {
  return ticket.kind === 'request' && !COALESCING_REQUESTS.has(ticket.request.type);
}

/** The tickets of this pass and those left for the next. */
export interface TicketSelection {
  readonly now: Ticket[];
  readonly later: Ticket[];
}

/** Every coalescing ticket, plus the first exclusive one; later exclusive tickets wait, in order. */
export function selectTickets(queue: readonly Ticket[]): TicketSelection {
  const now: Ticket[] = [];
  const later: Ticket[] = [];
  let exclusiveTaken = false;
  for (const ticket of queue) {
    if (!isExclusive(ticket)) now.push(ticket);
    else if (!exclusiveTaken) {
      now.push(ticket);
      exclusiveTaken = true;
    } else later.push(ticket);
  }
  return { now, later };
}

/** Tickets in order, each id once, without those already handled. */
export function dedupeTickets(tickets: readonly Ticket[], handled: ReadonlySet<string> = new Set()): Ticket[] {
  const seen = new Set(handled);
  const out: Ticket[] = [];
  for (const ticket of tickets) {
    if (seen.has(ticket.ticketId)) continue;
    seen.add(ticket.ticketId);
    out.push(ticket);
  }
  return out;
}

/** What the tickets of one pass ask of the planner beyond "make it as desired". */
export interface PassWork {
  readonly tickets: readonly Ticket[];
  /** Probe every desired pair of the VNet even when nothing is written. */
  readonly probeAll: boolean;
  /** A requested address change, pairs to add or remove (and forget), a requested strategy. */
  readonly addressChange?: AddressChangeRequest;
  readonly extraDesired?: readonly DesiredPair[];
  readonly removePairs?: readonly (readonly [string, string])[];
  /**
   * Keys of the `removePairs` that only an audit's prune asks for: its verdict "not in the topology" is as
   * old as its read, so the pass drops them when the topology it reads now wants the pair.
   */
  readonly prunedByAudit?: readonly string[];
  readonly strategy?: Strategy;
  /**
   * Put drifted options back (default true). False only when every ticket is an audit's `safe`
   * remediation: it repairs pairs but leaves options as found (REMEDIATION levels, DESIGN.md).
   */
  readonly repairOptions?: boolean;
}

/** What each kind of ticket contributes to the pass. */
export function composePass(tickets: readonly Ticket[]): PassWork {
  let probeAll = false;
  let repairOptions = tickets.length === 0;
  let addressChange: AddressChangeRequest | undefined;
  let strategy: Strategy | undefined;
  const extra = new Map<string, DesiredPair>();
  const auditPairs = new Set<string>();
  const remove = new Map<string, readonly [string, string]>();
  const prune = new Map<string, readonly [string, string]>();
  for (const ticket of tickets) {
    switch (ticket.kind) {
      case 'change':
        repairOptions = true;
        break;
      case 'audit':
        if (ticket.remediation === 'all') repairOptions = true;
        for (const pair of ticket.pairs ?? []) {
          auditPairs.add(pair.key);
          if (!extra.has(pair.key)) extra.set(pair.key, pair);
        }
        if (ticket.remediation === 'all') for (const [a, b] of ticket.prune ?? []) prune.set(pairKey(a, b), [a, b]);
        break;
      case 'request': {
        repairOptions = true;
        const request = ticket.request;
        switch (request.type) {
          case 'probe':
            probeAll = true;
            break;
          case 'peer':
            extra.set(request.pair.key, request.pair);
            break;
          case 'addressSpace':
            addressChange = { add: request.add, remove: request.remove };
            if (request.strategy) strategy = request.strategy;
            break;
          case 'unpeer':
            remove.set(pairKey(request.vnetIds[0], request.vnetIds[1]), request.vnetIds);
            break;
        }
        break;
      }
    }
  }
  // An audit's prune never deletes a pair an audit also wants (two audits disagreeing); a request's unpeer wins.
  const prunedByAudit: string[] = [];
  for (const [key, pair] of prune) {
    if (auditPairs.has(key) || remove.has(key)) continue;
    remove.set(key, pair);
    prunedByAudit.push(key);
  }
  return {
    tickets,
    probeAll,
    ...(addressChange ? { addressChange } : {}),
    ...(strategy ? { strategy } : {}),
    ...(extra.size > 0 ? { extraDesired: [...extra.values()] } : {}),
    ...(remove.size > 0 ? { removePairs: [...remove.values()] } : {}),
    ...(prunedByAudit.length > 0 ? { prunedByAudit } : {}),
    ...(repairOptions ? {} : { repairOptions: false }),
  };
}

/** What started a pass, for the audit trail: the kind of trigger, the ticket ids, the operations seen. */
export interface PassTrigger {
  readonly kind: 'eventGrid' | 'http' | 'audit' | 'recheck';
  readonly id?: string;
  readonly detail?: string;
}

const TRIGGER_OF = { change: 'eventGrid', request: 'http', audit: 'audit' } as const;

/** The trigger of a pass (its first ticket's kind; `recheck` when it re-reads on its own). */
export function passTrigger(tickets: readonly Ticket[]): PassTrigger {
  const first = tickets[0];
  if (!first) return { kind: 'recheck', detail: 'a side was busy or not yet Connected: read again' };
  const details = [
    ...new Set(
      tickets.map((t) => (t.kind === 'change' ? (t.change.operationName ?? t.change.eventType) : t.kind === 'request' ? `request ${t.request.type}` : `audit ${t.auditId}`)),
    ),
  ];
  return { kind: TRIGGER_OF[first.kind], id: tickets.map((t) => t.ticketId).join(','), detail: details.join(', ') };
}

/** Who caused the pass: the callers of the changes and the requesters, distinct, joined. */
export function passCausedBy(tickets: readonly Ticket[]): string | undefined {
  const who = new Set<string>();
  for (const t of tickets) {
    if (t.kind === 'change' && t.change.callerObjectId) who.add(t.change.callerObjectId);
    if (t.kind === 'request' && t.requestedBy) who.add(t.requestedBy);
    if (t.kind === 'audit') who.add(`audit ${t.auditId}`);
  }
  return who.size > 0 ? [...who].join(', ') : undefined;
}

/** The ARM correlation ids of the changes (they link a pass to the portal writes that caused it). */
export function changeCorrelationIds(tickets: readonly Ticket[]): string[] {
  return [...new Set(tickets.flatMap((t) => (t.kind === 'change' && t.change.correlationId ? [t.change.correlationId] : [])))];
}
