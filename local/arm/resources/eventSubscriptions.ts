/**
 * `Microsoft.EventGrid/eventSubscriptions` on the subscription scope — the same registry as the control
 * API's `/_emulator/eventSubscriptions`, in ARM's shape, so an ARM template's event subscription can be
 * replayed locally. Webhook destinations only. The PUT is long-running as in Azure: 201 with
 * `provisioningState: Creating`, then the validation handshake runs; the operation ends `Succeeded`, or
 * `Failed` with the handshake's reason (the subscription is not created).
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import { invalidEventSubscription, notFound } from '../errors.js';
import { eventSubscriptionInputSchema, type EventSubscription, type EventSubscriptionInput } from '../eventGrid/eventSubscription.js';
import type { ArmResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { parseJson } from '../schemas/parseBody.js';
import { acceptedDelete, acceptedWrite, callerOf } from './common.js';

const type = 'Microsoft.EventGrid/eventSubscriptions';
const path = '/subscriptions/{subscriptionId}/providers/Microsoft.EventGrid/eventSubscriptions/{eventSubscriptionName}';

interface ArmEventSubscriptionBody {
  properties?: {
    destination?: { endpointType?: string; properties?: { endpointUrl?: string; maxEventsPerBatch?: number } };
    filter?: { includedEventTypes?: string[]; subjectBeginsWith?: string; subjectEndsWith?: string; isSubjectCaseSensitive?: boolean; advancedFilters?: unknown[]; enableAdvancedFilteringOnArrays?: boolean };
    eventDeliverySchema?: string;
    retryPolicy?: { maxDeliveryAttempts?: number; eventTimeToLiveInMinutes?: number };
  };
}

function scopeOf(params: Record<string, string>): string {
  return `/subscriptions/${params.subscriptionId}`;
}

function idOf(params: Record<string, string>): string {
  return `${scopeOf(params)}/providers/${type}/${params.eventSubscriptionName}`;
}

/** ARM's body → the control API's input. */
function toInput(name: string, scope: string, body: ArmEventSubscriptionBody): EventSubscriptionInput {
  const props = body.properties ?? {};
  const destination = props.destination;
  if (destination?.endpointType !== 'WebHook') throw invalidEventSubscription(name, `destination.endpointType '${destination?.endpointType ?? '(none)'}' is not supported: the emulator delivers to WebHook destinations only.`);
  if (!destination.properties?.endpointUrl) throw invalidEventSubscription(name, 'destination.properties.endpointUrl is required.');
  const filter = props.filter ?? {};
  return {
    name,
    scope,
    endpointUrl: destination.properties.endpointUrl,
    ...(destination.properties.maxEventsPerBatch !== undefined ? { maxEventsPerBatch: destination.properties.maxEventsPerBatch } : {}),
    ...(filter.includedEventTypes ? { includedEventTypes: filter.includedEventTypes } : {}),
    ...(filter.subjectBeginsWith ? { subjectBeginsWith: filter.subjectBeginsWith } : {}),
    ...(filter.subjectEndsWith ? { subjectEndsWith: filter.subjectEndsWith } : {}),
    ...(filter.isSubjectCaseSensitive !== undefined ? { isSubjectCaseSensitive: filter.isSubjectCaseSensitive } : {}),
    ...(filter.advancedFilters ? { advancedFilters: filter.advancedFilters as EventSubscriptionInput['advancedFilters'] } : {}),
    ...(filter.enableAdvancedFilteringOnArrays !== undefined ? { enableAdvancedFilteringOnArrays: filter.enableAdvancedFilteringOnArrays } : {}),
    ...(props.eventDeliverySchema ? { eventDeliverySchema: props.eventDeliverySchema as EventSubscriptionInput['eventDeliverySchema'] } : {}),
    ...(props.retryPolicy ? { retryPolicy: { maxDeliveryAttempts: props.retryPolicy.maxDeliveryAttempts ?? 30, eventTimeToLiveInMinutes: props.retryPolicy.eventTimeToLiveInMinutes ?? 1440 } } : {}),
  };
}

