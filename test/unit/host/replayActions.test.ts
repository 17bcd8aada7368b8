import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WireAction } from '../../../local/host/durable/actions.js';
import { ActionType } from '../../../local/host/durable/actions.js';
import type { HistoryEvent } from '../../../local/host/durable/historyEvents.js';
import { EventType, historyEvent } from '../../../local/host/durable/historyEvents.js';
import type { ReplayContext } from '../../../local/host/durable/replayActions.js';
import { replayActions } from '../../../local/host/durable/replayActions.js';

const day = 24 * 3600 * 1000;
const t0 = Date.parse('2024-05-01T00:00:00Z');
const context: ReplayContext = {
  orchestrationName: 'orch',
  instanceId: 'i1',
  executionId: 'exec-1',
  parentInstanceId: undefined,
  activities: ['act', 'other'],
  orchestrators: ['orch', 'child'],
  maximumShortTimerMs: 6 * day,
  longRunningTimerIntervalMs: 3 * day,
};
const started = (at: number): HistoryEvent[] => [historyEvent(EventType.OrchestratorStarted, at), historyEvent(EventType.ExecutionStarted, at, { Name: 'orch' })];
const scheduled = (id: number, name = 'act', at = t0): HistoryEvent => historyEvent(EventType.TaskScheduled, at, { EventId: id, Name: name });
const timerCreated = (id: number, fireAt: number): HistoryEvent => historyEvent(EventType.TimerCreated, t0, { EventId: id, FireAt: new Date(fireAt).toISOString() });
const episode = (at: number, ...events: HistoryEvent[]): HistoryEvent[] => [historyEvent(EventType.OrchestratorCompleted, at), historyEvent(EventType.OrchestratorStarted, at), ...events];
const summary = (events: HistoryEvent[]) => events.map((e) => [e.EventType, e.EventId, e.InstanceId ?? e.Name ?? e.FireAt]);

