/**
 * An Event Grid event subscription on the emulator's system topics (one per Azure subscription, like
 * `Microsoft.Resources.Subscriptions` system topics): where to deliver (a webhook URL), what to deliver
 * (included event types, subject filters, advanced filters), how (Event Grid or CloudEvents 1.0 schema,
 * batch size, retry policy) and which delivery faults to inject. The control API validates the input with
 * {@link eventSubscriptionInputSchema}; defaults are Event Grid's (docs `event-filtering.md`,
 * `delivery-and-retry.md`).
 */
import { z } from 'zod';

/** Advanced filter operators (docs `event-filtering.md`). */
export const advancedFilterOperators = [
  'NumberIn',
  'NumberNotIn',
  'NumberLessThan',
  'NumberGreaterThan',
  'NumberLessThanOrEquals',
  'NumberGreaterThanOrEquals',
  'NumberInRange',
  'NumberNotInRange',
  'BoolEquals',
  'StringIn',
  'StringNotIn',
  'StringBeginsWith',
  'StringNotBeginsWith',
  'StringEndsWith',
  'StringNotEndsWith',
  'StringContains',
  'StringNotContains',
  'IsNullOrUndefined',
  'IsNotNull',
] as const;

export type AdvancedFilterOperator = (typeof advancedFilterOperators)[number];

const advancedFilterSchema = z.strictObject({
  operatorType: z.enum(advancedFilterOperators),
  /** `data.operationName`, `subject`, `eventType`… (Event Grid schema) or `type`, `source`… (CloudEvents). */
  key: z.string().min(1),
  /** The single value of `NumberLessThan`…, `BoolEquals`. */
  value: z.union([z.number(), z.boolean()]).optional(),
  /** The values of the `In`/`BeginsWith`/… operators (OR), or `[from, to]` pairs of the range operators. */
  values: z.array(z.union([z.string().max(512), z.number(), z.tuple([z.number(), z.number()])])).max(25).optional(),
});

/** Delivery faults injected on this subscription (all off by default). */
export const deliveryFaultsSchema = z.strictObject({
  /** Fraction (0–1, seeded) of batches delivered twice. */
  duplicateRate: z.number().min(0).max(1).optional(),
  /** Hold batches until this many are ready (or a second passed), then deliver them in reverse order. */
  reorder: z.number().int().min(2).optional(),
  /** Extra wait before each delivery attempt, ms. */
  delayMs: z.number().int().min(0).optional(),
  /** The first N attempts of every batch are lost on the way (never reach the endpoint) and retried. */
  dropFirstAttempts: z.number().int().min(0).optional(),
});

export const eventSubscriptionInputSchema = z.strictObject({
  /** 3–64 letters, digits and hyphens, as Event Grid requires. */
  name: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, 'an event subscription name has 3-64 letters, digits and hyphens'),
  /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}`; absent: the topics of every subscription. */
  scope: z.string().regex(/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/i, 'scope is /subscriptions/{id} or /subscriptions/{id}/resourceGroups/{name}').optional(),
  /** The webhook, e.g. `http://127.0.0.1:7071/runtime/webhooks/eventgrid?functionName=onVnetChange&code=<key>`. */
  endpointUrl: z.url({ protocol: /^https?$/ }),
  includedEventTypes: z.array(z.string().min(1)).min(1).optional(),
  subjectBeginsWith: z.string().optional(),
  subjectEndsWith: z.string().optional(),
  isSubjectCaseSensitive: z.boolean().default(false),
  advancedFilters: z.array(advancedFilterSchema).max(25).default([]),
  enableAdvancedFilteringOnArrays: z.boolean().default(false),
  eventDeliverySchema: z.enum(['EventGridSchema', 'CloudEventSchemaV1_0']).default('EventGridSchema'),
  /** 1–5000, default 1 (one event per request, the body still an array). */
  maxEventsPerBatch: z.number().int().min(1).max(5000).default(1),
  retryPolicy: z
    .strictObject({
      maxDeliveryAttempts: z.number().int().min(1).max(30).default(30),
      eventTimeToLiveInMinutes: z.number().int().min(1).max(1440).default(1440),
    })
    .default({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }),
  /** How long to wait for the endpoint's answer, ms (Event Grid: 30 s). */
  deliveryTimeoutMs: z.number().int().min(1).max(30_000).default(30_000),
  faults: deliveryFaultsSchema.default({}),
});

/** What the control API accepts. */
export type EventSubscriptionInput = z.input<typeof eventSubscriptionInputSchema>;
export type AdvancedFilter = z.output<typeof advancedFilterSchema>;
export type DeliveryFaults = z.output<typeof deliveryFaultsSchema>;

/** A registered (validated) event subscription. */
export type EventSubscription = z.output<typeof eventSubscriptionInputSchema> & {
  provisioningState: 'Succeeded';
  createdAt: string;
};