/** A subscription as ARM returns it (the endpoint URL is write-only: `endpointBaseUrl` is its part before `?`). */
export function eventSubscriptionToWire(subscription: Pick<EventSubscription, 'name' | 'endpointUrl' | 'maxEventsPerBatch' | 'includedEventTypes' | 'subjectBeginsWith' | 'subjectEndsWith' | 'isSubjectCaseSensitive' | 'advancedFilters' | 'enableAdvancedFilteringOnArrays' | 'eventDeliverySchema' | 'retryPolicy'>, scope: string, provisioningState: string): Record<string, unknown> {
  return {
    id: `${scope}/providers/${type}/${subscription.name}`,
    name: subscription.name,
    type,
    properties: {
      topic: scope,
      provisioningState,
      destination: { endpointType: 'WebHook', properties: { endpointBaseUrl: subscription.endpointUrl.split('?')[0], maxEventsPerBatch: subscription.maxEventsPerBatch, preferredBatchSizeInKilobytes: 64 } },
      filter: {
        ...(subscription.includedEventTypes ? { includedEventTypes: subscription.includedEventTypes } : {}),
        subjectBeginsWith: subscription.subjectBeginsWith ?? '',
        subjectEndsWith: subscription.subjectEndsWith ?? '',
        isSubjectCaseSensitive: subscription.isSubjectCaseSensitive,
        enableAdvancedFilteringOnArrays: subscription.enableAdvancedFilteringOnArrays,
        advancedFilters: subscription.advancedFilters,
      },
      labels: [],
      eventDeliverySchema: subscription.eventDeliverySchema,
      retryPolicy: subscription.retryPolicy,
    },
  };
}

function inScope(env: EmulatorEnv, name: string, scope: string): EventSubscription | undefined {
  const subscription = env.eventGrid.subscription(name);
  return subscription && (subscription.scope ?? '').toLowerCase() === scope.toLowerCase() ? subscription : undefined;
}

function putEventSubscription({ req, params, env }: RouteContext): ArmResponse {
  const name = params.eventSubscriptionName ?? '';
  const scope = scopeOf(params);
  const input = toInput(name, scope, (parseJson(req.rawBody) ?? {}) as ArmEventSubscriptionBody);
  const parsed = eventSubscriptionInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidEventSubscription(name, issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid body');
  }
  const existed = inScope(env, name, scope) !== undefined;
  // The handshake runs after the answer: the operation is held until it is done, and fails if it failed.
  const holdId = `eventgrid-validation:${req.requestId}`;
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'write',
    operationName: `${type}/write`,
    resourceId: idOf(params),
    subscriptionId: params.subscriptionId ?? '',
    location: 'global',
    provider: 'Microsoft.EventGrid',
    created: !existed,
    fault: { holdRuleId: holdId },
  });
  env.eventGrid.upsert(input).then(
    () => env.operations.release(holdId),
    (error: unknown) => {
      operation.failWith = { code: 'WebhookValidationFailed', message: (error as Error).message };
      env.operations.release(holdId);
    },
  );
  return acceptedWrite(env, req, operation, !existed, eventSubscriptionToWire(parsed.data, scope, 'Creating'));
}

function deleteEventSubscription({ req, params, env }: RouteContext): ArmResponse {
  const name = params.eventSubscriptionName ?? '';
  if (!inScope(env, name, scopeOf(params))) return { status: 204 };
  env.eventGrid.remove(name);
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: `${type}/delete`,
    resourceId: idOf(params),
    subscriptionId: params.subscriptionId ?? '',
    location: 'global',
    provider: 'Microsoft.EventGrid',
    created: false,
  });
  return acceptedDelete(env, req, operation);
}

const base = { provider: 'Microsoft.EventGrid', resourceType: 'eventSubscriptions' } as const;

export const eventSubscriptionRoutes: Route[] = [
  {
    ...base,
    operationId: 'EventSubscriptions_Get',
    method: 'GET',
    template: path,
    kind: 'read',
    permission: (p) => ({ action: `${type}/read`, scope: idOf(p) }),
    handle: ({ params, env }) => {
      const subscription = inScope(env, params.eventSubscriptionName ?? '', scopeOf(params));
      if (!subscription) throw notFound(idOf(params));
      return { status: 200, body: eventSubscriptionToWire(subscription, scopeOf(params), subscription.provisioningState) };
    },
  },
  { ...base, operationId: 'EventSubscriptions_CreateOrUpdate', method: 'PUT', template: path, kind: 'write', permission: (p) => ({ action: `${type}/write`, scope: idOf(p) }), handle: putEventSubscription },
  { ...base, operationId: 'EventSubscriptions_Delete', method: 'DELETE', template: path, kind: 'delete', permission: (p) => ({ action: `${type}/delete`, scope: idOf(p) }), handle: deleteEventSubscription },
  {
    ...base,
    operationId: 'EventSubscriptions_ListGlobalBySubscription',
    method: 'GET',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.EventGrid/eventSubscriptions',
    kind: 'read',
    permission: (p) => ({ action: `${type}/read`, scope: scopeOf(p) }),
    handle: ({ params, env }) => ({
      status: 200,
      body: { value: env.eventGrid.subscriptions().filter((s) => (s.scope ?? '').toLowerCase() === scopeOf(params).toLowerCase()).map((s) => eventSubscriptionToWire(s, scopeOf(params), s.provisioningState)) },
    }),
  },
];
