import type { HostRequest, HostResponse, RequestHandler } from '../hostHttp.js';
import { header, jsonResponse, textResponse } from '../hostHttp.js';
import { durableWebhookPath, managementPayload } from './clientBinding.js';
import type { DurableEngine } from './durableEngine.js';
import { DurableApiError } from './durableApiError.js';
import type { InstanceState, RuntimeStatus } from './instanceState.js';
import { isTerminal } from './instanceState.js';
import { statusPayload } from './statusPayload.js';

/**
 * The durable extension's HTTP management API under `/runtime/webhooks/durabletask/` (also the client's
 * `rpcBaseUrl`), with the extension's routes and answers (`HttpApiHandler`), so the unmodified
 * `DurableClient` works: `POST orchestrators/{name}[/{id}]` (202 + links, or waits with
 * `?timeout=&pollingInterval=`), `GET instances/{id}` (200 finished, 202 running with `Location` and
 * `Retry-After: 5`, 404), `GET instances/` (filters `createdTimeFrom`, `createdTimeTo`, `runtimeStatus`,
 * `instanceIdPrefix`, paging with `top` + `x-ms-continuation-token`), `POST instances/{id}/raiseEvent/{event}`
 * (202, 404, 410, 400 without `application/json`), `POST instances/{id}/terminate` (202, 404, 410),
 * `DELETE instances/{id}` (200 `{instancesDeleted}`, 404, 412) and `DELETE instances/` by filter.
 * Entities, rewind, restart, suspend and resume answer 501.
 */
