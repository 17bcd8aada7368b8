import type { HistoryEvent } from './historyEvents.js';
import { EventType } from './historyEvents.js';

/** Runtime statuses as the management API reports them (`OrchestrationRuntimeStatus`). */
export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Suspended';

/** Completed, failed, terminated or canceled: the instance will not run again. */
export function isTerminal(status: RuntimeStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated' || status === 'Canceled';
}

/** The orchestration that started a sub-orchestration, and the task waiting for it. */
export interface ParentRef {
  instanceId: string;
  executionId: string;
  taskScheduledId: number;
}

/** A message waiting in an instance's inbox, numbered in arrival order. */
export interface InboxMessage {
  n: number;
  event: HistoryEvent;
}

/** The durable state of one orchestration instance (its current generation). */
export interface InstanceState {
  instanceId: string;
  name: string;
  executionId: string;
  inputJson: string | null;
  createdTime: number;
  lastUpdatedTime: number;
  status: RuntimeStatus;
  customStatusJson: string | null;
  outputJson: string | null;
  parent: ParentRef | undefined;
  history: HistoryEvent[];
  inbox: InboxMessage[];
  nextMessageNumber: number;
}

/** Journal records of an instance file, in the order they were appended. */
export type JournalRecord =
  /** A new generation: startNew, a sub-orchestration, continue-as-new or a restart over a finished instance. */
  | { t: 'start'; instanceId: string; name: string; executionId: string; inputJson: string | null; createdTime: number; parent?: ParentRef; n: number; startEvent: HistoryEvent }
  /** A message accepted into the inbox (completions, timers, external events, termination). */
  | { t: 'msg'; n: number; executionId: string | undefined; event: HistoryEvent }
  /** One orchestrator episode: the events it added to history and the status after it. */
  | { t: 'episode'; executionId: string; consumed: number[]; events: HistoryEvent[]; status: RuntimeStatus; customStatusJson: string | null; outputJson: string | null; at: number };

/** External events and terminations follow an instance into its next generation (continue-as-new). */
export function carriesOver(event: HistoryEvent): boolean {
  return event.EventType === EventType.EventRaised || event.EventType === EventType.ExecutionTerminated;
}

/** Folds journal records into the instance state they describe (undefined for an empty journal). */
export function foldJournal(records: JournalRecord[]): InstanceState | undefined {
  let state: InstanceState | undefined;
  for (const record of records) {
    if (record.t === 'start') {
      // Events and terminations target the instance, not an execution: those not yet processed when the
      // instance continued as new go to the new generation.
      const carried = state?.inbox.filter((m) => carriesOver(m.event)) ?? [];
      state = {
        instanceId: record.instanceId,
        name: record.name,
        executionId: record.executionId,
        inputJson: record.inputJson,
        createdTime: record.createdTime,
        lastUpdatedTime: record.createdTime,
        status: 'Pending',
        customStatusJson: null,
        outputJson: null,
        parent: record.parent,
        history: [],
        inbox: [{ n: record.n, event: record.startEvent }, ...carried],
        nextMessageNumber: record.n + 1,
      };
    } else if (!state) {
      continue;
    } else if (record.t === 'msg') {
      state.nextMessageNumber = Math.max(state.nextMessageNumber, record.n + 1);
      if (record.executionId === undefined || record.executionId === state.executionId) state.inbox.push({ n: record.n, event: record.event });
    } else if (record.executionId === state.executionId) {
      const consumed = new Set(record.consumed);
      state.inbox = state.inbox.filter((m) => !consumed.has(m.n));
      state.history.push(...record.events);
      state.status = record.status;
      state.customStatusJson = record.customStatusJson;
      state.outputJson = record.outputJson;
      state.lastUpdatedTime = record.at;
    }
  }
  return state;
}
