/**
 * Accepting a validated request: the operation is recorded (`queued`), the ticket handed to the VNet's one
 * reconcile instance (queued behind work running there, never interleaved), and the caller gets 202 with
 * the operation id and `Location: /api/operations/{id}`. When the instance cannot confirm the hand-over in
 * time the operation is marked failed and the caller gets 503 (nothing was written: try again).
 */
import type { HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { acceptOperation, finishOperation } from '../../azure/storage/operations.js';
import { vnetInstanceId } from '../../domain/instanceKeys.js';
import { appTables } from '../activities/activitySupport.js';
import { handOver, HandOverError } from '../handOver.js';
import type { RequestTicket } from '../tickets.js';
import { errorAnswer } from './httpAnswers.js';

/** Where the status of an operation is read. */
export function operationLocation(operationId: string): string {
  return `/api/operations/${operationId}`;
}

/** Records, hands over and answers 202 (or 503). `body` is the request as accepted, kept with the operation. */
export async function acceptRequest(client: DurableClient, ticket: RequestTicket, body: unknown): Promise<HttpResponseInit> {
  const table = appTables().operations;
  const instanceId = vnetInstanceId(ticket.vnetId);
  await acceptOperation({ operationId: ticket.operationId, ticketId: ticket.ticketId, type: ticket.request.type, vnetId: ticket.vnetId, instanceId, acceptedAt: ticket.receivedAt, request: body }, { table });
  try {
    await handOver(client, ticket);
  } catch (error) {
    if (!(error instanceof HandOverError)) throw error;
    await finishOperation(ticket.operationId, 'failed', { errors: [{ code: 'ReconcileBusy', message: error.message }] }, new Date().toISOString(), { table });
    return { ...errorAnswer(503, 'ReconcileBusy', `${error.message}; nothing was changed`, 'vnet'), headers: { 'retry-after': '5' } };
  }
  const location = operationLocation(ticket.operationId);
  return { status: 202, headers: { location }, jsonBody: { operationId: ticket.operationId, status: 'queued', vnetId: ticket.vnetId, instanceId, location } };
}
