/**
 * The call log: every ARM request the emulator answered, with per-operation counts. Writes, resource reads
 * and operation-status polls are counted apart, so tests and benchmarks can assert ARM economy
 * ("one GET per VNet", "no extra polls").
 */

/** How a call is counted. */
export type CallKind = 'write' | 'delete' | 'action' | 'read' | 'poll' | 'identity' | 'unknown';

/** One answered request. */
export interface CallRecord {
  time: string;
  method: string;
  /** Path and query as received. */
  url: string;
  /** Spec operation id (`VirtualNetworkPeerings_CreateOrUpdate`), or `Unknown`. */
  operationId: string;
  kind: CallKind;
  status: number;
  /** ARM error code when the answer was an error. */
  errorCode?: string;
  principalId?: string;
  correlationId: string;
  /** Id of the fault rule that shaped the answer, if any. */
  faultId?: string;
}

/** Counts by kind and by operation id. */
export interface CallCounts {
  total: number;
  byKind: Record<CallKind, number>;
  byOperation: Record<string, number>;
}

function emptyCounts(): CallCounts {
  return { total: 0, byKind: { write: 0, delete: 0, action: 0, read: 0, poll: 0, identity: 0, unknown: 0 }, byOperation: {} };
}

/** Records calls (bounded list, unbounded counts) until reset. */
export class CallLog {
  private records: CallRecord[] = [];
  private counts = emptyCounts();

  constructor(private readonly capacity = 50_000) {}

  add(record: CallRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    this.counts.total++;
    this.counts.byKind[record.kind]++;
    this.counts.byOperation[record.operationId] = (this.counts.byOperation[record.operationId] ?? 0) + 1;
  }

  /** The recorded calls, oldest first. */
  list(): CallRecord[] {
    return [...this.records];
  }

  /** A copy of the counts. */
  snapshot(): CallCounts {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.records = [];
    this.counts = emptyCounts();
  }
}
