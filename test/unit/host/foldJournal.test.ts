import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventType, historyEvent } from '../../../local/host/durable/historyEvents.js';
import type { JournalRecord } from '../../../local/host/durable/instanceState.js';
import { foldJournal } from '../../../local/host/durable/instanceState.js';

const start = (executionId: string, n: number): JournalRecord => ({
  t: 'start',
  instanceId: 'i',
  name: 'orch',
  executionId,
  inputJson: null,
  createdTime: 0,
  n,
  startEvent: historyEvent(EventType.ExecutionStarted, 0, { Name: 'orch' }),
});

describe('foldJournal', () => {
  it('rebuilds history, status and the unprocessed inbox of the current generation', () => {
    const state = foldJournal([
      start('e1', 0),
      { t: 'episode', executionId: 'e1', consumed: [0], events: [historyEvent(EventType.TaskScheduled, 1, { EventId: 0, Name: 'a' })], status: 'Running', customStatusJson: '"s"', outputJson: null, at: 1 },
      { t: 'msg', n: 1, executionId: 'e1', event: historyEvent(EventType.TaskCompleted, 2, { TaskScheduledId: 0, Result: '1' }) },
    ]);
    assert.equal(state?.status, 'Running');
    assert.equal(state?.customStatusJson, '"s"');
    assert.deepEqual(state?.history.map((e) => e.EventType), [EventType.TaskScheduled]);
    assert.deepEqual(state?.inbox.map((m) => m.n), [1]);
    assert.equal(state?.nextMessageNumber, 2);
  });

  it('carries unprocessed external events into the next generation and drops the old generation\'s completions', () => {
    const state = foldJournal([
      start('e1', 0),
      { t: 'episode', executionId: 'e1', consumed: [0], events: [], status: 'ContinuedAsNew', customStatusJson: null, outputJson: null, at: 1 },
      { t: 'msg', n: 1, executionId: undefined, event: historyEvent(EventType.EventRaised, 2, { Name: 'go', Input: '1' }) },
      { t: 'msg', n: 2, executionId: 'e1', event: historyEvent(EventType.TaskCompleted, 2, { TaskScheduledId: 0, Result: '1' }) },
      start('e2', 3),
    ]);
    assert.equal(state?.executionId, 'e2');
    assert.deepEqual(state?.inbox.map((m) => [m.n, m.event.EventType]), [[3, EventType.ExecutionStarted], [1, EventType.EventRaised]]);
  });
});
