/**
 * The delivery log: every request Event Grid made (or would have made) to a subscriber — handshakes,
 * notifications, retries, duplicates, requests lost by fault injection — with what was sent, when, and the
 * result. Bounded; tests read it through the control API.
 */

/** How one attempt ended. */
export type DeliveryOutcome =
  /** The handshake succeeded / failed. */
  | 'validated'
  | 'validationFailed'
  /** 200–204. */
  | 'delivered'
  /** Failed (non-2xx, timeout, connection error); another attempt is scheduled. */
  | 'retrying'
  /** Lost on the way by fault injection (never reached the endpoint); another attempt is scheduled. */
  | 'dropped'
  /** Failed and not retried (400/401/403/413, attempts or time to live exhausted, subscription deleted). */
  | 'failed';

/** One attempt. */
export interface DeliveryRecord {
  sequence: number;
  time: string;
  subscription: string;
  endpointUrl: string;
  /** `SubscriptionValidation` or `Notification` (the `aeg-event-type` header). */
  eventType: 'SubscriptionValidation' | 'Notification';
  /** The batch this attempt belongs to (retries and duplicates share it). */
  batchId: string;
  /** 1-based attempt of the batch. */
  attempt: number;
  /** A second copy sent by the `duplicateRate` fault. */
  duplicate: boolean;
  eventIds: string[];
  eventTypes: string[];
  subjects: string[];
  correlationIds: string[];
  outcome: DeliveryOutcome;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** Why it failed (timeout, connection refused, the status, the fault). */
  error?: string;
  durationMs: number;
  /** When the next attempt is due (outcome `retrying` / `dropped`). */
  nextAttemptAt?: string;
  /** What was sent (the JSON body). */
  body: unknown;
}

/** A filter over the log. */
export interface DeliveryFilter {
  subscription?: string;
  correlationId?: string;
  after?: number;
}

/** Keeps the records. */
export class DeliveryLog {
  private records: DeliveryRecord[] = [];
  private sequence = 0;

  constructor(private readonly capacity = 20_000) {}

  add(entry: Omit<DeliveryRecord, 'sequence'>): DeliveryRecord {
    const record = { ...entry, sequence: ++this.sequence };
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    return record;
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.records.filter(
      (r) =>
        r.sequence > (filter.after ?? 0) &&
        (!filter.subscription || r.subscription.toLowerCase() === filter.subscription.toLowerCase()) &&
        (!filter.correlationId || r.correlationIds.includes(filter.correlationId)),
    );
  }

  clear(): void {
    this.records = [];
  }
}