describe('replayActions (the extension shim and DTFx replay)', () => {
  it('schedules each top-level action only after the previous one completed', () => {
    const actions: WireAction[] = [
      { actionType: ActionType.CallActivity, functionName: 'act', input: '"a"' },
      { actionType: ActionType.CallActivity, functionName: 'other', input: 1 },
    ];
    const first = replayActions(actions, started(t0), context, t0);
    assert.deepEqual(summary(first.scheduled), [[EventType.TaskScheduled, 0, 'act']]);
    assert.equal(first.scheduled[0]?.Input, '"a"', 'string inputs arrive JSON-encoded and stay so');
    const second = replayActions(actions, [...started(t0), scheduled(0), ...episode(t0 + 1, historyEvent(EventType.TaskCompleted, t0 + 1, { TaskScheduledId: 0, Result: '"A"' }))], context, t0 + 1);
    assert.deepEqual(summary(second.scheduled), [[EventType.TaskScheduled, 1, 'other']]);
    assert.equal(second.shimFinished, false);
  });

  it('takes a timer after a failed attempt: firstRetryInterval × coefficient^attempt', () => {
    const actions: WireAction[] = [{ actionType: ActionType.CallActivityWithRetry, functionName: 'act', retryOptions: { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 3, backoffCoefficient: 3 } }];
    const history = [...started(t0), scheduled(0), ...episode(t0 + 10, historyEvent(EventType.TaskFailed, t0 + 10, { TaskScheduledId: 0, Reason: 'r', Details: 'd' }))];
    assert.deepEqual(summary(replayActions(actions, history, context, t0 + 10).scheduled), [[EventType.TimerCreated, 1, new Date(t0 + 10 + 1000).toISOString()]]);
    const later = [...history, timerCreated(1, t0 + 1010), ...episode(t0 + 1010, historyEvent(EventType.TimerFired, t0 + 1010, { TimerId: 1 }))];
    const retried = [...later, scheduled(2), ...episode(t0 + 1020, historyEvent(EventType.TaskFailed, t0 + 1020, { TaskScheduledId: 2, Reason: 'r', Details: 'd' }))];
    assert.deepEqual(summary(replayActions(actions, later, context, t0 + 1010).scheduled), [[EventType.TaskScheduled, 2, 'act']]);
    assert.deepEqual(summary(replayActions(actions, retried, context, t0 + 1020).scheduled), [[EventType.TimerCreated, 3, new Date(t0 + 1020 + 3000).toISOString()]]);
  });

  it('splits a timer beyond the maximum short timer into long-running intervals', () => {
    const actions: WireAction[] = [{ actionType: ActionType.CreateTimer, fireAt: new Date(t0 + 10 * day).toISOString(), isCanceled: false }];
    assert.deepEqual(summary(replayActions(actions, started(t0), context, t0).scheduled), [[EventType.TimerCreated, 0, new Date(t0 + 3 * day).toISOString()]]);
    const after9 = [...started(t0), timerCreated(0, t0 + 3 * day), ...episode(t0 + 3 * day, historyEvent(EventType.TimerFired, t0 + 3 * day, { TimerId: 0 })), timerCreated(1, t0 + 6 * day), ...episode(t0 + 6 * day, historyEvent(EventType.TimerFired, t0 + 6 * day, { TimerId: 1 })), timerCreated(2, t0 + 9 * day), ...episode(t0 + 9 * day, historyEvent(EventType.TimerFired, t0 + 9 * day, { TimerId: 2 }))];
    assert.deepEqual(summary(replayActions(actions, after9, context, t0 + 9 * day).scheduled), [[EventType.TimerCreated, 3, new Date(t0 + 10 * day).toISOString()]]);
  });

  it('gives sub-orchestrations without an id <executionId>:<sequence number>', () => {
    const actions: WireAction[] = [{ actionType: ActionType.WhenAll, compoundActions: [{ actionType: ActionType.CallSubOrchestrator, functionName: 'child', instanceId: 'named' }, { actionType: ActionType.CallSubOrchestrator, functionName: 'child' }] }];
    assert.deepEqual(summary(replayActions(actions, started(t0), context, t0).scheduled), [
      [EventType.SubOrchestrationInstanceCreated, 0, 'named'],
      [EventType.SubOrchestrationInstanceCreated, 1, 'exec-1:1'],
    ]);
  });

  it('detects a replay that no longer schedules a task history has', () => {
    const actions: WireAction[] = [{ actionType: ActionType.CallActivity, functionName: 'act' }];
    const history = [...started(t0), scheduled(0), scheduled(1, 'other'), ...episode(t0 + 1, historyEvent(EventType.TaskCompleted, t0 + 1, { TaskScheduledId: 0, Result: '1' }))];
    const result = replayActions(actions, history, context, t0 + 1);
    assert.match(result.failure ?? '', /^Non-Deterministic workflow detected: A previous execution of this orchestration scheduled an activity task with sequence ID 1 and name 'other' \(version ''\), but the current replay execution hasn't \(yet\?\) scheduled this task\./);
    assert.deepEqual(result.scheduled, []);
  });

  it('fails the orchestration when it calls an activity that is not registered', () => {
    const result = replayActions([{ actionType: ActionType.CallActivity, functionName: 'missing' }], started(t0), context, t0);
    assert.equal(result.failure, "Orchestrator function 'orch' failed: The function 'missing' doesn't exist, is disabled, or is not an activity function. Additional info: The following are the known activity functions: 'act', 'other'.");
  });

  it('delivers an external event raised before the orchestrator waits for it', () => {
    const actions: WireAction[] = [
      { actionType: ActionType.WaitForExternalEvent, externalEventName: 'go' },
      { actionType: ActionType.CallActivity, functionName: 'act' },
    ];
    const history = [...started(t0), historyEvent(EventType.EventRaised, t0, { Name: 'go', Input: '1' })];
    assert.deepEqual(summary(replayActions(actions, history, context, t0).scheduled), [[EventType.TaskScheduled, 0, 'act']]);
  });
});
