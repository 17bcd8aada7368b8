/**
 * Work items ("tickets") for a VNet's one reconcile instance. Every entry point hands its work to the
 * instance as a ticket — at start as its input, later as the external event `work` — and the instance
 * folds the tickets it holds into one pass (`reconcile/passWork.ts`).
 *
 * Plain JSON (they travel through orchestration history). `ticketId` is the identity used to de-duplicate
 * (Event Grid delivers at least once: a redelivered event is the same ticket) and to confirm delivery
 * (`acked` in the instance's output, `tickets` in its custom status). New kinds or request types extend
 * the unions here and their contribution in `reconcile/passWork.ts`; nothing else needs to change.
 */
import type { DesiredPair } from '../domain/desired.js';
import type { Strategy } from '../domain/planTypes.js';

/** The orchestration every ticket goes to (one instance per VNet: `vnetInstanceId`). */
export const RECONCILE_ORCHESTRATION = 'reconcileVnet';

/** The external event every ticket after the first arrives as. */
export const WORK_EVENT = 'work';

/** Kinds of tickets. */
export type TicketKind = 'change' | 'request' | 'audit';

interface TicketBase {
  readonly ticketId: string;
  readonly kind: TicketKind;
  /** The VNet whose instance does the work. */
  readonly vnetId: string;
  /** When the entry point received it (ISO 8601). */
  readonly receivedAt: string;
}

/** What an Event Grid event said, kept for the audit trail (who changed what, ARM's correlation id). */
export interface ChangeFacts {
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
  /** What happened to the resource (as `src/events` decided). */
  readonly kind: 'write' | 'delete' | 'action';
  readonly resource: 'vnet' | 'peering';
  readonly eventTime?: string;
  readonly operationName?: string;
  readonly correlationId?: string;
  readonly callerObjectId?: string;
}

/** Someone changed the VNet or one of its peerings: a hint to look again (level-triggered). */
export interface ChangeTicket extends TicketBase {
  readonly kind: 'change';
  readonly change: ChangeFacts;
}

/** Probe every pair of the VNet now, whatever changed (e.g. after a guest firewall was opened). */
export interface ProbeWorkRequest {
  readonly type: 'probe';
}

/** Peer two VNets (HTTP `POST /api/peerings`): the pair becomes desired; both sides are created or put right. */
export interface PeerWorkRequest {
  readonly type: 'peer';
  /** The pair as wanted (names defaulted, options complete), `a` on the VNet whose instance does the work. */
  readonly pair: DesiredPair;
}

/** Change the VNet's address space (HTTP `POST /api/vnets/…/address-space`); prefixes validated and canonical. */
export interface AddressSpaceWorkRequest {
  readonly type: 'addressSpace';
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /** The strategy asked for; absent: the VNet's tag, else the setting. */
  readonly strategy?: Strategy;
}

/** Remove a pair on both sides and forget it in the desired state (HTTP `DELETE /api/peerings`). */
export interface UnpeerWorkRequest {
  readonly type: 'unpeer';
  readonly vnetIds: readonly [string, string];
}

/** What a request asks for, each with its contribution in `reconcile/passWork.ts`. */
export type WorkRequest = ProbeWorkRequest | PeerWorkRequest | AddressSpaceWorkRequest | UnpeerWorkRequest;

/** A request from the HTTP API. */
export interface RequestTicket extends TicketBase {
  readonly kind: 'request';
  /** The operation the caller follows (`/api/operations/{id}`). */
  readonly operationId: string;
  /** Who asked (for the audit trail), when known. */
  readonly requestedBy?: string;
  readonly request: WorkRequest;
}

/**
 * Remediation of drift found by an audit (issue 8). `safe` repairs missing, Disconnected, stuck and
 * not-in-sync pairs but leaves drifted options as they are; `all` also puts options back and deletes the
 * `prune` pairs. `pairs` are the desired pairs the audit found drifted (from the topology file, which the
 * pass does not read itself); they win over remembered pairs of the same key.
 */
export interface AuditTicket extends TicketBase {
  readonly kind: 'audit';
  readonly auditId: string;
  readonly remediation: 'safe' | 'all';
  readonly pairs?: readonly DesiredPair[];
  /** Pairs (both VNet ids) to delete on both sides: peerings outside the topology, with `all` and `PRUNE`. */
  readonly prune?: readonly (readonly [string, string])[];
}

/** Any ticket. */
export type Ticket = ChangeTicket | RequestTicket | AuditTicket;

/** The ticket of an Event Grid event: its id derives from the event's, so a redelivery is the same ticket. */
export function changeTicket(vnetId: string, change: ChangeFacts, receivedAt: string): ChangeTicket {
  return { ticketId: `change:${change.eventId}`, kind: 'change', vnetId, receivedAt, change };
}

/** The ticket of a request; `operationId` is its identity. */
export function requestTicket(vnetId: string, operationId: string, request: WorkRequest, receivedAt: string, requestedBy?: string): RequestTicket {
  return { ticketId: `request:${operationId}`, kind: 'request', vnetId, receivedAt, operationId, request, ...(requestedBy ? { requestedBy } : {}) };
}

/** The ticket an audit hands a VNet; one per audit and VNet (the audit id is its identity in the instance). */
export function auditTicket(vnetId: string, auditId: string, remediation: 'safe' | 'all', receivedAt: string, work: { pairs?: readonly DesiredPair[]; prune?: readonly (readonly [string, string])[] } = {}): AuditTicket {
  return {
    ticketId: `audit:${auditId}`,
    kind: 'audit',
    vnetId,
    receivedAt,
    auditId,
    remediation,
    ...(work.pairs && work.pairs.length > 0 ? { pairs: work.pairs } : {}),
    ...(remediation === 'all' && work.prune && work.prune.length > 0 ? { prune: work.prune } : {}),
  };
}

/** Whether a value looks like a ticket (events come from outside the orchestration: check before trusting). */
export function isTicket(value: unknown): value is Ticket {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return typeof t.ticketId === 'string' && typeof t.vnetId === 'string' && (t.kind === 'change' || t.kind === 'request' || t.kind === 'audit');
}
