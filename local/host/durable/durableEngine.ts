import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Clock, CancelTimer } from '../clock.js';
import { VirtualClock } from '../clock.js';
import type { HostLogger } from '../log.js';
import type { FunctionInvoker } from '../worker/functionInvoker.js';
import { errorMessage } from '../worker/functionInvoker.js';
import type { FunctionRegistry } from '../worker/functionRegistry.js';
import type { HistoryEvent } from './historyEvents.js';
import { EventType, historyEvent } from './historyEvents.js';
import type { InstanceState, JournalRecord, ParentRef, RuntimeStatus } from './instanceState.js';
import { carriesOver, foldJournal, isTerminal } from './instanceState.js';
import { invokeOrchestrator, timeSpan } from './invokeOrchestrator.js';
import { JournalFile, readJournal } from './journalFile.js';
import { parseJson } from './parseJson.js';
import { DurableApiError, validateInstanceId } from './durableApiError.js';
import { EpisodeGates } from './episodeGates.js';
import { replayActions } from './replayActions.js';
import { runActivity } from './runActivity.js';

/** Options of {@link DurableEngine}. */
export interface DurableEngineOptions {
  registry: FunctionRegistry;
  invoker: FunctionInvoker;
  clock: Clock;
  /** Folder of the instance journals (created if missing). */
  stateDir: string;
  log: HostLogger;
  /** How many activities run at once (host.json `maxConcurrentActivityFunctions`). */
  maxConcurrentActivities: number;
}

/** Timer limits of the Azure Storage provider, sent to the SDK and used to split long timers. */
const maximumShortTimerMs = 6 * 24 * 3600 * 1000;
const longRunningTimerIntervalMs = 3 * 24 * 3600 * 1000;

/** In-memory companions of an instance: its open journal and what is in flight. */
interface Runtime {
  journal: JournalFile | undefined;
  busy: boolean;
  activities: Set<number>;
  children: Set<number>;
  timers: Map<number, { fireAt: number; cancel: CancelTimer }>;
  finished: Array<(state: InstanceState) => void>;
}

/**
 * The durable task engine of the local host: orchestration instances with their history in append-only,
 * fsync'd journals (one file per instance under `<stateDir>/instances`), driven through the real SDK one
 * episode at a time as the durable extension drives them: the episode's new messages are appended to the
 * history after an `OrchestratorStarted`, the orchestrator runs over the whole history, its actions are
 * replayed and checked ({@link replayActions}), and the new scheduling events are committed before any of
 * them is dispatched (activities, durable timers, sub-orchestrations). Every message into an instance is
 * committed before it is processed, so a host killed at any point resumes every instance from its journal:
 * completed steps are never run again and an activity that was running when the host died runs again.
 */
export class DurableEngine {
  readonly #options: DurableEngineOptions;
  readonly #instances = new Map<string, InstanceState>();
  readonly #runtime = new Map<string, Runtime>();
  readonly #activityLimit: ReturnType<typeof pLimit>;
  readonly #dir: string;
  #closing = false;
  /** Test hooks: hold an instance before its next episode or before an episode commits (`/admin/durable`). */
  readonly gates = new EpisodeGates();

  constructor(options: DurableEngineOptions) {
    this.#options = options;
    this.#activityLimit = pLimit(options.maxConcurrentActivities);
    this.#dir = join(options.stateDir, 'instances');
  }

