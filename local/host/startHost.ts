import { resolve } from 'node:path';
import { adminClockHandler } from './adminClock.js';
import { adminDurableHandler } from './adminDurable.js';
import type { Clock } from './clock.js';
import { RealClock, VirtualClock } from './clock.js';
import { durableClientBindingData } from './durable/clientBinding.js';
import { DurableEngine } from './durable/durableEngine.js';
import { managementApiHandler } from './durable/managementApi.js';
import { functionList } from './functionList.js';
import { readHostJson } from './hostJson.js';
import { jsonResponse } from './hostHttp.js';
import type { RequestHandler } from './hostHttp.js';
import type { HostLogger } from './log.js';
import { listen } from './server.js';
import { loadLocalSettings, resolveBindingExpressions } from './settings.js';
import { adminFunctionsHandler } from './triggers/adminFunctions.js';
import { eventGridTriggerHandler } from './triggers/eventGridTrigger.js';
import { httpRoutes, httpTriggerHandler } from './triggers/httpTrigger.js';
import { parseRouteTemplate } from './triggers/routeTemplate.js';
import type { TimerTriggers } from './triggers/timerTrigger.js';
import { parseSchedule, startTimerTriggers } from './triggers/timerTrigger.js';
import { installCoreModule } from './worker/coreModule.js';
import { FunctionInvoker } from './worker/functionInvoker.js';
import { FunctionRegistry } from './worker/functionRegistry.js';
import { loadApp } from './worker/loadApp.js';

/** Options of {@link startHost}. */
export interface HostOptions {
  appDir: string;
  /** 0 for any free port. */
  port: number;
  /** Folder of the durable state (instance journals). */
  stateDir: string;
  virtualClock: boolean;
  log: HostLogger;
}

/** A host running in this process. */
export interface Host {
  port: number;
  baseUrl: string;
  /** The startup listing of functions and URLs. */
  listing: string;
  /** Stops serving, stops timers, runs `appTerminate` hooks and closes the durable journals. */
  close(): Promise<void>;
}

/**
 * Starts the local Functions host for one app in this process: loads `local.settings.json` into the
 * environment, provides `@azure/functions-core`, loads the app's entry files (registering its functions),
 * resolves `%Name%` binding expressions (a function whose expression or schedule cannot be resolved is
 * reported and left out, as the Functions host reports a function error), then serves HTTP triggers, the
 * Event Grid webhook, the durable management API, `/admin/functions/<name>` and `/admin/clock` on
 * 127.0.0.1, and starts timer triggers and the durable engine (resuming instances from `stateDir`).
 * Sets `WEBSITE_HOSTNAME` to the bound address so durable status URLs point at this host.
 * One app per process: `@azure/functions` keeps its registrations in module state.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const appDir = resolve(options.appDir);
  const { log } = options;
  const settings = loadLocalSettings(appDir);
  if (settings.file) log('information', `Loaded ${settings.applied.length} setting(s) from ${settings.file}${settings.overridden.length > 0 ? ` (the environment overrides ${settings.overridden.join(', ')})` : ''}.`);
  const hostJson = readHostJson(appDir);

  const registry = new FunctionRegistry();
  installCoreModule(registry, (level, message) => log(level, message));
  await loadApp(appDir, registry);
  prepareFunctions(registry, log);

  const clock: Clock = options.virtualClock ? new VirtualClock() : new RealClock();
  const invoker = new FunctionInvoker(registry, log);
  const engine = new DurableEngine({ registry, invoker, clock, stateDir: resolve(options.stateDir), log, maxConcurrentActivities: hostJson.maxConcurrentActivityFunctions });
  await engine.open();
  let origin = 'http://127.0.0.1:7071';
  invoker.provideInput('durableClient', () => ({ json: JSON.stringify(durableClientBindingData(origin, hostJson.hubName)) }));
  // Timer triggers start after the server listens; the admin endpoint reads them through this holder.
  const timerHolder: { current?: TimerTriggers } = {};

  const status: RequestHandler = async (request) =>
    request.url.pathname === '/admin/host/status' || request.url.pathname === '/' ? jsonResponse(200, { state: 'Running', functions: registry.all().map((fn) => fn.name) }) : undefined;
  const server = await listen(
    [
      status,
      httpTriggerHandler({ routes: httpRoutes(registry), routePrefix: hostJson.routePrefix, invoker, env: process.env }),
      eventGridTriggerHandler({ registry, invoker, env: process.env }),
      managementApiHandler({ engine, origin: () => origin, taskHubName: hostJson.hubName }),
      adminFunctionsHandler({ registry, invoker, timers: () => timerHolder.current }),
      adminClockHandler(clock),
      adminDurableHandler(engine),
    ],
    options.port,
    log,
  );
  origin = `http://127.0.0.1:${server.port}`;
  process.env.WEBSITE_HOSTNAME = `127.0.0.1:${server.port}`;
  timerHolder.current = startTimerTriggers({ registry, invoker, clock });
  await engine.resume();

  let closed = false;
  return {
    port: server.port,
    baseUrl: origin,
    listing: functionList(registry, origin, hostJson.routePrefix),
    async close() {
      if (closed) return;
      closed = true;
      timerHolder.current?.stop();
      await server.close();
      for (const hook of registry.hooks('appTerminate')) await hook({ hookData: {}, appHookData: registry.appHookData });
      await engine.close();
    },
  };
}

/**
 * Resolves `%Name%` expressions in every function's bindings and checks what would fail later (HTTP
 * routes, timer schedules). A function that fails is logged with the reason and removed.
 */
function prepareFunctions(registry: FunctionRegistry, log: HostLogger): void {
  for (const fn of registry.all()) {
    try {
      const bindings = resolveBindingExpressions(fn.bindings, process.env, `Function '${fn.name}'`);
      registry.replaceBindings(fn.name, bindings);
      const trigger = bindings[fn.triggerName];
      const type = String(trigger?.type ?? '').toLowerCase();
      if (type === 'timertrigger') parseSchedule(String(trigger?.schedule ?? ''), fn.name);
      if (type === 'httptrigger' && typeof trigger?.route === 'string') parseRouteTemplate(trigger.route);
    } catch (error) {
      log('error', `The function '${fn.name}' is in error and will not run: ${(error as Error).message}`);
      registry.remove(fn.name);
    }
  }
}
