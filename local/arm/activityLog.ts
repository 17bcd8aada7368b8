/**
 * The one place where every successful write, delete and action is recorded, with the calling principal
 * and the correlation id: the source the Event Grid publisher (issue 5) turns into
 * `Microsoft.Resources.ResourceWriteSuccess` / `ResourceDeleteSuccess` / `ResourceActionSuccess` events.
 *
 * Entries are recorded when an operation *completes* (for long-running ones, when its status turns
 * Succeeded), like ARM. Derived changes (a peering turning `Disconnected` because its other side was
 * deleted) are not operations and are never recorded: Azure raises no event for them either.
 */
import type { ChangeKind } from './model.js';

/** One successful change, with what Event Grid needs to describe it. */
export interface ActivityRecord {
  /** Sequence number, unique per emulator process. */
  sequence: number;
  time: string;
  kind: ChangeKind;
  /** `Microsoft.Network/virtualNetworks/write` … */
  operationName: string;
  resourceId: string;
  resourceProvider: string;
  subscriptionId: string;
  tenantId: string;
  principalId: string;
  correlationId: string;
  status: 'Succeeded';
  /** Absent on the first create of a resource (Event Grid omits `data.httpRequest` then). */
  httpRequest?: { clientRequestId?: string; clientIpAddress: string; method: string; url: string };
}

/** A listener called synchronously for each new record. */
export type ActivityListener = (record: ActivityRecord) => void;

/** Keeps the records (bounded) and notifies subscribers. */
export class ActivityLog {
  private readonly records: ActivityRecord[] = [];
  private readonly listeners = new Set<ActivityListener>();
  private sequence = 0;

  constructor(private readonly capacity = 10_000) {}

  /** Appends a record (sequence assigned here) and notifies subscribers; a throwing listener is isolated. */
  record(entry: Omit<ActivityRecord, 'sequence'>): ActivityRecord {
    const record = { ...entry, sequence: ++this.sequence };
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (error) {
        console.error('activity listener failed:', error);
      }
    }
    return record;
  }

  /** Records in order, optionally only those after a sequence number. */
  list(afterSequence = 0): ActivityRecord[] {
    return this.records.filter((r) => r.sequence > afterSequence);
  }

  clear(): void {
    this.records.length = 0;
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
