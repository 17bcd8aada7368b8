import type { FunctionInvoker } from '../worker/functionInvoker.js';
import type { RpcTypedData } from '../worker/coreTypes.js';
import type { RegisteredFunction } from '../worker/functionRegistry.js';
import type { HistoryEvent } from './historyEvents.js';
import { EventType, historyEvent } from './historyEvents.js';

/**
 * Runs one scheduled activity through the worker and returns the completion message for its orchestration:
 * `TaskCompleted` with the result as JSON text, or `TaskFailed` with the extension's reason
 * (`Activity function '<name>' failed: <message>`) and the serialized error as details, which the SDK
 * surfaces as `Error(reason + " \n " + details)`.
 */
export async function runActivity(invoker: FunctionInvoker, fn: RegisteredFunction, scheduled: HistoryEvent, instanceId: string, now: () => number): Promise<HistoryEvent> {
  // The input is JSON text; the worker's `string` data is JSON-parsed when it can be, as the real host's is.
  const trigger: RpcTypedData = scheduled.Input === null || scheduled.Input === undefined ? {} : { string: scheduled.Input };
  try {
    const response = await invoker.invoke(fn, { trigger, reason: `(Activity) instance ${instanceId}, task ${scheduled.EventId}` });
    return historyEvent(EventType.TaskCompleted, now(), { TaskScheduledId: scheduled.EventId, Result: resultJson(response.returnValue) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const details = JSON.stringify({ Message: message, StackTrace: error instanceof Error ? (error.stack ?? '') : '' });
    return historyEvent(EventType.TaskFailed, now(), { TaskScheduledId: scheduled.EventId, Reason: `Activity function '${fn.name}' failed: ${message}`, Details: details });
  }
}

/** JSON text of an activity's return value as the worker sent it. */
function resultJson(value: RpcTypedData | null | undefined): string {
  if (!value) return 'null';
  if (typeof value.json === 'string') return value.json;
  if (typeof value.string === 'string') return JSON.stringify(value.string);
  if (typeof value.int === 'number') return String(value.int);
  if (typeof value.double === 'number') return String(value.double);
  if (value.bytes) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return 'null';
}
