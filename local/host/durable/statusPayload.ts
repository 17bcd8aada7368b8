import type { HistoryEvent } from './historyEvents.js';
import { EventType, eventTypeName } from './historyEvents.js';
import type { InstanceState } from './instanceState.js';
import { parseJson } from './parseJson.js';

/** What the management API returns for one instance (the extension's `StatusResponsePayload`). */
export interface StatusPayload {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Record<string, unknown>[];
}

/** Options of a status query (`showHistory`, `showHistoryOutput`, `showInput`). */
export interface StatusOptions {
  showHistory: boolean;
  showHistoryOutput: boolean;
  showInput: boolean;
}

/** The management API's status of `state`. Times are whole seconds, as the extension formats them (`"s"` + `Z`). */
export function statusPayload(state: InstanceState, options: StatusOptions): StatusPayload {
  const payload: StatusPayload = {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.status,
    input: options.showInput ? jsonValue(state.inputJson) : null,
    customStatus: jsonValue(state.customStatusJson),
    output: jsonValue(state.outputJson),
    createdTime: seconds(state.createdTime),
    lastUpdatedTime: seconds(state.lastUpdatedTime),
  };
  if (options.showHistory && state.status !== 'Pending') payload.historyEvents = summarizeHistory(state.history, options);
  return payload;
}

function seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `ParseToJToken`: null stays null, blank is "", JSON is parsed, anything else is the raw text. */
function jsonValue(text: string | null): unknown {
  if (text === null) return null;
  if (text.trim() === '') return '';
  return parseJson(text);
}

/**
 * The history as the extension shows it (`GetDurableOrchestrationStatusAsync`): event types by name,
 * TaskScheduled/SubOrchestrationInstanceCreated folded into their completion (`FunctionName`,
 * `ScheduledTime`), OrchestratorStarted/Completed left out, results only with `showHistoryOutput`, inputs
 * only with `showInput`, no `EventId`/`IsPlayed`.
 */
export function summarizeHistory(history: HistoryEvent[], options: StatusOptions): Record<string, unknown>[] {
  const scheduledBy = new Map<string, { index: number; event: HistoryEvent }>();
  const drop = new Set<number>();
  const items = history.map((event, index) => {
    const item: Record<string, unknown> = { ...event, EventType: eventTypeName(event.EventType) };
    switch (event.EventType) {
      case EventType.TaskScheduled:
      case EventType.SubOrchestrationInstanceCreated:
        scheduledBy.set(`${event.EventType}_${event.EventId}`, { index, event });
        delete item.Version;
        break;
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceCompleted:
      case EventType.SubOrchestrationInstanceFailed: {
        const schedulingType = event.EventType === EventType.TaskCompleted || event.EventType === EventType.TaskFailed ? EventType.TaskScheduled : EventType.SubOrchestrationInstanceCreated;
        const scheduled = scheduledBy.get(`${schedulingType}_${event.TaskScheduledId}`);
        if (scheduled) {
          item.ScheduledTime = scheduled.event.Timestamp;
          item.FunctionName = scheduled.event.Name;
          if (options.showInput) item.Input = scheduled.event.Input;
          drop.add(scheduled.index);
        }
        delete item.TaskScheduledId;
        if (event.EventType === EventType.TaskCompleted || event.EventType === EventType.SubOrchestrationInstanceCompleted) {
          if (options.showHistoryOutput) item.Result = jsonValue(event.Result ?? null);
          else delete item.Result;
        }
        break;
      }
      case EventType.ExecutionStarted:
        item.FunctionName = event.Name;
        delete item.Name;
        delete item.ParentInstance;
        delete item.Version;
        break;
      case EventType.ExecutionCompleted:
        if (options.showHistoryOutput) item.Result = jsonValue(event.Result ?? null);
        else delete item.Result;
        break;
      case EventType.TimerFired:
        delete item.TimerId;
        break;
      case EventType.OrchestratorStarted:
      case EventType.OrchestratorCompleted:
        drop.add(index);
        break;
      default:
        break;
    }
    if (!options.showInput) delete item.Input;
    delete item.EventId;
    delete item.IsPlayed;
    return item;
  });
  return items.filter((_, index) => !drop.has(index));
}
