/**
 * The Event Grid publisher: turns every activity-log record (each successful write, delete and action,
 * once) into a system event on the topic of its Azure subscription, filters it per event subscription, and
 * delivers it to the subscription's webhook as Event Grid does:
 *
 * - the validation handshake when a subscription is created ({@link EventGridPublisher.upsert});
 * - `aeg-event-type: Notification` and the other `aeg-*` headers on every delivery; a JSON array (Event Grid
 *   schema, CloudEvents batches) or one CloudEvent;
 * - batches of up to `maxEventsPerBatch` events ready at the same moment;
 * - **at least once**: non-2xx answers, timeouts and refused connections are retried on Event Grid's
 *   schedule (scaled by `tuning.eventRetryScale`), within `maxDeliveryAttempts` and the time to live;
 *   400/401/403/413 are not retried. No ordering promise: batches go out independently.
 * - fault knobs per subscription: duplicates, reordering, delay, lost first attempts.
 *
 * Every attempt goes to the delivery log; {@link EventGridPublisher.waitUntilSettled} resolves once nothing
 * is pending for a correlation id (its operation done, its deliveries delivered or given up) — what tests
 * wait on instead of sleeping.
 */
import type { ActivityRecord } from '../activityLog.js';
import type { EmulatorTuning } from '../emulatorEnv.js';
import { idKey } from '../ids.js';
import type { Rng } from '../rng.js';
import type { Store } from '../store.js';
import { DeliveryLog, type DeliveryOutcome, type DeliveryRecord } from './deliveryLog.js';
import { eventSubscriptionInputSchema, type EventSubscription } from './eventSubscription.js';
import { subscriptionAccepts } from './filters.js';
import { SettleWaiters } from './settleWaiters.js';
import { postNotification, validateEndpoint, validationEvent } from './webhook.js';
import { isDelivered, retryDelayMs } from './retrySchedule.js';
import { eventTypeOf, toCloudEvent, toEventGridEvent } from './systemEvents.js';

/** An event waiting for, or in, a delivery. */
interface QueuedEvent {
  event: Record<string, unknown>;
  id: string;
  type: string;
  subject: string;
  correlationId: string;
}

/** A batch and its delivery state (retries and duplicates share it). */
interface Batch {
  id: string;
  subscription: string;
  events: QueuedEvent[];
  attempts: number;
  firstAt: number;
  timer?: NodeJS.Timeout;
}

/** What a wait is for. */
export interface SettleFilter {
  correlationId?: string;
  subscription?: string;
}

/** A subscription could not be created or changed: the message names the endpoint and the reason. */
export class EventSubscriptionError extends Error {
  override readonly name = 'EventSubscriptionError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Longest a `reorder` group waits for its last member. */
const reorderWindowMs = 1000;

/** What the publisher needs from the emulator. */
export interface PublisherDeps {
  store: Store;
  rng: Rng;
  tuning: EmulatorTuning;
  now: () => number;
}

/** Publishes the activity log to event subscriptions. */
export class EventGridPublisher {
  readonly log = new DeliveryLog();
  private readonly batches = new Map<string, Batch>();
  private readonly ready = new Map<string, QueuedEvent[]>();
  private readonly flushTimers = new Map<string, NodeJS.Timeout>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new SettleWaiters<SettleFilter>();
  private stopped = false;

  constructor(private readonly deps: PublisherDeps) {}

  /** The registered subscriptions. */
  subscriptions(): EventSubscription[] {
    return Object.values(this.deps.store.state.eventSubscriptions);
  }

  subscription(name: string): EventSubscription | undefined {
    return this.deps.store.state.eventSubscriptions[name.toLowerCase()];
  }

  /** Creates or replaces a subscription after the endpoint passed the validation handshake. */
  async upsert(input: unknown): Promise<EventSubscription> {
    const parsed = eventSubscriptionInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EventSubscriptionError(400, `event subscription: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}`);
    }
    const subscription: EventSubscription = { ...parsed.data, provisioningState: 'Succeeded', createdAt: new Date(this.deps.now()).toISOString() };
    await this.validate(subscription);
    this.deps.store.state.eventSubscriptions[subscription.name.toLowerCase()] = subscription;
    this.deps.store.changed();
    return subscription;
  }

