/**
 * Parses Event Grid deliveries in either schema (Event Grid schema, CloudEvents 1.0) with
 * `@azure/eventgrid`'s `EventGridDeserializer`, one event at a time so a malformed event is reported
 * without losing the rest of the batch.
 *
 * The SDK is loaded on first use: the Event Grid function's entry module must load fast (cold start).
 */
import type { EventGridDeserializer } from '@azure/eventgrid';

/** Which envelope an event came in. */
export type EventSchema = 'EventGridSchema' | 'CloudEventSchemaV1_0';

/** An event reduced to the fields the app reads, as plain data. */
export interface Notification {
  readonly schema: EventSchema;
  readonly id: string;
  /** `eventType` (Event Grid) or `type` (CloudEvents). */
  readonly type: string;
  /** The resource id the event is about (absent only in CloudEvents without `subject`). */
  readonly subject?: string;
  /** `topic` (Event Grid) or `source` (CloudEvents): `/subscriptions/{id}[/resourceGroups/{rg}]`. */
  readonly source: string;
  /** Event time, ISO 8601. */
  readonly time?: string;
  readonly data: unknown;
}

/** One parsed event, or why it could not be parsed (with its position and id when readable). */
export type ParsedEvent =
  | { readonly ok: true; readonly notification: Notification }
  | { readonly ok: false; readonly index: number; readonly id?: string; readonly reason: string };

let deserializer: Promise<EventGridDeserializer> | undefined;

function getDeserializer(): Promise<EventGridDeserializer> {
  deserializer ??= import('@azure/eventgrid').then((sdk) => new sdk.EventGridDeserializer());
  return deserializer;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toIso(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' ? value : undefined;
}

/**
 * Parses a delivery: a JSON string, one event object, or an array of them (the webhook body is always an
 * array; the Functions Event Grid trigger hands one event object). Schema is chosen per event:
 * `specversion` means CloudEvents 1.0, anything else must be Event Grid schema.
 */
export async function parseNotifications(payload: unknown): Promise<ParsedEvent[]> {
  let body: unknown = payload;
  if (typeof payload === 'string') {
    try {
      body = JSON.parse(payload);
    } catch (error) {
      return [{ ok: false, index: 0, reason: `the delivery is not JSON: ${(error as Error).message}` }];
    }
  }
  const events = Array.isArray(body) ? body : [body];
  const sdk = await getDeserializer();
  return Promise.all(events.map((event, index) => parseOne(sdk, event, index)));
}

async function parseOne(sdk: EventGridDeserializer, event: unknown, index: number): Promise<ParsedEvent> {
  if (!isObject(event)) return { ok: false, index, reason: `event ${index} is not a JSON object` };
  const id = typeof event.id === 'string' ? event.id : undefined;
  try {
    if ('specversion' in event) {
      const [ce] = await sdk.deserializeCloudEvents(event);
      if (!ce) throw new TypeError('no event');
      return {
        ok: true,
        notification: { schema: 'CloudEventSchemaV1_0', id: ce.id, type: ce.type, source: ce.source, data: ce.data, ...opt('subject', ce.subject), ...opt('time', toIso(ce.time)) },
      };
    }
    const [eg] = await sdk.deserializeEventGridEvents(event);
    if (!eg) throw new TypeError('no event');
    return {
      ok: true,
      notification: { schema: 'EventGridSchema', id: eg.id, type: eg.eventType, subject: eg.subject, source: eg.topic ?? '', data: eg.data, ...opt('time', toIso(eg.eventTime)) },
    };
  } catch (error) {
    const schema = 'specversion' in event ? 'CloudEvents 1.0' : 'Event Grid schema';
    return { ok: false, index, ...(id ? { id } : {}), reason: `event ${id ?? index} is not a valid ${schema} event: ${(error as Error).message}` };
  }
}

function opt<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
