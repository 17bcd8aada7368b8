/**
 * The hand-over protocol's decisions against a scripted durable client: each status read returns the next
 * scripted status, so every branch (start, raise, already handled, a closing instance that drops the event,
 * a lost start race, the deadline) is taken deterministically.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { handOver, HandOverError } from '../../../src/workflows/handOver.js';
import { changeTicket } from '../../../src/workflows/tickets.js';

const vnet = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/london';
const ticket = changeTicket(vnet, { eventId: 'e1', eventType: 'Microsoft.Resources.ResourceWriteSuccess', subject: vnet, kind: 'write', resource: 'vnet' }, 'now');

type Scripted = { runtimeStatus: string; customStatus?: unknown; output?: unknown } | 404;

/** A client whose status reads follow `script` (the last entry repeats) and which records what it was asked. */
function scripted(script: Scripted[], options: { startConflicts?: number } = {}) {
  const calls: string[] = [];
  let reads = 0;
  let conflicts = options.startConflicts ?? 0;
  const client = {
    async getStatus() {
      const next = script[Math.min(reads++, script.length - 1)] as Scripted;
      calls.push(`status:${next === 404 ? 404 : next.runtimeStatus}`);
      if (next === 404) throw new Error('DurableClient error: Durable Functions extension replied with HTTP 404 response.');
      return { customStatus: null, output: null, ...next };
    },
    async startNew(name: string, opts: { instanceId: string; input: { tickets: { ticketId: string }[] } }) {
      calls.push(`start:${name}:${opts.input.tickets.map((t) => t.ticketId).join()}`);
      if (conflicts-- > 0) throw new Error('The operation failed with an unexpected status code: 409. Details: "already exists"');
      return opts.instanceId;
    },
    async raiseEvent(_id: string, name: string, data: { ticketId: string }) {
      calls.push(`raise:${name}:${data.ticketId}`);
    },
  };
  return { client: client as unknown as DurableClient, calls };
}

const running = (phase: string, generation = 1, tickets?: string[]) => ({ runtimeStatus: 'Running', customStatus: { vnetId: vnet, generation, phase, ...(tickets ? { tickets } : {}) } });

describe('handOver', () => {
  it('starts the instance when there is none', async () => {
    const { client, calls } = scripted([404]);
    assert.equal((await handOver(client, ticket)).how, 'started');
    assert.deepEqual(calls, ['status:404', 'start:reconcileVnet:change:e1']);
  });

  it('raises into a running instance that is not closing: delivered', async () => {
    const { client, calls } = scripted([running('writing'), running('writing')]);
    assert.equal((await handOver(client, ticket)).how, 'raised');
    assert.deepEqual(calls, ['status:Running', 'raise:work:change:e1', 'status:Running']);
  });

  it('a completed instance that acknowledged the ticket handled it already (a redelivery)', async () => {
    const { client, calls } = scripted([{ runtimeStatus: 'Completed', output: { acked: ['change:e1'] } }]);
    assert.equal((await handOver(client, ticket)).how, 'alreadyHandled');
    assert.deepEqual(calls, ['status:Completed']);
  });

  it('raised while closing: the next generation started without it, so it is raised again until a generation shows it', async () => {
    const { client, calls } = scripted([running('closing', 3), running('closing', 3), running('reading', 4, ['change:other']), running('reading', 4, ['change:other']), running('reading', 4, ['change:e1'])]);
    const result = await handOver(client, ticket, { pollMs: 1 });
    assert.deepEqual([result.how, result.rounds], ['raised', 2]);
    assert.equal(calls.filter((c) => c.startsWith('raise')).length, 2);
  });

  it('raised while closing: the instance completed without it, so it is started again', async () => {
    const { client, calls } = scripted([running('closing'), running('closing'), { runtimeStatus: 'Completed', output: { acked: ['change:other'] } }]);
    assert.equal((await handOver(client, ticket, { pollMs: 1 })).how, 'started');
    assert.deepEqual(calls.slice(-2), ['status:Completed', 'start:reconcileVnet:change:e1']);
  });

  it('loses the race to start (409): raises into the instance the other caller started', async () => {
    const { client, calls } = scripted([404, running('starting'), running('starting')], { startConflicts: 1 });
    assert.equal((await handOver(client, ticket)).how, 'raised');
    assert.deepEqual(calls, ['status:404', 'start:reconcileVnet:change:e1', 'status:Running', 'raise:work:change:e1', 'status:Running']);
  });

  it('throws when delivery cannot be confirmed in time, so the sender tries again', async () => {
    const { client } = scripted([running('closing', 1)]);
    await assert.rejects(handOver(client, ticket, { deadlineMs: 30, pollMs: 1 }), (error: unknown) => error instanceof HandOverError && /could not confirm .* took ticket change:e1 within 30 ms \(last: the closing instance did not settle in time\)/.test((error as Error).message));
  });
});
