/**
 * `POST /api/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/probe`: probe every pair of the VNet now —
 * after a change no ARM event reports (a guest firewall opened inside a VM). Queued to the VNet's reconcile
 * instance like any other work; 202 with the ticket, the instance, the VNet's history and `Location:
 * /api/operations/{id}` (the probe's results when its pass ends).
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { isSubscriptionInScope } from '../../config/settings.js';
import { formatVnetId } from '../../domain/resourceId.js';
import { acceptOperation } from '../../azure/storage/operations.js';
import { vnetInstanceId } from '../../domain/instanceKeys.js';
import { appTables, settings } from '../activities/activitySupport.js';
import { operationLocation } from './acceptRequest.js';
import { handOver, HandOverError } from '../handOver.js';
import { requestTicket } from '../tickets.js';
import { errorAnswer } from './httpAnswers.js';

export async function probeRequest(request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const { subscriptionId = '', resourceGroup = '', vnetName = '' } = request.params;
  const vnetId = formatVnetId({ subscriptionId, resourceGroup, name: vnetName });
  if (!isSubscriptionInScope(settings().scopeSubscriptions, subscriptionId)) {
    return errorAnswer(403, 'SubscriptionOutOfScope', `subscription ${subscriptionId} of ${vnetName} is not in SCOPE_SUBSCRIPTIONS: the app may not act on it`, 'subscriptionId');
  }
  const operationId = randomUUID();
  const ticket = requestTicket(vnetId, operationId, { type: 'probe' }, new Date().toISOString(), request.headers.get('x-ms-client-principal-name') ?? undefined);
  // Recorded as an operation like the API's other requests, so `/api/operations/{id}` knows it from now on.
  await acceptOperation({ operationId, ticketId: ticket.ticketId, type: 'probe', vnetId, instanceId: vnetInstanceId(vnetId), acceptedAt: ticket.receivedAt, request: { probe: vnetId } }, { table: appTables().operations });
  try {
    const handed = await handOver(client, ticket);
    const history = `/api/history?vnet=${encodeURIComponent(vnetId)}`;
    const location = operationLocation(operationId);
    return { status: 202, headers: { location }, jsonBody: { operationId, ticketId: ticket.ticketId, vnetId, instanceId: handed.instanceId, history, location } };
  } catch (error) {
    if (error instanceof HandOverError) return { ...errorAnswer(503, 'ReconcileBusy', error.message, 'vnet'), headers: { 'retry-after': '5' } };
    throw error;
  }
}
