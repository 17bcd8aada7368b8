import type { FunctionInvoker } from '../worker/functionInvoker.js';
import { errorMessage } from '../worker/functionInvoker.js';
import type { FunctionRegistry } from '../worker/functionRegistry.js';
import type { RequestHandler } from '../hostHttp.js';
import { jsonResponse, textResponse } from '../hostHttp.js';
import type { TimerTriggers } from './timerTrigger.js';

/** Triggers the durable engine runs itself; invoking them by hand would bypass their protocol. */
const durableTriggers = new Set(['orchestrationtrigger', 'activitytrigger', 'entitytrigger']);

/**
 * `GET /admin/functions` lists the functions with their (resolved) trigger bindings, `GET
 * /admin/functions/<name>` shows one; `POST /admin/functions/<name>` runs a non-HTTP function now, as Core Tools does: body
 * `{"input": "<text>"}`. A timer function gets the host's timer info (the input is ignored); any other
 * trigger gets the input as its trigger value. Answers 202 once the invocation finished, 500 naming the
 * error if it failed, 404 for an unknown function, 400 for HTTP and durable functions.
 */
export function adminFunctionsHandler(options: { registry: FunctionRegistry; invoker: FunctionInvoker; timers: () => TimerTriggers | undefined }): RequestHandler {
  return async (request) => {
    const match = /^\/admin\/functions(?:\/([^/]+))?\/?$/i.exec(request.url.pathname);
    if (!match) return undefined;
    if (match[1] === undefined) {
      if (request.method !== 'GET') return textResponse(405, 'Use GET to list the functions.', { allow: 'GET' });
      return jsonResponse(200, options.registry.all().map((fn) => ({ name: fn.name, trigger: fn.trigger })));
    }
    const name = decodeURIComponent(match[1]);
    const fn = options.registry.get(name);
    if (!fn) return textResponse(404, `No function named '${name}'.`);
    if (request.method === 'GET') return jsonResponse(200, { name: fn.name, bindings: fn.bindings });
    if (request.method !== 'POST') return textResponse(405, 'Use POST to run a function, GET to read it.', { allow: 'GET, POST' });
    const type = fn.trigger.type.toLowerCase();
    if (type === 'httptrigger') return textResponse(400, `'${fn.name}' is an HTTP function: call its route instead.`);
    if (durableTriggers.has(type)) return textResponse(400, `'${fn.name}' has a ${fn.trigger.type}: durable functions run through the durable engine (start an orchestration instead).`);
    try {
      if (type === 'timertrigger') {
        const timers = options.timers();
        if (!timers) return textResponse(503, 'Timer triggers are not running yet.');
        await timers.fireNow(fn);
      } else {
        let input: unknown;
        if (request.body.length > 0) {
          try {
            input = (JSON.parse(request.body.toString('utf8')) as { input?: unknown }).input;
          } catch {
            return textResponse(400, `The body must be JSON like {"input": "..."}.`);
          }
        }
        await options.invoker.invoke(fn, { trigger: typeof input === 'string' ? { string: input } : { json: JSON.stringify(input ?? null) }, reason: 'This function was programmatically called via the host APIs.' });
      }
      return { status: 202 };
    } catch (error) {
      return textResponse(500, `Function '${fn.name}' failed: ${errorMessage(error)}`);
    }
  };
}
