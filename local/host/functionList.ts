import type { FunctionRegistry } from './worker/functionRegistry.js';
import { httpRoutes } from './triggers/httpTrigger.js';
import { eventGridWebhookPath } from './triggers/eventGridTrigger.js';

/**
 * The startup listing, like `func start` prints it: HTTP functions with their methods and URL, other
 * functions with their trigger type (Event Grid functions with their webhook URL).
 */
export function functionList(registry: FunctionRegistry, origin: string, routePrefix: string): string {
  const routes = new Map(httpRoutes(registry).map((route) => [route.fn.name, route]));
  const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
  const lines = registry.all().map((fn) => {
    const route = routes.get(fn.name);
    if (route) return `\t${fn.name}: [${(route.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).join(',')}] ${origin}/${prefix === '' ? '' : `${prefix}/`}${route.template.text.replace(/^\/+/, '')}`;
    if (fn.trigger.type.toLowerCase() === 'eventgridtrigger') return `\t${fn.name}: eventGridTrigger ${origin}${eventGridWebhookPath}?functionName=${encodeURIComponent(fn.name)}`;
    return `\t${fn.name}: ${fn.trigger.type}`;
  });
  return `\nFunctions:\n\n${lines.join('\n\n')}\n`;
}