export function managementApiHandler(options: { engine: DurableEngine; origin: () => string; taskHubName: string }): RequestHandler {
  const { engine } = options;
  return async (request) => {
    const pathname = request.url.pathname;
    if (!pathname.toLowerCase().startsWith(durableWebhookPath)) return undefined;
    const segments = pathname
      .slice(durableWebhookPath.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    try {
      const [controller, first, second, third] = segments;
      switch (controller?.toLowerCase()) {
        case 'orchestrators':
          if (request.method !== 'POST' || first === undefined || segments.length > 3) return notFound(request);
          return await start(request, first, second);
        case 'instances':
          if (first === undefined) {
            if (request.method === 'GET') return list(request);
            if (request.method === 'DELETE') return await purgeWhere(request);
            return notFound(request);
          }
          if (second === undefined) {
            if (request.method === 'GET') return status(request, first);
            if (request.method === 'DELETE') return jsonResponse(200, { instancesDeleted: await engine.purge(first) });
            return notFound(request);
          }
          if (request.method !== 'POST') return notFound(request);
          switch (second.toLowerCase()) {
            case 'raiseevent':
              if (third === undefined) return notFound(request);
              return await raiseEvent(request, first, third);
            case 'terminate':
              await engine.terminate(first, request.url.searchParams.get('reason'));
              return { status: 202 };
            case 'rewind':
            case 'restart':
            case 'suspend':
            case 'resume':
              return textResponse(501, `'${second}' is not supported by the local Functions host.`);
            default:
              return notFound(request);
          }
        case 'entities':
          return textResponse(501, 'Durable entities are not supported by the local Functions host.');
        default:
          return notFound(request);
      }
    } catch (error) {
      if (error instanceof DurableApiError) return error.status === 404 && error.message === '' ? { status: 404 } : textResponse(error.status, error.message);
      throw error;
    }
  };

  async function start(request: HostRequest, name: string, instanceId: string | undefined): Promise<HostResponse> {
    const text = request.body.toString('utf8');
    if (text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch {
        return textResponse(400, `Invalid JSON content: the body of a start request must be the orchestration input as JSON.`);
      }
    }
    const id = await engine.startNew(name, { instanceId: instanceId || undefined, inputJson: text.trim() === '' ? null : text });
    const timeout = Number(request.url.searchParams.get('timeout'));
    if (request.url.searchParams.has('timeout') && timeout > 0) {
      const finished = await Promise.race([engine.waitForTerminal(id), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeout * 1000).unref())]);
      if (finished?.status === 'Completed') return jsonResponse(200, statusPayload(finished, { showHistory: false, showHistoryOutput: false, showInput: true }).output);
      if (finished) return jsonResponse(200, statusPayload(finished, { showHistory: false, showHistoryOutput: false, showInput: true }));
    }
    return checkStatus(request, id);
  }

  function checkStatus(request: HostRequest, id: string): HostResponse {
    const payload = managementPayload(origin(request), options.taskHubName, id);
    return jsonResponse(202, payload, { location: payload.statusQueryGetUri as string, 'retry-after': '10' });
  }

  function origin(request: HostRequest): string {
    const host = header(request, 'host');
    return host ? `http://${host}` : options.origin();
  }

  function status(request: HostRequest, instanceId: string): HostResponse {
    const state = engine.get(instanceId);
    if (!state) return { status: 404 };
    const query = request.url.searchParams;
    const payload = statusPayload(state, {
      showHistory: query.get('showHistory')?.toLowerCase() === 'true',
      showHistoryOutput: query.get('showHistoryOutput')?.toLowerCase() === 'true',
      showInput: query.get('showInput')?.toLowerCase() !== 'false',
    });
    if (isTerminal(state.status)) {
      const failAs500 = state.status === 'Failed' && query.get('returnInternalServerErrorOnFailure')?.toLowerCase() === 'true';
      return jsonResponse(failAs500 ? 500 : 200, payload);
    }
    return jsonResponse(202, payload, { location: request.url.href, 'retry-after': '5' });
  }

  function list(request: HostRequest): HostResponse {
    const query = request.url.searchParams;
    const matching = filterInstances(engine.list(), query);
    const top = Number(query.get('top'));
    const start = Number(header(request, 'x-ms-continuation-token') ?? 0) || 0;
    const page = top > 0 ? matching.slice(start, start + top) : matching.slice(start);
    const next = top > 0 && start + top < matching.length ? String(start + top) : undefined;
    const showInput = query.get('showInput')?.toLowerCase() !== 'false';
    return jsonResponse(
      200,
      page.map((state) => statusPayload(state, { showHistory: false, showHistoryOutput: false, showInput })),
      next ? { 'x-ms-continuation-token': next } : {},
    );
  }

  async function purgeWhere(request: HostRequest): Promise<HostResponse> {
    const query = request.url.searchParams;
    if (!query.get('createdTimeFrom')) return textResponse(400, "Please provide value for 'createdTimeFrom' parameter.");
    const candidates = filterInstances(engine.list(), query).filter((state) => isTerminal(state.status));
    let deleted = 0;
    for (const state of candidates) deleted += await engine.purge(state.instanceId);
    return deleted === 0 ? { status: 404 } : jsonResponse(200, { instancesDeleted: deleted });
  }

  async function raiseEvent(request: HostRequest, instanceId: string, eventName: string): Promise<HostResponse> {
    const state = engine.get(instanceId);
    if (!state) return { status: 404 };
    if (isTerminal(state.status)) return { status: 410 };
    const mediaType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') return textResponse(400, 'Only application/json request content is supported');
    const text = request.body.toString('utf8');
    if (text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch {
        return textResponse(400, 'Invalid JSON content');
      }
    }
    await engine.raiseEvent(instanceId, eventName, text.trim() === '' ? null : text);
    return { status: 202 };
  }
}

function notFound(request: HostRequest): HostResponse {
  return textResponse(404, `The durable management API has no route ${request.method} ${request.url.pathname}.`);
}

/** Instances matching the query's `createdTimeFrom`, `createdTimeTo`, `runtimeStatus` and `instanceIdPrefix`. */
function filterInstances(states: InstanceState[], query: URLSearchParams): InstanceState[] {
  const from = query.get('createdTimeFrom') ? Date.parse(query.get('createdTimeFrom') as string) : undefined;
  const to = query.get('createdTimeTo') ? Date.parse(query.get('createdTimeTo') as string) : undefined;
  const statuses = query
    .getAll('runtimeStatus')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  const prefix = query.get('instanceIdPrefix');
  return states.filter(
    (state) =>
      (from === undefined || state.createdTime >= from) &&
      (to === undefined || state.createdTime <= to) &&
      (statuses.length === 0 || statuses.includes(state.status.toLowerCase() as Lowercase<RuntimeStatus>)) &&
      (prefix === null || state.instanceId.startsWith(prefix)),
  );
}
