/**
 * `GET /api/operations/{id}`: the status of an accepted request in friendly terms. Ended operations
 * (`succeeded` / `failed`, with writes, waits, probes and errors) come from the operations table; while
 * not ended, the VNet's reconcile instance says whether the request's pass is running (phase, steps done
 * of total, current step) or still queued behind other work.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { readOperation } from '../../azure/storage/operations.js';
import { appTables } from '../activities/activitySupport.js';
import type { ReconcileOutput, ReconcileStatus } from '../reconcile/passResult.js';
import { errorAnswer } from './httpAnswers.js';

const ENDED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export async function operationQuery(request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const operationId = request.params.operationId ?? '';
  const op = /^[0-9a-f-]{36}$/i.test(operationId) ? await readOperation(operationId.toLowerCase(), { table: appTables().operations }) : undefined;
  if (!op) return errorAnswer(404, 'OperationNotFound', `there is no operation '${operationId}' (ids are returned by 202 answers of the API)`, 'operationId');
  const base = { operationId: op.operationId, type: op.type, vnetId: op.vnetId, instanceId: op.instanceId, acceptedAt: op.acceptedAt, request: op.request };
  if (op.status !== 'queued') return { status: 200, jsonBody: { ...base, ...(op.result as object), status: op.status, ...(op.finishedAt ? { finishedAt: op.finishedAt } : {}) } };

  let instance: { runtimeStatus: string; custom?: ReconcileStatus; output?: ReconcileOutput } | undefined;
  try {
    const status = await client.getStatus(op.instanceId, { showInput: false });
    instance = { runtimeStatus: String(status.runtimeStatus), ...(status.customStatus ? { custom: status.customStatus as ReconcileStatus } : {}), ...(status.output ? { output: status.output as ReconcileOutput } : {}) };
  } catch (error) {
    if (!/\b404\b/.test((error as Error).message)) throw error;
  }
  const custom = instance?.custom;
  if (instance && !ENDED.has(instance.runtimeStatus) && custom?.passTickets?.includes(op.ticketId)) {
    return {
      status: 200,
      jsonBody: { ...base, status: 'running', phase: custom.phase, ...(custom.steps ? { steps: custom.steps } : {}), ...(custom.currentStep ? { currentStep: custom.currentStep } : {}) },
    };
  }
  if (instance?.runtimeStatus === 'Failed' || instance?.runtimeStatus === 'Terminated') {
    return { status: 200, jsonBody: { ...base, status: 'failed', errors: [{ code: 'ReconcileInstanceEnded', message: `the reconcile instance ${op.instanceId} ended (${instance.runtimeStatus}) before recording this operation` }] } };
  }
  const ahead = custom && !custom.passTickets?.includes(op.ticketId) && custom.phase !== 'closing' ? `behind the pass running on ${op.vnetId} (${custom.phase})` : 'waiting for the VNet\'s reconcile instance';
  return { status: 200, jsonBody: { ...base, status: 'queued', detail: ahead } };
}
