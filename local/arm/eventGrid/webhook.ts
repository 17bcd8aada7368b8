/**
 * The HTTP requests Event Grid makes to a webhook (docs `articles/event-grid/webhook-event-delivery.md`):
 * the notification POST with its `aeg-*` headers, and the endpoint validation when a subscription is created:
 *
 * - Event Grid schema: a POST of one `Microsoft.EventGrid.SubscriptionValidationEvent` with
 *   `aeg-event-type: SubscriptionValidation`; the endpoint must answer 200 with `{ "validationResponse": <code> }`
 *   (202 is not recognised).
 * - CloudEvents 1.0: the CloudEvents webhook abuse protection — an `OPTIONS` request with
 *   `WebHook-Request-Origin: eventgrid.azure.net`, answered 200 with `WebHook-Allowed-Origin:
 *   eventgrid.azure.net` (or `*`).
 */
import type { EventSubscription } from './eventSubscription.js';
import { isDelivered } from './retrySchedule.js';

/** What the handshake sent and got. */
export interface HandshakeResult {
  ok: boolean;
  status?: number;
  error?: string;
  body: unknown;
  durationMs: number;
}

/** The validation event of the Event Grid schema. */
export function validationEvent(subscription: EventSubscription, id: string, code: string, topic: string, now: Date): Record<string, unknown> {
  return {
    id,
    topic,
    subject: '',
    data: {
      validationCode: code,
      validationUrl: `https://127.0.0.1:553/eventsubscriptions/${subscription.name}/validate?id=${code}&t=${now.toISOString()}&apiVersion=2018-05-01-preview&token=${id}`,
    },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: now.toISOString(),
    metadataVersion: '1',
    dataVersion: '1',
  };
}

function failure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Runs the handshake of the subscription's schema against its endpoint. */
export async function validateEndpoint(subscription: EventSubscription, event: Record<string, unknown>): Promise<HandshakeResult> {
  const started = Date.now();
  const signal = AbortSignal.timeout(subscription.deliveryTimeoutMs);
  try {
    if (subscription.eventDeliverySchema === 'CloudEventSchemaV1_0') {
      const response = await fetch(subscription.endpointUrl, { method: 'OPTIONS', headers: { 'webhook-request-origin': 'eventgrid.azure.net', 'webhook-request-rate': '120' }, signal });
      await response.arrayBuffer();
      const allowed = response.headers.get('webhook-allowed-origin');
      const ok = response.status === 200 && (allowed === '*' || allowed?.toLowerCase() === 'eventgrid.azure.net');
      return { ok, status: response.status, ...(ok ? {} : { error: `the OPTIONS answer was ${response.status} with WebHook-Allowed-Origin '${allowed ?? ''}'` }), body: undefined, durationMs: Date.now() - started };
    }
    const body = [event];
    const response = await fetch(subscription.endpointUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'aeg-event-type': 'SubscriptionValidation', 'aeg-subscription-name': subscription.name.toUpperCase(), 'aeg-delivery-count': '0', 'aeg-data-version': '1', 'aeg-metadata-version': '1' },
      body: JSON.stringify(body),
      signal,
    });
    const text = await response.text();
    let answer: unknown;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      answer = undefined;
    }
    const expected = (event.data as { validationCode: string }).validationCode;
    const given = (answer as { validationResponse?: unknown } | undefined)?.validationResponse;
    const ok = response.status === 200 && given === expected;
    return {
      ok,
      status: response.status,
      ...(ok ? {} : { error: response.status !== 200 ? `the endpoint answered ${response.status} (200 with {"validationResponse": <code>} expected)` : `validationResponse was ${JSON.stringify(given)}, expected ${JSON.stringify(expected)}` }),
      body,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    return { ok: false, error: failure(error), body: subscription.eventDeliverySchema === 'CloudEventSchemaV1_0' ? undefined : [event], durationMs: Date.now() - started };
  }
}

/** How a notification request ended: the status, or why there was none. */
export interface PostResult {
  status?: number;
  error?: string;
  durationMs: number;
}

/** POSTs a notification (`aeg-event-type: Notification`); `deliveryCount` is the 0-based attempt. */
export async function postNotification(subscription: EventSubscription, body: unknown, contentType: string, deliveryCount: number): Promise<PostResult> {
  const started = Date.now();
  try {
    const response = await fetch(subscription.endpointUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'aeg-event-type': 'Notification',
        'aeg-subscription-name': subscription.name.toUpperCase(),
        'aeg-delivery-count': String(deliveryCount),
        'aeg-data-version': '2',
        'aeg-metadata-version': '1',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(subscription.deliveryTimeoutMs),
    });
    await response.arrayBuffer();
    return { status: response.status, ...(isDelivered(response.status) ? {} : { error: `the endpoint answered ${response.status}` }), durationMs: Date.now() - started };
  } catch (error) {
    return { error: failure(error), durationMs: Date.now() - started };
  }
}
