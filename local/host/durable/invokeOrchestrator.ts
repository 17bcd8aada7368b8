import type { FunctionInvoker } from '../worker/functionInvoker.js';
import { errorMessage } from '../worker/functionInvoker.js';
import type { RegisteredFunction } from '../worker/functionRegistry.js';
import type { RpcTypedData } from '../worker/coreTypes.js';
import type { WireOrchestratorState } from './actions.js';
import type { HistoryEvent } from './historyEvents.js';

/** The label the SDK puts before the orchestrator state in the error of a failed orchestrator. */
const outOfProcDataLabel = '$OutOfProcData$:';

/** What one orchestrator invocation produced. */
export type OrchestratorAnswer =
  | { kind: 'state'; state: WireOrchestratorState }
  /** The function failed without an orchestrator state (it is not a durable orchestrator, or the SDK broke). */
  | { kind: 'crash'; message: string };

/** The trigger binding data the extension sends an out-of-proc orchestrator (`OrchestrationContextToString`). */
export interface OrchestrationTriggerData {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId: string | null;
  upperSchemaVersion: number;
  upperSchemaVersionNew: number;
  longRunningTimerIntervalDuration: string;
  maximumShortTimerDuration: string;
  defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

/**
 * Runs the registered orchestrator function once over `history` through the real `durable-functions` SDK
 * and returns its `OrchestratorState`. The SDK reports an orchestrator that threw by throwing an error whose
 * message ends in `$OutOfProcData$:<state JSON>` (the extension's `OutOfProcExceptionHelpers` reads the
 * same label); that state, with its `error`, is returned as a normal answer.
 */
export async function invokeOrchestrator(invoker: FunctionInvoker, fn: RegisteredFunction, data: OrchestrationTriggerData): Promise<OrchestratorAnswer> {
  // The SDK converts timestamps to Date in place: every episode gets its own copy.
  const trigger: RpcTypedData = { string: JSON.stringify(data) };
  try {
    const response = await invoker.invoke(fn, { trigger, reason: `(Orchestrator) instance ${data.instanceId}`, quiet: true });
    const value = response.returnValue;
    const text = value?.json ?? value?.string;
    if (typeof text !== 'string') return { kind: 'crash', message: `the function returned no orchestrator state: is '${fn.name}' registered with df.app.orchestration?` };
    return { kind: 'state', state: JSON.parse(text) as WireOrchestratorState };
  } catch (error) {
    const message = errorMessage(error);
    const at = message.indexOf(outOfProcDataLabel);
    if (at >= 0) {
      try {
        return { kind: 'state', state: JSON.parse(message.slice(at + outOfProcDataLabel.length)) as WireOrchestratorState };
      } catch {
        // fall through: a label without a parsable state is a crash.
      }
    }
    return { kind: 'crash', message };
  }
}

/** A .NET TimeSpan string (`d.hh:mm:ss`) for a duration in ms, as the extension sends timer settings. */
export function timeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${days}.${pad(Math.floor((totalSeconds % 86400) / 3600))}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}`;
}
