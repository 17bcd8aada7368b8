import { randomUUID } from 'node:crypto';
import type { HostLogger } from '../log.js';
import type { RpcBindingInfo, RpcInvocationResponse, RpcParameterBinding, RpcTypedData } from './coreTypes.js';
import type { FunctionRegistry, RegisteredFunction } from './functionRegistry.js';
import { invokeFunction } from './invokeFunction.js';

/** Supplies the value of an input binding (e.g. `durableClient`) for one invocation. */
export type InputProvider = (binding: RpcBindingInfo, fn: RegisteredFunction) => RpcTypedData | undefined;

/** One invocation request from a trigger. */
export interface TriggerCall {
  /** The trigger value (an HTTP request, an event, an activity input…). */
  trigger: RpcTypedData;
  triggerMetadata?: Record<string, RpcTypedData>;
  /** Why the function runs, shown in the `Executing` log line like the Functions host does. */
  reason: string;
  /** Log the start and end lines at debug level only (orchestrator replays would flood the console). */
  quiet?: boolean;
}

/**
 * Invokes registered functions for the triggers: fills input bindings from providers by binding type, gives
 * every invocation an id, and logs `Executing 'Functions.<name>' (Reason=…, Id=…)` / `Executed …
 * (Succeeded|Failed, Id=…, Duration=…ms)` like the Functions host.
 */
export class FunctionInvoker {
  readonly #registry: FunctionRegistry;
  readonly #log: HostLogger;
  readonly #inputProviders = new Map<string, InputProvider>();

  constructor(registry: FunctionRegistry, log: HostLogger) {
    this.#registry = registry;
    this.#log = log;
  }

  /** Serves input bindings of `type` (case-insensitive) from now on. */
  provideInput(type: string, provider: InputProvider): void {
    this.#inputProviders.set(type.toLowerCase(), provider);
  }

  /** Runs `fn` once. Resolves to the worker's response; rejects with the function's error. */
  async invoke(fn: RegisteredFunction, call: TriggerCall): Promise<RpcInvocationResponse> {
    const invocationId = randomUUID();
    const inputData: RpcParameterBinding[] = [{ name: fn.triggerName, data: call.trigger }];
    for (const [name, binding] of Object.entries(fn.bindings)) {
      if (name === fn.triggerName || binding.direction !== 'in') continue;
      const provider = this.#inputProviders.get((binding.type ?? '').toLowerCase());
      const data = provider?.(binding, fn);
      if (data !== undefined) inputData.push({ name, data });
    }
    const frameLevel = call.quiet ? 'debug' : 'information';
    const started = performance.now();
    this.#log(frameLevel, `Executing 'Functions.${fn.name}' (Reason='${call.reason}', Id=${invocationId})`);
    try {
      const response = await invokeFunction(this.#registry, fn, { invocationId, inputData, triggerMetadata: call.triggerMetadata }, (level, _category, message) =>
        this.#log(level, message),
      );
      this.#log(frameLevel, `Executed 'Functions.${fn.name}' (Succeeded, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms)`);
      return response;
    } catch (error) {
      this.#log(call.quiet ? 'debug' : 'error', `Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms): ${errorMessage(error)}`);
      throw error;
    }
  }
}

/** The message of a thrown value, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}
