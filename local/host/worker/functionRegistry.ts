import type { FunctionCallback, FunctionMetadata, HookCallback, HookName, ProgrammingModel, RpcBindingInfo } from './coreTypes.js';

/** One function of the app as it registered itself through `app.*` / `df.app.*`. */
export interface RegisteredFunction {
  /** The function name (unique in the app, compared case-insensitively as the Functions host does). */
  readonly name: string;
  /** Every binding by binding name, `%Name%` expressions already resolved. */
  readonly bindings: Record<string, RpcBindingInfo>;
  /** The binding name of the trigger (`httpTrigger1a2b…`). */
  readonly triggerName: string;
  /** The trigger binding (type ends in `Trigger`). */
  readonly trigger: RpcBindingInfo & { type: string };
  /** The callback `@azure/functions` registered (it wraps the user's handler). */
  readonly handler: FunctionCallback;
}

/**
 * Everything the app registered with the worker: functions, hooks and the programming model. One per
 * process, like the worker's channel: `@azure/functions` caches the core module on first use.
 */
export class FunctionRegistry {
  readonly #functions = new Map<string, RegisteredFunction>();
  readonly #hooks = new Map<HookName, HookCallback[]>();
  /** Shared across all hooks of the app (`appHookData` in the worker). */
  readonly appHookData: Record<string, unknown> = {};
  programmingModel: ProgrammingModel | undefined;

  /** Adds a function; a second function with the same name is refused, as the host refuses it. */
  register(metadata: FunctionMetadata, handler: FunctionCallback): void {
    const key = metadata.name.toLowerCase();
    if (this.#functions.has(key)) throw new Error(`A function named "${metadata.name}" is already registered: function names must be unique in an app.`);
    const triggerEntry = Object.entries(metadata.bindings).find(([, binding]) => /trigger$/i.test(binding.type ?? ''));
    if (!triggerEntry) throw new Error(`Function "${metadata.name}" has no trigger binding: every function needs exactly one.`);
    const [triggerName, trigger] = triggerEntry;
    this.#functions.set(key, { name: metadata.name, bindings: metadata.bindings, triggerName, trigger: trigger as RpcBindingInfo & { type: string }, handler });
  }

  /** Replaces a function's bindings (after `%Name%` resolution). */
  replaceBindings(name: string, bindings: Record<string, RpcBindingInfo>): void {
    const existing = this.get(name);
    if (!existing) throw new Error(`No function named "${name}" is registered.`);
    const trigger = bindings[existing.triggerName] as RpcBindingInfo & { type: string };
    this.#functions.set(name.toLowerCase(), { ...existing, bindings, trigger });
  }

  /** Removes a function the host refuses to run (for instance an unresolvable `%Name%`). */
  remove(name: string): void {
    this.#functions.delete(name.toLowerCase());
  }

  /** The function with this name (case-insensitive), if registered. */
  get(name: string): RegisteredFunction | undefined {
    return this.#functions.get(name.toLowerCase());
  }

  /** All functions, in registration order. */
  all(): RegisteredFunction[] {
    return [...this.#functions.values()];
  }

  /** Functions whose trigger type equals `type` (case-insensitive), e.g. `activityTrigger`. */
  byTrigger(type: string): RegisteredFunction[] {
    const wanted = type.toLowerCase();
    return this.all().filter((fn) => fn.trigger.type.toLowerCase() === wanted);
  }

  /** Adds a lifecycle hook; returns the function that removes it. */
  addHook(name: HookName, callback: HookCallback): () => void {
    const list = this.#hooks.get(name) ?? [];
    list.push(callback);
    this.#hooks.set(name, list);
    return () => {
      const at = list.indexOf(callback);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** The hooks registered under `name`, in registration order. */
  hooks(name: HookName): readonly HookCallback[] {
    return this.#hooks.get(name) ?? [];
  }
}
