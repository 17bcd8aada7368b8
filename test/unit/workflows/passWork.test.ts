import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeCorrelationIds, composePass, dedupeTickets, passCausedBy, passTrigger, selectTickets } from '../../../src/workflows/reconcile/passWork.js';
import type { Ticket } from '../../../src/workflows/tickets.js';
import { auditTicket, changeTicket, isTicket, requestTicket } from '../../../src/workflows/tickets.js';
import { desiredPair } from '../../../src/domain/desired.js';
import { planWrites } from '../../../src/domain/plan.js';
import { planPass } from '../../../src/workflows/reconcile/planPass.js';
import { World } from '../../fixtures/domain/world.js';

const vnet = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/london';
const change = (id: string, caller = 'portal-user'): Ticket =>
  changeTicket(vnet, { eventId: id, eventType: 'Microsoft.Resources.ResourceWriteSuccess', subject: vnet, kind: 'write', resource: 'vnet', operationName: 'Microsoft.Network/virtualNetworks/write', correlationId: `corr-${id}`, callerObjectId: caller }, '2025-01-01T00:00:00Z');
/** A request that changes what is wanted (issue 7 adds real ones): exclusive. */
const exclusive = (id: string): Ticket => ({ ...requestTicket(vnet, id, { type: 'probe' }, '2025-01-01T00:00:00Z'), request: { type: 'peer' } }) as unknown as Ticket;

describe('tickets into passes', () => {
  it('a redelivered event is the same ticket; redeliveries and tickets already handled are dropped, order kept', () => {
    assert.equal(change('e1').ticketId, change('e1').ticketId);
    const tickets = dedupeTickets([change('e2'), change('e1'), change('e2'), change('e3')], new Set([change('e3').ticketId]));
    assert.deepEqual(tickets.map((t) => t.ticketId), ['change:e2', 'change:e1']);
  });

  it('changes and probe requests coalesce into one pass; requests that change what is wanted go one per pass, in order', () => {
    const queue = [change('e1'), exclusive('r1'), change('e2'), exclusive('r2'), requestTicket(vnet, 'p1', { type: 'probe' }, 'x'), exclusive('r3')];
    const { now, later } = selectTickets(queue);
    assert.deepEqual(now.map((t) => t.ticketId), ['change:e1', 'request:r1', 'change:e2', 'request:p1']);
    assert.deepEqual(later.map((t) => t.ticketId), ['request:r2', 'request:r3']);
  });

  it('a probe request asks to probe every pair; changes alone do not', () => {
    assert.equal(composePass([change('e1')]).probeAll, false);
    assert.equal(composePass([change('e1'), requestTicket(vnet, 'p1', { type: 'probe' }, 'x')]).probeAll, true);
  });

  it('the pass names its trigger, who caused it and the ARM correlation ids of the changes', () => {
    const tickets = [change('e1', 'ana'), change('e2', 'ana'), requestTicket(vnet, 'p1', { type: 'probe' }, 'x', 'ops@contoso')];
    assert.deepEqual(passTrigger(tickets), { kind: 'eventGrid', id: 'change:e1,change:e2,request:p1', detail: 'Microsoft.Network/virtualNetworks/write, request probe' });
    assert.equal(passCausedBy(tickets), 'ana, ops@contoso');
    assert.deepEqual(changeCorrelationIds(tickets), ['corr-e1', 'corr-e2']);
    assert.equal(passTrigger([]).kind, 'recheck');
  });

  it('only well-formed tickets are trusted from events', () => {
    assert.equal(isTicket(change('e1')), true);
    assert.equal(isTicket({ ticketId: 'x', vnetId: vnet, kind: 'other' }), false);
    assert.equal(isTicket('work'), false);
  });
});

describe('audit tickets into passes', () => {
  const madrid = vnet.replace('london', 'madrid');
  const paris = vnet.replace('london', 'paris');
  const pair = desiredPair({ vnetId: vnet }, { vnetId: madrid, options: { allowForwardedTraffic: true } }, 'topology', 'eu');

  it("'safe' brings its desired pairs and leaves options; 'all' puts options back and prunes; changes always repair options", () => {
    const safe = composePass([auditTicket(vnet, 'a1', 'safe', 'x', { pairs: [pair], prune: [[vnet, paris]] })]);
    assert.equal(safe.repairOptions, false);
    assert.deepEqual(safe.extraDesired?.map((p) => p.key), [pair.key]);
    assert.equal(safe.removePairs, undefined, "'safe' never deletes");

    const all = composePass([auditTicket(vnet, 'a2', 'all', 'x', { pairs: [pair], prune: [[vnet, paris], [vnet, madrid]] })]);
    assert.equal(all.repairOptions, undefined);
    assert.deepEqual(all.removePairs, [[vnet, paris]], 'a pair the audit also wants is never pruned');

    assert.equal(composePass([auditTicket(vnet, 'a3', 'safe', 'x'), change('e9')]).repairOptions, undefined);
    assert.deepEqual(passTrigger([auditTicket(vnet, 'a1', 'safe', 'x')]), { kind: 'audit', id: 'audit:a1', detail: 'audit a1' });
    assert.ok(isTicket(auditTicket(vnet, 'a1', 'safe', 'x')));
  });
});

describe("an audit's prune against the topology the pass reads", () => {
  it('a pair the topology wants by the time the pass runs is not deleted by an older audit that found it unexpected', () => {
    const w = new World();
    const london = w.vnet('london', ['10.1.0.0/16']);
    const paris = w.vnet('paris', ['10.3.0.0/16']);
    const oslo = w.vnet('oslo', ['10.4.0.0/16']);
    w.connect('london', 'paris');
    w.connect('london', 'oslo');
    const settings = { strategy: 'sync' as const, scope: ['11111111-1111-1111-1111-111111111111'], maxParallelWrites: 8 };
    // The audit saw both pairs outside the topology; since then london ↔ paris was added to it.
    const work = composePass([auditTicket(london, 'audit-1', 'all', '2025-01-01T00:00:00Z', { prune: [[london, paris], [london, oslo]] })]);
    const topology = [desiredPair({ vnetId: london }, { vnetId: paris }, 'topology', 'prod')];
    const { plan } = planPass(london, { snapshots: w.snapshots(), remembered: [], topology, settings }, work);
    assert.deepEqual(planWrites(plan).map((s) => [s.kind, s.targetId.split('/').pop()]), [['deletePeering', 'london-to-oslo'], ['deletePeering', 'oslo-to-london']]);
  });
});