  /** Changes filters, batch size, retry policy or faults; a new endpoint or schema is validated again. */
  async update(name: string, patch: Record<string, unknown>): Promise<EventSubscription> {
    const current = this.subscription(name);
    if (!current) throw new EventSubscriptionError(404, `event subscription ${name} does not exist`);
    const { provisioningState: _state, createdAt, ...input } = current;
    const parsed = eventSubscriptionInputSchema.safeParse({ ...input, ...patch, name: current.name });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EventSubscriptionError(400, `event subscription ${name}: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}`);
    }
    const next: EventSubscription = { ...parsed.data, provisioningState: 'Succeeded', createdAt };
    if (next.endpointUrl !== current.endpointUrl || next.eventDeliverySchema !== current.eventDeliverySchema) await this.validate(next);
    this.deps.store.state.eventSubscriptions[current.name.toLowerCase()] = next;
    this.deps.store.changed();
    return next;
  }

  /** Deletes a subscription; its pending deliveries are given up. */
  remove(name: string): boolean {
    const key = name.toLowerCase();
    if (!this.deps.store.state.eventSubscriptions[key]) return false;
    delete this.deps.store.state.eventSubscriptions[key];
    this.deps.store.changed();
    this.ready.delete(key);
    for (const batch of [...this.batches.values()]) if (batch.subscription === key) this.finish(batch);
    this.notify();
    return true;
  }

  /** Forgets every pending delivery and the log (world reset). */
  clear(): void {
    for (const batch of [...this.batches.values()]) this.finish(batch);
    this.ready.clear();
    for (const timer of this.flushTimers.values()) clearTimeout(timer);
    this.flushTimers.clear();
    this.log.clear();
    this.notify();
  }

  /** Stops every timer (server close). */
  stop(): void {
    this.stopped = true;
    for (const timer of [...this.timers, ...this.flushTimers.values()]) clearTimeout(timer);
    for (const batch of this.batches.values()) if (batch.timer) clearTimeout(batch.timer);
    this.timers.clear();
    this.flushTimers.clear();
    this.waiters.releaseAll();
  }

  /** Queues the events of one activity record for every subscription that accepts them. */
  publish(record: ActivityRecord): void {
    if (this.stopped) return;
    const eventIds = new Map<string, string>();
    for (const subscription of this.subscriptions()) {
      const topic = this.topicFor(subscription, record);
      if (!topic) continue;
      let id = eventIds.get(idKey(topic));
      if (!id) {
        id = this.deps.rng.uuid();
        eventIds.set(idKey(topic), id);
      }
      const state = this.deps.store.state;
      const cloud = subscription.eventDeliverySchema === 'CloudEventSchemaV1_0';
      const event = (cloud ? toCloudEvent(state, record, id, topic) : toEventGridEvent(state, record, id, topic)) as unknown as Record<string, unknown>;
      const type = eventTypeOf(record);
      if (!subscriptionAccepts(subscription, event, type, record.resourceId)) continue;
      const key = subscription.name.toLowerCase();
      const queue = this.ready.get(key) ?? [];
      queue.push({ event, id, type, subject: record.resourceId, correlationId: record.correlationId });
      this.ready.set(key, queue);
      this.scheduleFlush(subscription);
    }
    this.notify();
  }

  /** Re-checks the waiters (called when operations complete). */
  notify(): void {
    this.waiters.check((filter) => this.isSettled(filter));
  }

  /** Whether nothing is pending for the filter: no running operation with the correlation id, no queued or retrying delivery. */
  isSettled(filter: SettleFilter): boolean {
    return this.pending(filter).length === 0;
  }

  /** What is still pending for the filter, in words. */
  pending(filter: SettleFilter): string[] {
    const out: string[] = [];
    const wantsSubscription = (name: string): boolean => !filter.subscription || name === filter.subscription.toLowerCase();
    const wantsEvent = (e: QueuedEvent): boolean => !filter.correlationId || e.correlationId === filter.correlationId;
    if (filter.correlationId) {
      for (const operation of Object.values(this.deps.store.state.operations)) {
        if (operation.status === 'InProgress' && operation.correlationId === filter.correlationId) out.push(`operation ${operation.operationName} on ${operation.resourceId} is still running${operation.heldBy ? ' (held by a fault rule)' : ''}`);
      }
    }
    for (const [name, events] of this.ready) {
      const count = events.filter(wantsEvent).length;
      if (wantsSubscription(name) && count) out.push(`${count} event(s) queued for ${name}`);
    }
    for (const batch of this.batches.values()) {
      if (wantsSubscription(batch.subscription) && batch.events.some(wantsEvent)) out.push(`batch ${batch.id} for ${batch.subscription} after ${batch.attempts} attempt(s)`);
    }
    return out;
  }

  /** Resolves when the filter is settled, or with what is still pending after `timeoutMs`. */
  async waitUntilSettled(filter: SettleFilter, timeoutMs: number): Promise<{ settled: boolean; pending: string[] }> {
    if (this.isSettled(filter) || this.stopped) return { settled: true, pending: [] };
    const settled = await this.waiters.wait(filter, timeoutMs);
    return settled ? { settled, pending: [] } : { settled, pending: this.pending(filter) };
  }

  // ---- internals ----

  /** The topic an event of `record` has for `subscription`, or undefined when out of its scope. */
  private topicFor(subscription: EventSubscription, record: ActivityRecord): string | undefined {
    const subscriptionTopic = `/subscriptions/${record.subscriptionId}`;
    if (!subscription.scope) return subscriptionTopic;
    const scope = idKey(subscription.scope);
    const inScope = idKey(record.resourceId) === scope || idKey(record.resourceId).startsWith(`${scope}/`);
    if (!inScope) return undefined;
    return scope.split('/').length > 3 ? subscription.scope : subscriptionTopic;
  }

  private async validate(subscription: EventSubscription): Promise<void> {
    const topic = subscription.scope ?? `/subscriptions/${Object.values(this.deps.store.state.resourceGroups)[0]?.subscriptionId ?? '00000000-0000-0000-0000-000000000000'}`;
    const event = validationEvent(subscription, this.deps.rng.uuid(), this.deps.rng.uuid(), topic, new Date(this.deps.now()));
    const result = await validateEndpoint(subscription, event);
    this.log.add({
      time: new Date(this.deps.now()).toISOString(),
      subscription: subscription.name.toLowerCase(),
      endpointUrl: subscription.endpointUrl,
      eventType: 'SubscriptionValidation',
      batchId: String(event.id),
      attempt: 1,
      duplicate: false,
      eventIds: [String(event.id)],
      eventTypes: [String(event.eventType)],
      subjects: [''],
      correlationIds: [],
      outcome: result.ok ? 'validated' : 'validationFailed',
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.error ? { error: result.error } : {}),
      durationMs: result.durationMs,
      body: result.body,
    });
    if (!result.ok) throw new EventSubscriptionError(400, `event subscription ${subscription.name}: the validation handshake with ${subscription.endpointUrl} failed: ${result.error ?? 'unknown reason'}`);
  }

  private scheduleFlush(subscription: EventSubscription): void {
    const key = subscription.name.toLowerCase();
    const queued = this.ready.get(key)?.length ?? 0;
    const group = subscription.faults.reorder;
    if (group && Math.ceil(queued / subscription.maxEventsPerBatch) < group) {
      if (!this.flushTimers.has(key)) this.flushTimers.set(key, setTimeout(() => this.flush(key), reorderWindowMs));
      return;
    }
    const existing = this.flushTimers.get(key);
    if (existing) clearTimeout(existing);
    // Events that become ready in the same turn of the event loop share a batch.
    this.flushTimers.set(key, setTimeout(() => this.flush(key), 0));
  }

  private flush(key: string): void {
    this.flushTimers.delete(key);
    const subscription = this.subscription(key);
    const events = this.ready.get(key) ?? [];
    this.ready.delete(key);
    if (!subscription || this.stopped || events.length === 0) return this.notify();
    const batches: Batch[] = [];
    for (let i = 0; i < events.length; i += subscription.maxEventsPerBatch) {
      batches.push({ id: this.deps.rng.uuid(), subscription: key, events: events.slice(i, i + subscription.maxEventsPerBatch), attempts: 0, firstAt: this.deps.now() });
    }
    if (subscription.faults.reorder) batches.reverse();
    for (const batch of batches) {
      this.batches.set(batch.id, batch);
      void this.attempt(batch);
    }
  }

  private body(subscription: EventSubscription, batch: Batch): { body: unknown; contentType: string } {
    const events = batch.events.map((e) => e.event);
    if (subscription.eventDeliverySchema === 'EventGridSchema') return { body: events, contentType: 'application/json; charset=utf-8' };
    if (subscription.maxEventsPerBatch === 1) return { body: events[0], contentType: 'application/cloudevents+json; charset=utf-8' };
    return { body: events, contentType: 'application/cloudevents-batch+json; charset=utf-8' };
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private record(subscription: EventSubscription, batch: Batch, entry: { outcome: DeliveryOutcome; status?: number; error?: string; durationMs: number; duplicate?: boolean; nextAttemptAt?: number; body: unknown }): DeliveryRecord {
    return this.log.add({
      time: new Date(this.deps.now()).toISOString(),
      subscription: batch.subscription,
      endpointUrl: subscription.endpointUrl,
      eventType: 'Notification',
      batchId: batch.id,
      attempt: batch.attempts,
      duplicate: entry.duplicate ?? false,
      eventIds: batch.events.map((e) => e.id),
      eventTypes: batch.events.map((e) => e.type),
      subjects: batch.events.map((e) => e.subject),
      correlationIds: [...new Set(batch.events.map((e) => e.correlationId))],
      outcome: entry.outcome,
      ...(entry.status !== undefined ? { status: entry.status } : {}),
      ...(entry.error ? { error: entry.error } : {}),
      durationMs: entry.durationMs,
      ...(entry.nextAttemptAt !== undefined ? { nextAttemptAt: new Date(entry.nextAttemptAt).toISOString() } : {}),
      body: entry.body,
    });
  }

  private async attempt(batch: Batch): Promise<void> {
    delete batch.timer;
    const subscription = this.subscription(batch.subscription);
    if (!subscription || this.stopped) return this.finish(batch);
    if (subscription.faults.delayMs) await this.delay(subscription.faults.delayMs);
    if (this.stopped || !this.batches.has(batch.id)) return;
    batch.attempts++;
    const { body, contentType } = this.body(subscription, batch);
    if (batch.attempts <= (subscription.faults.dropFirstAttempts ?? 0)) {
      return this.retryOrGiveUp(subscription, batch, { error: 'lost on the way (fault injection: dropFirstAttempts)', durationMs: 0, body, dropped: true });
    }
    const result = await postNotification(subscription, body, contentType, batch.attempts - 1);
    if (this.stopped || !this.batches.has(batch.id)) return;
    if (result.status !== undefined && isDelivered(result.status)) {
      this.record(subscription, batch, { outcome: 'delivered', status: result.status, durationMs: result.durationMs, body });
      const rate = subscription.faults.duplicateRate ?? 0;
      if (rate > 0 && this.deps.rng.next() < rate) {
        const copy = await postNotification(subscription, body, contentType, batch.attempts - 1);
        this.record(subscription, batch, { outcome: copy.status !== undefined && isDelivered(copy.status) ? 'delivered' : 'failed', ...(copy.status !== undefined ? { status: copy.status } : {}), ...(copy.error ? { error: copy.error } : {}), durationMs: copy.durationMs, duplicate: true, body });
      }
      return this.finish(batch);
    }
    return this.retryOrGiveUp(subscription, batch, { ...result, body });
  }

  private retryOrGiveUp(subscription: EventSubscription, batch: Batch, result: { status?: number; error?: string; durationMs: number; body: unknown; dropped?: boolean }): void {
    const scale = this.deps.tuning.eventRetryScale;
    const wait = retryDelayMs(batch.attempts, result.status, scale);
    const expiresAt = batch.firstAt + subscription.retryPolicy.eventTimeToLiveInMinutes * 60_000 * scale;
    const next = wait === undefined ? undefined : this.deps.now() + wait;
    const why =
      wait === undefined
        ? `${result.error ?? 'failed'}; ${result.status} is not retried`
        : batch.attempts >= subscription.retryPolicy.maxDeliveryAttempts
          ? `${result.error ?? 'failed'}; ${batch.attempts} of ${subscription.retryPolicy.maxDeliveryAttempts} attempts made`
          : next !== undefined && next > expiresAt
            ? `${result.error ?? 'failed'}; the time to live (${subscription.retryPolicy.eventTimeToLiveInMinutes} min, scaled) ran out`
            : undefined;
    const base = { ...(result.status !== undefined ? { status: result.status } : {}), durationMs: result.durationMs, body: result.body };
    if (why || next === undefined || wait === undefined) {
      this.record(subscription, batch, { ...base, outcome: 'failed', error: why ?? result.error ?? 'failed' });
      return this.finish(batch);
    }
    this.record(subscription, batch, { ...base, outcome: result.dropped ? 'dropped' : 'retrying', ...(result.error ? { error: result.error } : {}), nextAttemptAt: next });
    batch.timer = setTimeout(() => void this.attempt(batch), wait);
  }

  private finish(batch: Batch): void {
    if (batch.timer) clearTimeout(batch.timer);
    this.batches.delete(batch.id);
    this.notify();
  }
}
