/**
 * The audit trail: every action the app takes (what triggered it and who, before → after, the ARM
 * correlation ids of its writes, the probe result) as a row in Table storage, filed under the VNet whose
 * instance acted and under each related VNet (the other side of a pair), so a VNet's history is one
 * partition query. Row keys count down from the far future, so a partition lists newest first.
 *
 * A record is JSON split over `data0…dataN` columns (Table strings hold 32 K characters, an entity 1 MiB);
 * a record too large even for that keeps its summary and drops `before`/`after`/`probe`/`details` (`truncated: true`).
 */
import { randomUUID } from 'node:crypto';
import { vnetTableKey } from '../../domain/instanceKeys.js';
import { resourceKey } from '../../domain/resourceId.js';
import { storageFromEnv, type StorageAccess } from './storageAccess.js';

/** Default table name. */
export const AUDIT_TABLE = 'PeeringHistory';

/** What started the work. */
export interface AuditTrigger {
  /** `eventGrid`, `http`, `timer` (drift audit) … */
  readonly kind: string;
  /** Event id, operation id or audit id. */
  readonly id?: string;
  /** The triggering change (`Microsoft.Network/virtualNetworks/write`), or the request. */
  readonly detail?: string;
}

/** One action to record. */
export interface AuditActionInput {
  /** The VNet whose reconcile instance acted. */
  readonly vnetId: string;
  /** Other VNets the action touched (recorded under them too). */
  readonly relatedVnetIds?: readonly string[];
  readonly trigger: AuditTrigger;
  /** Who caused it: the caller of the triggering change (object id or name), or the operator. */
  readonly who?: string;
  /** What was done: `createPeering`, `syncPeering`, `deletePeering`, `updateAddressSpace`, `probe`, `reconcile` … */
  readonly action: string;
  /** One line in plain words. */
  readonly summary: string;
  readonly outcome: 'succeeded' | 'failed' | 'skipped' | 'noChange';
  readonly before?: unknown;
  readonly after?: unknown;
  /** `x-ms-correlation-request-id` of each ARM write. */
  readonly correlationIds?: readonly string[];
  /** The probe outcome, when the action ended with one. */
  readonly probe?: unknown;
  readonly error?: string;
  /** The orchestration instance that acted. */
  readonly instanceId?: string;
  /** When (ISO 8601); default now. Orchestrations pass their replay-safe time. */
  readonly time?: string;
  /** Anything else worth keeping as JSON (a pass keeps its tickets, plan, waits and probes here). */
  readonly details?: unknown;
}

/** A recorded action. */
export interface AuditRecord extends AuditActionInput {
  /** Unique per record (the row key, the same under every VNet it is filed under). */
  readonly id: string;
  readonly time: string;
  /** `before`, `after`, `probe` and `details` were dropped because the record was too large. */
  readonly truncated?: boolean;
}

/** Options of the audit-trail functions. */
export interface AuditTrailOptions {
  readonly storage?: StorageAccess;
  /** Table name; default {@link AUDIT_TABLE}. */
  readonly table?: string;
}

// Table string properties hold 64 KiB (32 K UTF-16 characters); an entity 1 MiB in all.
const CHUNK = 30_000;
const MAX_CHUNKS = 15;
// Row keys sort ascending: subtracting from a far-future time lists a partition newest first.
const FAR_FUTURE_MS = 9_999_999_999_999;

function rowKeyFor(time: string): string {
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) throw new RangeError(`audit record time '${time}' is not an ISO 8601 date`);
  return `${String(FAR_FUTURE_MS - ms).padStart(13, '0')}-${randomUUID().slice(0, 8)}`;
}

function chunks(json: string): Record<string, string> {
  const columns: Record<string, string> = {};
  for (let i = 0; i * CHUNK < json.length; i++) columns[`data${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return columns;
}

function fitted(record: AuditRecord): string {
  const json = JSON.stringify(record);
  if (json.length <= CHUNK * MAX_CHUNKS) return json;
  const { before: _b, after: _a, probe: _p, details: _d, ...rest } = record;
  return JSON.stringify({ ...rest, truncated: true });
}

function table(options: AuditTrailOptions) {
  return (options.storage ?? storageFromEnv()).table(options.table ?? AUDIT_TABLE);
}

/** Records an action under its VNet and each related VNet; returns the record as stored. */
export async function recordAction(input: AuditActionInput, options: AuditTrailOptions = {}): Promise<AuditRecord> {
  const time = input.time ?? new Date().toISOString();
  const id = rowKeyFor(time);
  const record: AuditRecord = { ...input, id, time };
  const json = fitted(record);
  const client = await table(options);
  const vnets = new Map([input.vnetId, ...(input.relatedVnetIds ?? [])].map((v) => [resourceKey(v), v]));
  for (const vnetId of vnets.values()) {
    await client.createEntity({
      partitionKey: vnetTableKey(vnetId),
      rowKey: id,
      vnetId,
      action: input.action,
      outcome: input.outcome,
      time,
      trigger: input.trigger.kind,
      who: input.who ?? '',
      summary: input.summary.slice(0, CHUNK),
      ...chunks(json),
    });
  }
  return JSON.parse(json) as AuditRecord;
}

/** A VNet's history, newest first (at most `limit`, default 100). One partition query. */
export async function listHistory(vnetId: string, options: AuditTrailOptions & { readonly limit?: number } = {}): Promise<AuditRecord[]> {
  const client = await table(options);
  const { odata } = await import('@azure/data-tables');
  const limit = options.limit ?? 100;
  const records: AuditRecord[] = [];
  const rows = client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${vnetTableKey(vnetId)}` } });
  for await (const row of rows) {
    let json = '';
    for (let i = 0; typeof row[`data${i}`] === 'string'; i++) json += row[`data${i}`] as string;
    records.push(JSON.parse(json) as AuditRecord);
    if (records.length >= limit) break;
  }
  return records;
}
