/**
 * The HTTP API's operations (`/api/operations/{id}`): one row per accepted request, written when it is
 * accepted (`queued`) and again when the pass that carried it ends (`succeeded` / `failed`, with its result).
 * While it runs, the status comes from the VNet's reconcile instance (its custom status), not from here:
 * this table only holds what outlives an instance generation. Row key = the operation id (a UUID: no
 * characters Table keys forbid); one partition (operations are read one at a time, by id).
 */
import { storageFromEnv, type StorageAccess } from './storageAccess.js';

/** Default table name. */
export const OPERATIONS_TABLE = 'Operations';
const PARTITION = 'operation';
// Table strings hold 32 K characters: longer JSON is split over `data0…dataN`.
const CHUNK = 30_000;

/** An operation as accepted. */
export interface AcceptedOperation {
  readonly operationId: string;
  readonly ticketId: string;
  /** The request type (`peer`, `addressSpace`, `unpeer`, `probe`). */
  readonly type: string;
  readonly vnetId: string;
  readonly instanceId: string;
  readonly acceptedAt: string;
  /** The request as accepted (JSON-able). */
  readonly request: unknown;
}

/** An operation as stored: accepted, and ended when `status` is not `queued`. */
export interface StoredOperation extends AcceptedOperation {
  readonly status: 'queued' | 'succeeded' | 'failed';
  /** The end (the pass's `OperationResult`, or the reason it never reached the instance). */
  readonly result?: unknown;
  readonly finishedAt?: string;
}

export interface OperationsOptions {
  readonly storage?: StorageAccess;
  /** Table name; default {@link OPERATIONS_TABLE}. */
  readonly table?: string;
}

function table(options: OperationsOptions) {
  return (options.storage ?? storageFromEnv()).table(options.table ?? OPERATIONS_TABLE);
}

function chunks(json: string): Record<string, string> {
  const columns: Record<string, string> = {};
  for (let i = 0; i * CHUNK < json.length; i++) columns[`result${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return columns;
}

/** Records an accepted operation (`queued`). */
export async function acceptOperation(op: AcceptedOperation, options: OperationsOptions = {}): Promise<void> {
  const client = await table(options);
  await client.upsertEntity({ partitionKey: PARTITION, rowKey: op.operationId, ...op, request: JSON.stringify(op.request), status: 'queued' }, 'Merge');
}

/** Ends an operation with its result. Idempotent (a replayed activity writes the same end). */
export async function finishOperation(operationId: string, status: 'succeeded' | 'failed', result: unknown, finishedAt: string, options: OperationsOptions = {}): Promise<void> {
  const client = await table(options);
  await client.upsertEntity({ partitionKey: PARTITION, rowKey: operationId, operationId, status, finishedAt, ...chunks(JSON.stringify(result)) }, 'Merge');
}

/** The operation, or undefined when there is none with that id. */
export async function readOperation(operationId: string, options: OperationsOptions = {}): Promise<StoredOperation | undefined> {
  const client = await table(options);
  let row: Record<string, unknown>;
  try {
    row = await client.getEntity<Record<string, unknown>>(PARTITION, operationId);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
  let json = '';
  for (let i = 0; typeof row[`result${i}`] === 'string'; i++) json += row[`result${i}`] as string;
  const text = (key: string): string => (typeof row[key] === 'string' ? (row[key] as string) : '');
  return {
    operationId,
    ticketId: text('ticketId'),
    type: text('type'),
    vnetId: text('vnetId'),
    instanceId: text('instanceId'),
    acceptedAt: text('acceptedAt'),
    request: text('request') ? (JSON.parse(text('request')) as unknown) : undefined,
    status: (text('status') || 'queued') as StoredOperation['status'],
    ...(json ? { result: JSON.parse(json) as unknown } : {}),
    ...(text('finishedAt') ? { finishedAt: text('finishedAt') } : {}),
  };
}
