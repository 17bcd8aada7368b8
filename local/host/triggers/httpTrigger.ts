import type { RpcHttpCookie, RpcHttpData, RpcTypedData } from '../worker/coreTypes.js';
import type { FunctionInvoker } from '../worker/functionInvoker.js';
import { errorMessage } from '../worker/functionInvoker.js';
import type { FunctionRegistry, RegisteredFunction } from '../worker/functionRegistry.js';
import type { HostRequest, HostResponse, RequestHandler } from '../hostHttp.js';
import { textResponse } from '../hostHttp.js';
import { checkKey, functionKeySetting } from '../keys.js';
import type { RouteTemplate } from './routeTemplate.js';
import { parseRouteTemplate } from './routeTemplate.js';

/** An HTTP-triggered function with its parsed route. */
export interface HttpRoute {
  fn: RegisteredFunction;
  template: RouteTemplate;
  /** Upper-case methods, or undefined for all methods. */
  methods: string[] | undefined;
  authLevel: 'anonymous' | 'function' | 'admin';
}

/** The HTTP routes of the app, in registration order (the first match wins). */
export function httpRoutes(registry: FunctionRegistry): HttpRoute[] {
  return registry.byTrigger('httpTrigger').map((fn) => {
    const route = typeof fn.trigger.route === 'string' && fn.trigger.route !== '' ? fn.trigger.route : fn.name;
    const methods = Array.isArray(fn.trigger.methods) && fn.trigger.methods.length > 0 ? fn.trigger.methods.map((m) => String(m).toUpperCase()) : undefined;
    const level = String(fn.trigger.authLevel ?? 'function').toLowerCase();
    const authLevel = level === 'anonymous' || level === 'admin' ? level : 'function';
    return { fn, template: parseRouteTemplate(route), methods, authLevel };
  });
}

/**
 * Serves HTTP triggers under `/<routePrefix>/…` as the Functions host does: route templates with
 * parameters, allowed methods (a method the route does not allow is a 404, as in Azure), and `authLevel`
 * (`function` — the default — and `admin` need the `FUNCTIONS_KEY` setting's value in `x-functions-key` or
 * `?code=`: 401 otherwise). The request reaches the app as RPC HTTP data; the app's response comes back
 * the same way. A function that throws is a 500.
 */
export function httpTriggerHandler(options: { routes: HttpRoute[]; routePrefix: string; invoker: FunctionInvoker; env: NodeJS.ProcessEnv }): RequestHandler {
  const prefix = options.routePrefix.replace(/^\/+|\/+$/g, '').toLowerCase();
  return async (request) => {
    const path = request.url.pathname.replace(/^\/+/, '');
    let rest: string;
    if (prefix === '') rest = path;
    else if (path.toLowerCase() === prefix || path.toLowerCase().startsWith(`${prefix}/`)) rest = path.slice(prefix.length + 1);
    else return undefined;
    for (const route of options.routes) {
      if (route.methods && !route.methods.includes(request.method)) continue;
      const params = route.template.match(rest);
      if (!params) continue;
      if (route.authLevel !== 'anonymous') {
        const refusal = checkKey(request, functionKeySetting, options.env, { allowHeader: true });
        if (refusal) return textResponse(401, `Unauthorized: function '${route.fn.name}' has authLevel '${route.authLevel}': ${refusal}.`);
      }
      return invokeHttp(route.fn, request, params, options.invoker);
    }
    return textResponse(404, `No HTTP function matches ${request.method} /${path}.`);
  };
}

async function invokeHttp(fn: RegisteredFunction, request: HostRequest, params: Record<string, string>, invoker: FunctionInvoker): Promise<HostResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const http: RpcHttpData = {
    method: request.method,
    url: request.url.href,
    headers,
    query: Object.fromEntries(request.url.searchParams),
    params,
    body: request.body.length > 0 ? { bytes: request.body } : undefined,
  };
  try {
    const response = await invoker.invoke(fn, { trigger: { http }, reason: 'This function was programmatically called via the host APIs.' });
    const out = response.returnValue?.http ?? response.outputData?.find((binding) => binding.data?.http)?.data?.http;
    return out ? toHostResponse(out) : { status: 204 };
  } catch (error) {
    return textResponse(500, `Function '${fn.name}' failed: ${errorMessage(error)}`);
  }
}

function toHostResponse(http: RpcHttpData): HostResponse {
  const headers: Record<string, string | string[]> = { ...(http.headers ?? {}) };
  const cookies = (http.cookies ?? []).map(serializeCookie);
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: Number(http.statusCode ?? 200), headers, body: bodyBytes(http.body) };
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer | undefined {
  if (!body) return undefined;
  if (body.bytes) return Buffer.from(body.bytes);
  if (typeof body.string === 'string') return Buffer.from(body.string);
  if (typeof body.json === 'string') return Buffer.from(body.json);
  return undefined;
}

function serializeCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const seconds = cookie.expires?.value?.seconds;
  if (typeof seconds === 'number') parts.push(`Expires=${new Date(seconds * 1000).toUTCString()}`);
  if (typeof cookie.maxAge?.value === 'number') parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None', none: undefined }[cookie.sameSite ?? 'none'];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}