  /** Reads every journal of the state folder. Call {@link resume} once the host can serve requests. */
  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    for (const file of await readdir(this.#dir)) {
      if (!file.endsWith('.jsonl')) continue;
      const state = foldJournal(await readJournal<JournalRecord>(join(this.#dir, file)));
      if (state) this.#instances.set(state.instanceId, state);
    }
  }

  /**
   * Resumes every unfinished instance after a restart: activities scheduled but not completed run again
   * (at-least-once), durable timers are armed again, missing sub-orchestrations are created, finished
   * sub-orchestrations report to their parents, and pending messages are processed.
   */
  async resume(): Promise<void> {
    const states = [...this.#instances.values()];
    for (const state of states) {
      if (isTerminal(state.status)) {
        if (state.parent) await this.#notifyParent(state);
        continue;
      }
      const rt = this.#rt(state);
      rt.journal = await JournalFile.open(this.#file(state.instanceId));
      const done = this.#completedIds(state);
      for (const event of state.history) {
        if (done.has(event.EventId)) continue;
        if (event.EventType === EventType.TaskScheduled) this.#dispatchActivity(state, event);
        else if (event.EventType === EventType.TimerCreated) this.#armTimer(state, event);
        else if (event.EventType === EventType.SubOrchestrationInstanceCreated) await this.#startChild(state, event);
      }
      if (state.inbox.length > 0) this.#kick(state);
    }
    if (states.length > 0) this.#options.log('information', `Durable engine resumed ${states.filter((s) => !isTerminal(s.status)).length} unfinished of ${states.length} instance(s).`);
  }

  /** Waits for in-flight journal writes and closes the journals; timers are cancelled. */
  async close(): Promise<void> {
    this.#closing = true;
    this.gates.releaseAll();
    for (const rt of this.#runtime.values()) {
      rt.timers.forEach((t) => t.cancel());
      rt.timers.clear();
    }
    await Promise.all([...this.#runtime.values()].map((rt) => rt.journal?.close()));
  }

  /** The instance's state, or undefined. */
  get(instanceId: string): InstanceState | undefined {
    return this.#instances.get(instanceId);
  }

  /** Every instance, oldest first. */
  list(): InstanceState[] {
    return [...this.#instances.values()].sort((a, b) => a.createdTime - b.createdTime);
  }

  /** Resolves when the instance is completed, failed or terminated. */
  waitForTerminal(instanceId: string): Promise<InstanceState> {
    const state = this.#instances.get(instanceId);
    if (!state) return Promise.reject(new DurableApiError(404, `No orchestration instance with ID '${instanceId}'.`));
    if (isTerminal(state.status)) return Promise.resolve(state);
    return new Promise((resolve) => this.#rt(state).finished.push(resolve));
  }

  /**
   * Starts orchestrator `name` with `inputJson` (JSON text, or null for no input). Follows the extension:
   * an unknown orchestrator is a 400; an instance id with `/ \ # ?` or control characters, starting with `@`
   * or longer than 256 characters is a 400; an id whose instance is still pending or running is a 409
   * (the default `overridableExistingInstanceStates`: only finished instances are replaced).
   */
  async startNew(name: string, options: { instanceId?: string; inputJson: string | null; parent?: ParentRef }): Promise<string> {
    const fn = this.#options.registry.get(name);
    if (!fn || fn.trigger.type.toLowerCase() !== 'orchestrationtrigger') {
      const known = this.#options.registry.byTrigger('orchestrationTrigger').map((f) => f.name);
      throw new DurableApiError(400, `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function. Additional info: ${known.length > 0 ? `The following are the known orchestrator functions: '${known.join("', '")}'.` : 'No orchestrator functions are currently registered!'}`);
    }
    const instanceId = options.instanceId ?? randomUUID().replace(/-/g, '');
    validateInstanceId(instanceId);
    const existing = this.#instances.get(instanceId);
    if (existing && !isTerminal(existing.status)) {
      throw new DurableApiError(409, `An Orchestration instance with the status ${existing.status} already exists: instance '${instanceId}' must finish (or be terminated) before its ID can be reused.`);
    }
    if (existing) await this.#runtime.get(instanceId)?.journal?.close();
    const now = this.#options.clock.now();
    const state: InstanceState = {
      instanceId,
      name: fn.name,
      executionId: randomUUID(),
      inputJson: options.inputJson,
      createdTime: now,
      lastUpdatedTime: now,
      status: 'Pending',
      customStatusJson: null,
      outputJson: null,
      parent: options.parent,
      history: [],
      inbox: [],
      nextMessageNumber: 0,
    };
    const rt: Runtime = { journal: undefined, busy: false, activities: new Set(), children: new Set(), timers: new Map(), finished: existing ? (this.#runtime.get(instanceId)?.finished ?? []) : [] };
    this.#instances.set(instanceId, state);
    this.#runtime.set(instanceId, rt);
    if (existing) await rm(this.#file(instanceId), { force: true });
    rt.journal = await JournalFile.open(this.#file(instanceId));
    await this.#beginGeneration(state, state.inputJson);
    this.#options.log('information', `${instanceId}: Function '${fn.name} (Orchestrator)' scheduled. Reason: ${options.parent ? `sub-orchestration of ${options.parent.instanceId}` : 'NewInstance'}.`);
    this.#kick(state);
    return instanceId;
  }

  /** Raises an external event: 404 for an unknown instance, 410 for a finished one (the extension's answers). */
  async raiseEvent(instanceId: string, eventName: string, inputJson: string | null): Promise<void> {
    const state = this.#requireRunning(instanceId);
    await this.#deliver(state.instanceId, undefined, historyEvent(EventType.EventRaised, this.#options.clock.now(), { Name: eventName, Input: inputJson }));
  }

  /** Terminates an instance: 404 unknown, 410 already finished. */
  async terminate(instanceId: string, reason: string | null): Promise<void> {
    const state = this.#requireRunning(instanceId);
    await this.#deliver(state.instanceId, undefined, historyEvent(EventType.ExecutionTerminated, this.#options.clock.now(), { Input: reason }));
  }

  /** Deletes a finished instance and its history: 404 unknown, 412 still running (the extension's rule). */
  async purge(instanceId: string): Promise<number> {
    const state = this.#instances.get(instanceId);
    if (!state) throw new DurableApiError(404, `No orchestration instance with ID '${instanceId}'.`);
    if (!isTerminal(state.status)) throw new DurableApiError(412, `Only orchestrations in a terminal state can be purged, but the orchestration with instance ID ${instanceId} has status ${state.status}`);
    await this.#runtime.get(instanceId)?.journal?.close();
    this.#runtime.delete(instanceId);
    this.#instances.delete(instanceId);
    await rm(this.#file(instanceId), { force: true });
    return 1;
  }

  /** Lifts a hold (see {@link gates}) and runs the episode that waited, if any. */
  release(instanceId: string): boolean {
    const released = this.gates.release(instanceId);
    const state = this.#instances.get(instanceId);
    if (state) this.#kick(state);
    return released;
  }

  #requireRunning(instanceId: string): InstanceState {
    const state = this.#instances.get(instanceId);
    if (!state) throw new DurableApiError(404, `No orchestration instance with ID '${instanceId}'.`);
    if (isTerminal(state.status)) throw new DurableApiError(410, `Instance '${instanceId}' is ${state.status}.`);
    return state;
  }

  #rt(state: InstanceState): Runtime {
    let rt = this.#runtime.get(state.instanceId);
    if (!rt) {
      rt = { journal: undefined, busy: false, activities: new Set(), children: new Set(), timers: new Map(), finished: [] };
      this.#runtime.set(state.instanceId, rt);
    }
    return rt;
  }

  #file(instanceId: string): string {
    return join(this.#dir, `${createHash('sha256').update(instanceId).digest('hex').slice(0, 40)}.jsonl`);
  }

  /** Writes a `start` record (new generation) and puts its ExecutionStarted into the inbox. */
  async #beginGeneration(state: InstanceState, inputJson: string | null): Promise<void> {
    const n = state.nextMessageNumber++;
    const parentInstance = state.parent ? { Name: state.name, OrchestrationInstance: { InstanceId: state.parent.instanceId, ExecutionId: state.parent.executionId }, TaskScheduleId: state.parent.taskScheduledId } : null;
    const startEvent = historyEvent(EventType.ExecutionStarted, this.#options.clock.now(), { Name: state.name, Input: inputJson, Version: '', ParentInstance: parentInstance });
    const record: JournalRecord = { t: 'start', instanceId: state.instanceId, name: state.name, executionId: state.executionId, inputJson, createdTime: state.createdTime, parent: state.parent, n, startEvent };
    await this.#rt(state).journal?.append(record);
    state.inbox.unshift({ n, event: startEvent });
  }

  /** Ids of scheduling events that already have their completion in history or inbox. */
  #completedIds(state: InstanceState): Set<number> {
    const done = new Set<number>();
    for (const event of [...state.history, ...state.inbox.map((m) => m.event)]) {
      if (event.TaskScheduledId !== undefined) done.add(event.TaskScheduledId);
      if (event.EventType === EventType.TimerFired && event.TimerId !== undefined) done.add(event.TimerId);
    }
    return done;
  }

  /**
   * Commits a message for an instance, then queues it. Dropped (as the real backends drop them): messages
   * for unknown or finished instances, for an older generation (`executionId`), and duplicate completions.
   */
  async #deliver(instanceId: string, executionId: string | undefined, event: HistoryEvent): Promise<void> {
    const state = this.#instances.get(instanceId);
    if (!state || isTerminal(state.status) || this.#closing) return;
    if (executionId !== undefined && executionId !== state.executionId) return;
    const id = event.TaskScheduledId ?? (event.EventType === EventType.TimerFired ? event.TimerId : undefined);
    if (id !== undefined && this.#completedIds(state).has(id)) return;
    const n = state.nextMessageNumber++;
    await this.#rt(state).journal?.append({ t: 'msg', n, executionId, event } satisfies JournalRecord);
    state.inbox.push({ n, event });
    this.gates.changed();
    this.#kick(state);
  }

  /** Runs an episode if the instance has messages and none is running. */
  #kick(state: InstanceState): void {
    const rt = this.#rt(state);
    if (rt.busy || state.inbox.length === 0 || isTerminal(state.status) || this.#closing || this.gates.blocksEpisode(state.instanceId)) return;
    rt.busy = true;
    this.#episode(state)
      .catch((error: unknown) => this.#options.log('error', `${state.instanceId}: the durable engine failed running an episode: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        rt.busy = false;
        if (this.#instances.get(state.instanceId) !== state) return;
        if (state.inbox.length > 0) this.#kick(state);
        else this.#fireIdleTimer(state);
      });
  }

  /** With the virtual clock in auto mode, an instance waiting only on timers gets its next timer now. */
  #fireIdleTimer(state: InstanceState): void {
    const clock = this.#options.clock;
    if (!(clock instanceof VirtualClock) || !clock.auto || isTerminal(state.status)) return;
    const rt = this.#rt(state);
    if (rt.busy || rt.activities.size > 0 || rt.children.size > 0 || state.inbox.length > 0 || rt.timers.size === 0) return;
    const next = Math.min(...[...rt.timers.values()].map((t) => t.fireAt));
    setImmediate(() => {
      if (!rt.busy && rt.activities.size === 0 && rt.children.size === 0 && state.inbox.length === 0) clock.jumpTo(next);
    });
  }

  async #episode(state: InstanceState): Promise<void> {
    const messages = state.inbox.slice();
    const consumed = messages.map((m) => m.n);
    const now = Math.max(this.#options.clock.now(), state.lastUpdatedTime);
    const started = historyEvent(EventType.OrchestratorStarted, now);
    const newEvents = [started, ...messages.map((m) => ({ ...m.event, IsPlayed: false }))];
    const terminated = messages.find((m) => m.event.EventType === EventType.ExecutionTerminated);
    if (terminated) {
      const reason = terminated.event.Input ?? null;
      const outputJson = reason === null ? null : JSON.stringify(reason);
      await this.#commit(state, consumed, [...newEvents, historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Terminated', Result: outputJson })], 'Terminated', state.customStatusJson, outputJson, now);
      this.#options.log('information', `${state.instanceId}: Function '${state.name} (Orchestrator)' was terminated. Reason: ${reason ?? '(none)'}.`);
      return this.#finish(state);
    }
    const fn = this.#options.registry.get(state.name);
    const history = [...state.history.map((e) => ({ ...e, IsPlayed: true })), ...newEvents];
    let status: RuntimeStatus = 'Running';
    let outputJson: string | null = null;
    let customStatusJson = state.customStatusJson;
    let scheduled: HistoryEvent[] = [];
    let continueAsNewInput: string | null | undefined;
    let failure: string | undefined;
    if (!fn) {
      failure = `The function '${state.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
    } else {
      const inputValue = state.inputJson === null || state.inputJson === '' ? undefined : parseJson(state.inputJson);
      const answer = await invokeOrchestrator(this.#options.invoker, fn, {
        history,
        input: inputValue,
        instanceId: state.instanceId,
        isReplaying: state.history.length > 0,
        parentInstanceId: state.parent?.instanceId ?? null,
        upperSchemaVersion: 1,
        upperSchemaVersionNew: 2,
        longRunningTimerIntervalDuration: timeSpan(longRunningTimerIntervalMs),
        maximumShortTimerDuration: timeSpan(maximumShortTimerMs),
        defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
      });
      if (answer.kind === 'crash') {
        failure = `Orchestrator function '${state.name}' failed: ${answer.message}`;
      } else {
        const sdk = answer.state;
        if (sdk.customStatus !== undefined) customStatusJson = JSON.stringify(sdk.customStatus);
        const statusTooLarge = customStatusProblem(customStatusJson);
        if (statusTooLarge) failure = `Orchestrator function '${state.name}' failed: ${statusTooLarge}`;
        const replay = replayActions(sdk.actions?.[0] ?? [], history, {
          orchestrationName: state.name,
          instanceId: state.instanceId,
          executionId: state.executionId,
          parentInstanceId: state.parent?.instanceId,
          activities: this.#options.registry.byTrigger('activityTrigger').map((f) => f.name),
          orchestrators: this.#options.registry.byTrigger('orchestrationTrigger').map((f) => f.name),
          maximumShortTimerMs,
          longRunningTimerIntervalMs,
        }, now);
        if (failure !== undefined) {
          // the custom status was refused: nothing else of the episode counts
        } else if (replay.failure) failure = replay.failure;
        else if (sdk.error !== undefined && sdk.error !== null) failure = `Orchestrator function '${state.name}' failed: ${sdk.error}`;
        else if (sdk.isDone && replay.continueAsNew) {
          status = 'ContinuedAsNew';
          continueAsNewInput = replay.continueAsNew.inputJson;
        } else if (sdk.isDone) {
          status = 'Completed';
          outputJson = sdk.output === undefined ? null : JSON.stringify(sdk.output);
        } else scheduled = replay.scheduled;
      }
    }
    if (failure !== undefined) {
      status = 'Failed';
      outputJson = JSON.stringify(failure);
      scheduled = [];
    }
    const appended = [...newEvents, ...scheduled, historyEvent(EventType.OrchestratorCompleted, now)];
    if (status !== 'Running') appended.push(historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: status, Result: outputJson }));
    // A test may hold the commit: messages raised meanwhile arrive while this episode is in flight.
    await this.gates.beforeCommit(state.instanceId);
    if (this.#closing) return;
    await this.#commit(state, consumed, appended, status, customStatusJson, outputJson, now);

    if (status === 'ContinuedAsNew') {
      await this.#continueAsNew(state, continueAsNewInput ?? null);
      return;
    }
    if (status !== 'Running') {
      this.#options.log(status === 'Failed' ? 'error' : 'information', `${state.instanceId}: Function '${state.name} (Orchestrator)' ${status === 'Failed' ? `failed: ${failure}` : 'completed'}.`);
      return this.#finish(state);
    }
    for (const event of scheduled) {
      if (event.EventType === EventType.TaskScheduled) this.#dispatchActivity(state, event);
      else if (event.EventType === EventType.TimerCreated) this.#armTimer(state, event);
      else if (event.EventType === EventType.SubOrchestrationInstanceCreated) await this.#startChild(state, event);
    }
  }

  async #commit(state: InstanceState, consumed: number[], events: HistoryEvent[], status: RuntimeStatus, customStatusJson: string | null, outputJson: string | null, at: number): Promise<void> {
    const record: JournalRecord = { t: 'episode', executionId: state.executionId, consumed, events, status, customStatusJson, outputJson, at };
    await this.#rt(state).journal?.append(record);
    const done = new Set(consumed);
    state.inbox = state.inbox.filter((m) => !done.has(m.n));
    state.history.push(...events);
    state.status = status;
    state.customStatusJson = customStatusJson;
    state.outputJson = outputJson;
    state.lastUpdatedTime = at;
  }

  async #continueAsNew(state: InstanceState, inputJson: string | null): Promise<void> {
    const rt = this.#rt(state);
    rt.timers.forEach((t) => t.cancel());
    rt.timers.clear();
    rt.activities.clear();
    rt.children.clear();
    state.executionId = randomUUID();
    state.inputJson = inputJson;
    state.history = [];
    state.inbox = state.inbox.filter((m) => carriesOver(m.event));
    state.status = 'Pending';
    state.outputJson = null;
    await this.#beginGeneration(state, inputJson);
  }

  async #finish(state: InstanceState): Promise<void> {
    const rt = this.#rt(state);
    rt.timers.forEach((t) => t.cancel());
    rt.timers.clear();
    await rt.journal?.close();
    rt.journal = undefined;
    for (const resolve of rt.finished.splice(0)) resolve(state);
    if (state.parent) await this.#notifyParent(state);
  }

  /** Tells the parent orchestration that its sub-orchestration finished (completed, or failed/terminated). */
  async #notifyParent(state: InstanceState): Promise<void> {
    const parent = state.parent as ParentRef;
    const now = this.#options.clock.now();
    const event =
      state.status === 'Completed'
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, now, { TaskScheduledId: parent.taskScheduledId, Result: state.outputJson ?? 'null' })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, now, {
            TaskScheduledId: parent.taskScheduledId,
            Reason: state.outputJson === null ? `Sub-orchestration '${state.instanceId}' was ${state.status.toLowerCase()}.` : String(parseJson(state.outputJson)),
            Details: JSON.stringify({ InstanceId: state.instanceId, RuntimeStatus: state.status }),
          });
    const parentState = this.#instances.get(parent.instanceId);
    if (parentState) this.#rt(parentState).children.delete(parent.taskScheduledId);
    await this.#deliver(parent.instanceId, parent.executionId, event);
  }

  #dispatchActivity(state: InstanceState, scheduled: HistoryEvent): void {
    const rt = this.#rt(state);
    const executionId = state.executionId;
    const fn = this.#options.registry.get(scheduled.Name ?? '');
    rt.activities.add(scheduled.EventId);
    void this.#activityLimit(async () => {
      if (this.#closing || state.executionId !== executionId) return;
      const now = (): number => this.#options.clock.now();
      const completion = fn
        ? await runActivity(this.#options.invoker, fn, scheduled, state.instanceId, now)
        : historyEvent(EventType.TaskFailed, now(), { TaskScheduledId: scheduled.EventId, Reason: `Activity function '${scheduled.Name}' does not exist.`, Details: '' });
      rt.activities.delete(scheduled.EventId);
      await this.#deliver(state.instanceId, executionId, completion);
    }).catch((error: unknown) => this.#options.log('error', `${state.instanceId}: activity ${scheduled.Name} could not report: ${errorMessage(error)}`));
  }

  #armTimer(state: InstanceState, created: HistoryEvent): void {
    const rt = this.#rt(state);
    const executionId = state.executionId;
    const fireAt = Date.parse(created.FireAt ?? '');
    const cancel = this.#options.clock.schedule(fireAt, () => {
      rt.timers.delete(created.EventId);
      this.#deliver(state.instanceId, executionId, historyEvent(EventType.TimerFired, this.#options.clock.now(), { TimerId: created.EventId, FireAt: created.FireAt })).catch((error: unknown) =>
        this.#options.log('error', `${state.instanceId}: timer ${created.EventId} could not fire: ${errorMessage(error)}`),
      );
    });
    rt.timers.set(created.EventId, { fireAt, cancel });
  }

  async #startChild(state: InstanceState, created: HistoryEvent): Promise<void> {
    const childId = created.InstanceId as string;
    this.#rt(state).children.add(created.EventId);
    const parent: ParentRef = { instanceId: state.instanceId, executionId: state.executionId, taskScheduledId: created.EventId };
    const existing = this.#instances.get(childId);
    if (existing && existing.parent?.executionId === parent.executionId && existing.parent.taskScheduledId === parent.taskScheduledId) {
      // Already created before a restart: a finished child reports again (duplicates are dropped).
      if (isTerminal(existing.status)) await this.#notifyParent(existing);
      return;
    }
    try {
      await this.startNew(created.Name as string, { instanceId: childId, inputJson: created.Input ?? null, parent });
    } catch (error) {
      this.#rt(state).children.delete(created.EventId);
      await this.#deliver(state.instanceId, state.executionId, historyEvent(EventType.SubOrchestrationInstanceFailed, this.#options.clock.now(), {
        TaskScheduledId: created.EventId,
        Reason: `Sub-orchestration '${childId}' could not start: ${errorMessage(error)}`,
        Details: '',
      }));
    }
  }
}

/**
 * The extension refuses a custom status over 16 KB of UTF-16 JSON (8,192 code units) and fails the
 * orchestration with this message (Durable Functions' MessagePayloadDataConverter).
 */
export function customStatusProblem(json: string | null): string | undefined {
  if (json === null || json.length * 2 <= 16 * 1024) return undefined;
  return `The UTF-16 size of the JSON-serialized payload must not exceed 16 KB. The current payload size is ${Math.ceil((json.length * 2) / 1024)} KB.`;
}

