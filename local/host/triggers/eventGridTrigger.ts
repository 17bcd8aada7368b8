import type { FunctionInvoker } from '../worker/functionInvoker.js';
import { errorMessage } from '../worker/functionInvoker.js';
import type { FunctionRegistry } from '../worker/functionRegistry.js';
import type { RequestHandler } from '../hostHttp.js';
import { header, jsonResponse, textResponse } from '../hostHttp.js';
import { checkKey, eventGridKeySetting } from '../keys.js';

/** The webhook path of the Event Grid extension (Functions v2+). */
export const eventGridWebhookPath = '/runtime/webhooks/eventgrid';

/**
 * The Event Grid extension's webhook, `POST /runtime/webhooks/eventgrid?functionName=<name>&code=<key>`,
 * behaving as the extension's request processor does: the `code` must equal the `EVENTGRID_EXTENSION_KEY`
 * setting (401), the function must exist with an Event Grid trigger (404), then dispatch on
 * `aeg-event-type`: `SubscriptionValidation` answers 200 `{"validationResponse": <data.validationCode>}`;
 * `Notification` runs one invocation per event of the body (an Event Grid schema array, a CloudEvents
 * object or a CloudEvents batch array), all in parallel, and answers 202, or 500 when any invocation
 * failed so that Event Grid delivers the batch again; `Unsubscribe` answers 202; a missing or unknown
 * header is a 400. Bodies that are not JSON, or events without an id and a type, are a 400 saying what is
 * wrong.
 */
export function eventGridTriggerHandler(options: { registry: FunctionRegistry; invoker: FunctionInvoker; env: NodeJS.ProcessEnv }): RequestHandler {
  return async (request) => {
    if (request.url.pathname.replace(/\/+$/, '').toLowerCase() !== eventGridWebhookPath) return undefined;
    if (request.method !== 'POST') return textResponse(405, 'The Event Grid webhook accepts POST only.', { allow: 'POST' });
    const refusal = checkKey(request, eventGridKeySetting, options.env, { allowHeader: false });
    if (refusal) return textResponse(401, `Unauthorized: the Event Grid webhook requires the extension's system key: ${refusal}.`);
    const functionName = request.url.searchParams.get('functionName') ?? '';
    const fn = options.registry.get(functionName);
    if (!fn || fn.trigger.type.toLowerCase() !== 'eventgridtrigger') {
      const known = options.registry.byTrigger('eventGridTrigger').map((f) => f.name);
      return textResponse(404, `No Event Grid function named '${functionName}'. Event Grid functions: ${known.join(', ') || '(none)'}.`);
    }
    const kind = header(request, 'aeg-event-type') ?? '';
    const parse = (): { body: unknown } | { problem: string } => {
      try {
        return { body: JSON.parse(request.body.toString('utf8')) as unknown };
      } catch (error) {
        return { problem: `Malformed Event Grid request for '${fn.name}': the body is not JSON (${(error as Error).message}).` };
      }
    };
    switch (kind.toLowerCase()) {
      case 'subscriptionvalidation': {
        const parsed = parse();
        if ('problem' in parsed) return textResponse(400, parsed.problem);
        const first: unknown = Array.isArray(parsed.body) ? parsed.body[0] : parsed.body;
        const code = (first as { data?: { validationCode?: unknown } } | undefined)?.data?.validationCode;
        if (typeof code !== 'string') return textResponse(400, `Malformed subscription validation for '${fn.name}': expected an array whose first event has data.validationCode.`);
        return jsonResponse(200, { validationResponse: code });
      }
      case 'notification': {
        const parsed = parse();
        if ('problem' in parsed) return textResponse(400, parsed.problem);
        const events = Array.isArray(parsed.body) ? parsed.body : [parsed.body];
        if (events.length === 0) return textResponse(400, `Malformed Event Grid notification for '${fn.name}': the array has no event.`);
        const problem = events.map(describeProblem).find((text) => text !== undefined);
        if (problem) return textResponse(400, `Malformed Event Grid notification for '${fn.name}': ${problem}.`);
        const results = await Promise.allSettled(
          events.map((event) => options.invoker.invoke(fn, { trigger: { json: JSON.stringify(event) }, reason: `EventGrid trigger fired for event ${(event as { id: string }).id}` })),
        );
        const failures = results.flatMap((result) => (result.status === 'rejected' ? [errorMessage(result.reason)] : []));
        if (failures.length > 0) return textResponse(500, `${failures.length} of ${events.length} invocation(s) of '${fn.name}' failed: ${failures.join('; ')}`);
        return { status: 202 };
      }
      case 'unsubscribe':
        return { status: 202 };
      default:
        return textResponse(400, `The aeg-event-type header must be SubscriptionValidation, Notification or Unsubscribe; got ${kind === '' ? 'none' : `'${kind}'`}.`);
    }
  };
}

/** What makes `event` unusable as an Event Grid or CloudEvents event, or undefined when it is fine. */
function describeProblem(event: unknown, index: number): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return `event ${index} is not a JSON object`;
  const record = event as Record<string, unknown>;
  if (typeof record.id !== 'string' || record.id === '') return `event ${index} has no string "id"`;
  if (typeof record.specversion === 'string') return typeof record.type === 'string' && typeof record.source === 'string' ? undefined : `CloudEvent ${index} needs string "type" and "source"`;
  return typeof record.eventType === 'string' && typeof record.subject === 'string' ? undefined : `event ${index} needs string "eventType" and "subject" (Event Grid schema) or "specversion" (CloudEvents)`;
}
