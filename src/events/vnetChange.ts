/**
 * Decides what an Event Grid notification means for the app: a change on a VNet (or one of its peerings)
 * to hand to that VNet's reconcile instance, or a reason to ignore it (for the log line).
 *
 * Accepted: `Microsoft.Resources.ResourceWriteSuccess`, `ResourceDeleteSuccess`, `ResourceActionSuccess`
 * whose subject is a `Microsoft.Network/virtualNetworks` or `.../virtualNetworkPeerings` id, compared
 * case-insensitively (samples mix `resourceGroups` and `resourcegroups`).
 */
import { classifyNetworkId, formatVnetId } from '../domain/resourceId.js';
import { callerObjectId } from './claims.js';
import type { Notification } from './notifications.js';

/** The event types the app acts on, and what each means. */
export const ACCEPTED_EVENT_TYPES = {
  'Microsoft.Resources.ResourceWriteSuccess': 'write',
  'Microsoft.Resources.ResourceDeleteSuccess': 'delete',
  'Microsoft.Resources.ResourceActionSuccess': 'action',
} as const;

/** What happened to the resource. */
export type ChangeKind = (typeof ACCEPTED_EVENT_TYPES)[keyof typeof ACCEPTED_EVENT_TYPES];

/** An accepted notification: which VNet to reconcile and what the event said (plain data, for history and logs). */
export interface VnetChange {
  /** The VNet to reconcile, canonically spelled (a peering event maps to its parent VNet). */
  readonly vnetId: string;
  readonly kind: ChangeKind;
  /** Whether the subject was the VNet itself or one of its peerings. */
  readonly resource: 'vnet' | 'peering';
  readonly peeringName?: string;
  readonly subject: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly eventTime?: string;
  readonly operationName?: string;
  readonly correlationId?: string;
  /** Object id of the caller that made the change (see `claims.ts`). */
  readonly callerObjectId?: string;
}

/** The decision for one notification. */
export type EventDecision =
  | { readonly accepted: true; readonly change: VnetChange }
  | { readonly accepted: false; readonly eventId: string; readonly eventType: string; readonly subject?: string; readonly reason: string };

function stringField(data: unknown, name: string): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Accepts or ignores a notification (never throws). */
export function decideNotification(n: Notification): EventDecision {
  const ignore = (reason: string): EventDecision => ({ accepted: false, eventId: n.id, eventType: n.type, ...(n.subject ? { subject: n.subject } : {}), reason });
  const kind = (ACCEPTED_EVENT_TYPES as Record<string, ChangeKind>)[n.type];
  if (!kind) return ignore(`event type ${n.type} is not a successful resource write, delete or action`);
  const subject = n.subject ?? stringField(n.data, 'resourceUri');
  if (!subject) return ignore('the event has no subject (resource id)');
  const id = classifyNetworkId(subject);
  if (id.kind === 'other') {
    const why = /\/providers\/microsoft\.network\/virtualnetworks\/[^/]+\/subnets\//i.test(subject)
      ? 'it is a subnet; subnet changes do not affect peerings'
      : 'it is not a virtual network or virtual network peering';
    return ignore(`subject ${subject} is ignored: ${why}`);
  }
  const vnet = id.kind === 'vnet' ? id.vnet : id.peering.vnet;
  const caller = callerObjectId(n.data);
  const operationName = stringField(n.data, 'operationName');
  const correlationId = stringField(n.data, 'correlationId');
  return {
    accepted: true,
    change: {
      vnetId: formatVnetId(vnet),
      kind,
      resource: id.kind,
      ...(id.kind === 'peering' ? { peeringName: id.peering.name } : {}),
      subject,
      eventId: n.id,
      eventType: n.type,
      ...(n.time ? { eventTime: n.time } : {}),
      ...(operationName ? { operationName } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...(caller ? { callerObjectId: caller } : {}),
    },
  };
}
