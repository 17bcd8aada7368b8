import type { WireAction, WireRetryOptions } from './actions.js';
import { ActionType, actionInputJson } from './actions.js';
import type { HistoryEvent } from './historyEvents.js';
import { EventType, historyEvent } from './historyEvents.js';
import { retryDelayMs } from './retryDelay.js';
import { ShimTask } from './shimTask.js';

/** What the replay needs to know about the orchestration and the app. */
export interface ReplayContext {
  orchestrationName: string;
  instanceId: string;
  executionId: string;
  parentInstanceId: string | undefined;
  /** Registered activity names (for the extension's "doesn't exist" check). */
  activities: string[];
  /** Registered orchestrator names. */
  orchestrators: string[];
  /** Timers further away than this are split (Azure Storage: 6 days). */
  maximumShortTimerMs: number;
  /** Length of each piece of a split timer (3 days). */
  longRunningTimerIntervalMs: number;
}

/** The outcome of replaying one episode. */
export interface ReplayResult {
  /** Scheduling events this episode adds (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated), by sequence number. */
  scheduled: HistoryEvent[];
  /** Every top-level action settled: the extension's shim has returned. */
  shimFinished: boolean;
  /** Set when the orchestrator called `continueAsNew` (JSON text of the new input). */
  continueAsNew: { inputJson: string | null } | undefined;
  /** Why the orchestration fails whatever the SDK answered: a non-deterministic replay or an invalid call. */
  failure: string | undefined;
}

/** Thrown for a replay that diverges from history (DTFx's `NonDeterministicOrchestrationException`). */
class NonDeterminismError extends Error {
  constructor(message: string) {
    super(`Non-Deterministic workflow detected: ${message}`);
  }
}

/** Thrown for an action the extension refuses synchronously (unknown function, invalid instance id). */
class InvalidActionError extends Error {}

const codeChanged = 'Was a change made to the orchestrator code after this instance had already started running?';

/**
 * Replays an orchestrator's actions against its history the way the durable extension does, so that the
 * host sees what the real one sees. The extension's out-of-proc shim invokes the SDK's top-level actions one
 * at a time and awaits each (WhenAll = Task.WhenAll, WhenAny = Task.WhenAny, task errors swallowed); every
 * call takes the next DTFx sequence number; retries run DTFx's RetryInterceptor (an attempt, a timer after
 * each failure including the last, another attempt); timers longer than the maximum short timer are split
 * into long-running intervals; sub-orchestrations without an id get `<executionId>:<sequence number>`.
 * DTFx checks each historical scheduling event against the action produced at its sequence number (type and
 * name, case-insensitive, not inputs) and fails the orchestration with "Non-Deterministic workflow
 * detected: …" when they differ. Completion events settle the shim's tasks in history order.
 */
