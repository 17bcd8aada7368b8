import Module from 'node:module';
import type { FunctionCallback, FunctionMetadata, HookCallback, HookName, ProgrammingModel, RpcLogCategory, RpcLogLevel } from './coreTypes.js';
import type { FunctionRegistry } from './functionRegistry.js';

/** The module name `@azure/functions` asks for; only a Functions worker provides it. */
export const coreModuleName = '@azure/functions-core';

/** Version strings the app can read from the core module (the worker's and the host's). */
const workerVersion = '3.12.0-local';
const hostVersion = '4.1000.0-local';

/** `Disposable` as the worker exports it: hooks and registrations return one. */
class Disposable {
  readonly #callOnDispose: () => unknown;
  static from(...likes: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => likes.forEach((like) => like.dispose()));
  }
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  dispose(): unknown {
    return this.#callOnDispose();
  }
}

let installed = false;

/**
 * Provides `@azure/functions-core` the way the Node worker does (`setupCoreModule`): a proxy on
 * `Module.prototype.require` answers that one name with an object backed by `registry`. It must run before
 * the app's first `app.*` call, because `@azure/functions` looks the module up once and caches the answer
 * (no module means "test mode": registrations are dropped with a warning). ESM apps are covered too: the
 * CommonJS `@azure/functions` package requires the core module through the same loader.
 * One registry per process; a second call throws.
 */
export function installCoreModule(registry: FunctionRegistry, systemLog: (level: RpcLogLevel, message: string) => void): void {
  if (installed) throw new Error(`${coreModuleName} is already installed in this process: one app per host process.`);
  installed = true;
  const coreApi = {
    version: workerVersion,
    hostVersion,
    registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
      registry.register(metadata, callback);
      return new Disposable(() => registry.remove(metadata.name));
    },
    registerHook(hookName: HookName, callback: HookCallback): Disposable {
      if (!['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log'].includes(hookName)) {
        throw new RangeError(`Unknown hook "${hookName}".`);
      }
      return new Disposable(registry.addHook(hookName, callback));
    },
    setProgrammingModel(model: ProgrammingModel): void {
      registry.programmingModel = model;
    },
    getProgrammingModel(): ProgrammingModel | undefined {
      return registry.programmingModel;
    },
    log(level: RpcLogLevel, _category: RpcLogCategory, message: string): void {
      systemLog(level, message);
    },
    Disposable,
  };
  const originalRequire = Module.prototype.require;
  Module.prototype.require = new Proxy(originalRequire, {
    apply(target, thisArg, args: unknown[]) {
      return args[0] === coreModuleName ? coreApi : Reflect.apply(target, thisArg, args);
    },
  });
}
