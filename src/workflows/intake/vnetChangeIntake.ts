/**
 * The Event Grid entry point's body: parse the delivery, keep VNet and peering changes in the subscriptions
 * of `SCOPE_SUBSCRIPTIONS` (everything else is ignored with a log line), drop the app's own writes (loop guard: the caller's object id equals the `oid`
 * of the app's ARM token), and hand each change to its VNet's reconcile instance. Throws when a hand-over
 * cannot be confirmed, so the trigger fails and Event Grid delivers again; a malformed event is logged and
 * dropped (delivering it again cannot fix it).
 */
import type { DurableClient } from 'durable-functions';
import { armClientsFromEnv } from '../../azure/armClients.js';
import { isSubscriptionInScope, loadSettings } from '../../config/settings.js';
import { parseVnetId } from '../../domain/resourceId.js';
import { isOwnWrite } from '../../events/loopGuard.js';
import { parseNotifications } from '../../events/notifications.js';
import { decideNotification } from '../../events/vnetChange.js';
import { handOver, type HandOverResult } from '../handOver.js';
import { changeTicket } from '../tickets.js';

/** Where the intake writes its lines (the invocation's log). */
export interface IntakeLog {
  info(message: string): void;
  warn(message: string): void;
}

/** What became of each event of the delivery. */
export type IntakeOutcome =
  | { readonly eventId?: string; readonly handled: 'ignored' | 'ownWrite' | 'malformed'; readonly reason: string }
  | { readonly eventId: string; readonly handled: 'handedOver'; readonly result: HandOverResult };

/** The app's object id, or undefined (logged) when its token cannot be had: reconciling once more is safe. */
async function appObjectId(log: IntakeLog): Promise<string | undefined> {
  try {
    return await armClientsFromEnv().appObjectId();
  } catch (error) {
    log.warn(`the app's own object id is unknown (${(error as Error).message}): the loop guard cannot recognise the app's own writes this time`);
    return undefined;
  }
}

/** Handles one Event Grid delivery (one event, or an array). */
export async function takeVnetEvents(payload: unknown, client: DurableClient, log: IntakeLog, now: () => Date = () => new Date()): Promise<IntakeOutcome[]> {
  const outcomes: IntakeOutcome[] = [];
  const scope = loadSettings(process.env).scopeSubscriptions;
  for (const parsed of await parseNotifications(payload)) {
    if (!parsed.ok) {
      log.warn(`dropped: ${parsed.reason}`);
      outcomes.push({ ...(parsed.id ? { eventId: parsed.id } : {}), handled: 'malformed', reason: parsed.reason });
      continue;
    }
    const decision = decideNotification(parsed.notification);
    if (!decision.accepted) {
      log.info(`ignored event ${decision.eventId} (${decision.eventType}): ${decision.reason}`);
      outcomes.push({ eventId: decision.eventId, handled: 'ignored', reason: decision.reason });
      continue;
    }
    const { change } = decision;
    const subscriptionId = parseVnetId(change.vnetId).subscriptionId;
    if (!isSubscriptionInScope(scope, subscriptionId)) {
      const reason = `${change.vnetId} is in subscription ${subscriptionId}, outside SCOPE_SUBSCRIPTIONS: the app does not act on it`;
      log.info(`ignored event ${change.eventId}: ${reason}`);
      outcomes.push({ eventId: change.eventId, handled: 'ignored', reason });
      continue;
    }
    if (isOwnWrite(change, await appObjectId(log))) {
      const reason = `${change.operationName ?? change.eventType} on ${change.subject} was made by the app itself (caller ${change.callerObjectId}): loop guard`;
      log.info(`ignored event ${change.eventId}: ${reason}`);
      outcomes.push({ eventId: change.eventId, handled: 'ownWrite', reason });
      continue;
    }
    const ticket = changeTicket(change.vnetId, {
      eventId: change.eventId,
      eventType: change.eventType,
      subject: change.subject,
      kind: change.kind,
      resource: change.resource,
      ...(change.eventTime ? { eventTime: change.eventTime } : {}),
      ...(change.operationName ? { operationName: change.operationName } : {}),
      ...(change.correlationId ? { correlationId: change.correlationId } : {}),
      ...(change.callerObjectId ? { callerObjectId: change.callerObjectId } : {}),
    }, now().toISOString());
    const result = await handOver(client, ticket, { log: (m) => log.info(m) });
    log.info(`event ${change.eventId} (${change.operationName ?? change.eventType} on ${change.subject}) handed to reconcile instance ${result.instanceId}: ${result.how}`);
    outcomes.push({ eventId: change.eventId, handled: 'handedOver', result });
  }
  return outcomes;
}