export function replayActions(actions: WireAction[], history: HistoryEvent[], context: ReplayContext, episodeTime: number): ReplayResult {
  let sequence = 0;
  // DTFx's CurrentUtcDateTime: the timestamp of the latest OrchestratorStarted replayed so far.
  const firstStart = history.find((e) => e.EventType === EventType.OrchestratorStarted);
  let now = firstStart ? Date.parse(firstStart.Timestamp) : episodeTime;
  const produced = new Map<number, HistoryEvent>();
  const open = new Map<number, ShimTask>();
  const waiters = new Map<string, ShimTask[]>();
  const buffered = new Map<string, number>();
  let continueAsNew: ReplayResult['continueAsNew'];
  let failure: string | undefined;
  let shimFinished = false;

  const schedule = (fields: Partial<HistoryEvent> & { EventType: HistoryEvent['EventType'] }): ShimTask => {
    const id = sequence++;
    produced.set(id, historyEvent(fields.EventType, episodeTime, { ...fields, EventId: id }));
    const task = new ShimTask();
    open.set(id, task);
    return task;
  };
  const timerAt = (fireAt: number): ShimTask => schedule({ EventType: EventType.TimerCreated, FireAt: new Date(fireAt).toISOString() });

  const withRetry = (options: WireRetryOptions | undefined, call: () => ShimTask): ShimTask => {
    if (!options) return call();
    const result = new ShimTask();
    const firstAttemptAt = now;
    let attempt = 0;
    const tryOnce = (): void => {
      const task = call();
      task.whenSettled(() => {
        if (task.succeeded) return result.settle(true);
        const delay = retryDelayMs(options, attempt, firstAttemptAt, now);
        attempt += 1;
        if (delay <= 0) return result.settle(false);
        timerAt(now + delay).whenSettled(() => (attempt >= options.maxNumberOfAttempts ? result.settle(false) : tryOnce()));
      });
    };
    tryOnce();
    return result;
  };

  const createTimer = (fireAt: number, canceled: boolean): ShimTask => {
    if (fireAt - now <= context.maximumShortTimerMs) {
      const timer = timerAt(fireAt);
      return canceled ? ShimTask.settled(false) : timer;
    }
    const result = new ShimTask();
    let intervalFireAt = now + context.longRunningTimerIntervalMs;
    const next = (): void => {
      const piece = timerAt(intervalFireAt);
      if (canceled) return result.settle(false);
      piece.whenSettled(() => {
        const remaining = fireAt - now;
        if (remaining <= 0) return result.settle(true);
        intervalFireAt = now + Math.min(remaining, context.longRunningTimerIntervalMs);
        next();
      });
    };
    next();
    return result;
  };

  const requireFunction = (name: string | undefined, kind: 'activity' | 'orchestrator'): string => {
    const known = kind === 'activity' ? context.activities : context.orchestrators;
    const found = known.find((k) => k.toLowerCase() === (name ?? '').toLowerCase());
    if (found === undefined) {
      const info = known.length > 0 ? `The following are the known ${kind} functions: '${known.join("', '")}'.` : `No ${kind} functions are currently registered!`;
      throw new InvalidActionError(`The function '${name}' doesn't exist, is disabled, or is not an ${kind === 'activity' ? 'activity' : 'orchestrator'} function. Additional info: ${info}`);
    }
    return name as string;
  };

  const invoke = (action: WireAction): ShimTask => {
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const name = requireFunction(action.functionName, 'activity');
        const input = actionInputJson(action.input, true);
        return withRetry(action.actionType === ActionType.CallActivityWithRetry ? action.retryOptions : undefined, () =>
          schedule({ EventType: EventType.TaskScheduled, Name: name, Input: input }),
        );
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const name = requireFunction(action.functionName, 'orchestrator');
        const explicitId = action.instanceId || undefined;
        if (explicitId !== undefined && (explicitId.toLowerCase() === context.instanceId.toLowerCase() || explicitId.toLowerCase() === context.parentInstanceId?.toLowerCase())) {
          throw new InvalidActionError('The instance ID of a sub-orchestration must be different than the instance ID of a parent orchestration.');
        }
        if (explicitId?.startsWith('@')) throw new InvalidActionError('Orchestration instance ids must not start with @.');
        const input = actionInputJson(action.input, false);
        return withRetry(action.actionType === ActionType.CallSubOrchestratorWithRetry ? action.retryOptions : undefined, () =>
          schedule({ EventType: EventType.SubOrchestrationInstanceCreated, Name: name, InstanceId: explicitId ?? `${context.executionId}:${sequence}`, Input: input }),
        );
      }
      case ActionType.CreateTimer:
        return createTimer(Date.parse(action.fireAt ?? ''), action.isCanceled === true);
      case ActionType.WaitForExternalEvent: {
        const key = (action.externalEventName ?? '').toLowerCase();
        const task = new ShimTask();
        const waiting = buffered.get(key) ?? 0;
        if (waiting > 0) {
          buffered.set(key, waiting - 1);
          task.settle(true);
        } else waiters.set(key, [...(waiters.get(key) ?? []), task]);
        return task;
      }
      case ActionType.ContinueAsNew:
        continueAsNew = { inputJson: actionInputJson(action.input, true) };
        return ShimTask.settled(true);
      case ActionType.WhenAll:
        return ShimTask.whenAll((action.compoundActions ?? []).map(invoke));
      case ActionType.WhenAny:
        return ShimTask.whenAny((action.compoundActions ?? []).map(invoke));
      case ActionType.CallHttp:
        throw new InvalidActionError('callHttp is not supported by the local Functions host.');
      default:
        throw new InvalidActionError(`Durable entities (action type ${action.actionType}) are not supported by the local Functions host.`);
    }
  };

  const runShim = (from: number): void => {
    for (let i = from; i < actions.length; i++) {
      let task: ShimTask;
      try {
        task = invoke(actions[i] as WireAction);
      } catch (error) {
        if (!(error instanceof InvalidActionError)) throw error;
        failure ??= `Orchestrator function '${context.orchestrationName}' failed: ${error.message}`;
        return;
      }
      if (!task.settled) {
        task.whenSettled(() => runShim(i + 1));
        return;
      }
    }
    shimFinished = true;
  };

  const checkScheduled = (event: HistoryEvent): void => {
    const id = event.EventId;
    const mine = produced.get(id);
    if (event.EventType === EventType.TaskScheduled) {
      if (!mine) throw new NonDeterminismError(`A previous execution of this orchestration scheduled an activity task with sequence ID ${id} and name '${event.Name}' (version ''), but the current replay execution hasn't (yet?) scheduled this task. ${codeChanged}`);
      if (mine.EventType !== EventType.TaskScheduled) throw new NonDeterminismError(`A previous execution of this orchestration scheduled an activity task with sequence number ${id} named '${event.Name}', but the current orchestration replay instead produced a ${actionName(mine)} action with this sequence number. ${codeChanged}`);
      if ((mine.Name ?? '').toLowerCase() !== (event.Name ?? '').toLowerCase()) throw new NonDeterminismError(`A previous execution of this orchestration scheduled an activity task with sequence number ${id} named '${event.Name}', but the current orchestration replay instead scheduled an activity task named '${mine.Name}' with this sequence number.  ${codeChanged}`);
    } else if (event.EventType === EventType.TimerCreated) {
      if (!mine) throw new NonDeterminismError(`A previous execution of this orchestration scheduled a timer task with sequence number ${id} but the current replay execution hasn't (yet?) scheduled this task. ${codeChanged}`);
      if (mine.EventType !== EventType.TimerCreated) throw new NonDeterminismError(`A previous execution of this orchestration scheduled a timer task with sequence number ${id} named but the current orchestration replay instead produced a ${actionName(mine)} action with this sequence number. ${codeChanged}`);
    } else {
      const what = `A previous execution of this orchestration scheduled a sub-orchestration task with sequence ID ${id} and name '${event.Name}' (version '', instance ID '${event.InstanceId}')`;
      if (!mine) throw new NonDeterminismError(`${what}, but the current replay execution hasn't (yet?) scheduled this task. ${codeChanged}`);
      if (mine.EventType !== EventType.SubOrchestrationInstanceCreated) throw new NonDeterminismError(`${what}, but the current orchestration replay instead produced a ${actionName(mine)} action at this sequence number. ${codeChanged}`);
      if ((mine.Name ?? '').toLowerCase() !== (event.Name ?? '').toLowerCase()) throw new NonDeterminismError(`${what}, but the current orchestration replay instead scheduled a sub-orchestration task with name ${mine.Name} at this sequence number. ${codeChanged}`);
    }
    produced.delete(id);
  };

  try {
    for (const event of history) {
      if (failure) break;
      switch (event.EventType) {
        case EventType.OrchestratorStarted:
          now = Math.max(now, Date.parse(event.Timestamp));
          break;
        case EventType.ExecutionStarted:
          runShim(0);
          break;
        case EventType.TaskScheduled:
        case EventType.TimerCreated:
        case EventType.SubOrchestrationInstanceCreated:
          checkScheduled(event);
          break;
        case EventType.TaskCompleted:
        case EventType.SubOrchestrationInstanceCompleted:
          open.get(event.TaskScheduledId ?? -1)?.settle(true);
          break;
        case EventType.TaskFailed:
        case EventType.SubOrchestrationInstanceFailed:
          open.get(event.TaskScheduledId ?? -1)?.settle(false);
          break;
        case EventType.TimerFired:
          open.get(event.TimerId ?? -1)?.settle(true);
          break;
        case EventType.EventRaised: {
          const key = (event.Name ?? '').toLowerCase();
          const waiting = waiters.get(key);
          if (waiting && waiting.length > 0) (waiting.shift() as ShimTask).settle(true);
          else buffered.set(key, (buffered.get(key) ?? 0) + 1);
          break;
        }
        default:
          break;
      }
    }
  } catch (error) {
    if (!(error instanceof NonDeterminismError) && !(error instanceof InvalidActionError)) throw error;
    failure = error instanceof InvalidActionError ? `Orchestrator function '${context.orchestrationName}' failed: ${error.message}` : error.message;
  }
  const scheduled = failure ? [] : [...produced.values()].sort((a, b) => a.EventId - b.EventId);
  return { scheduled, shimFinished, continueAsNew, failure };
}

/** The DTFx action class name used in non-determinism messages. */
function actionName(event: HistoryEvent): string {
  switch (event.EventType) {
    case EventType.TaskScheduled:
      return 'ScheduleTaskOrchestratorAction';
    case EventType.TimerCreated:
      return 'CreateTimerOrchestratorAction';
    default:
      return 'CreateSubOrchestrationAction';
  }
}
