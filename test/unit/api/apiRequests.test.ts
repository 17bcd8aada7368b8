/**
 * The HTTP API's pure parts: request bodies (strict schemas, refusals naming the field), the OpenAPI
 * document generated from the very schemas that validate, requests folded into passes, the dry run's and
 * the pass's shared planning (a requested pair wins over the remembered one; a pair being removed is not
 * adopted), and how an operation's end is judged from its pass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { desiredPair } from '../../../src/domain/desired.js';
import { planWrites } from '../../../src/domain/plan.js';
import { addressSpaceRequestSchema, peeringRequestSchema } from '../../../src/workflows/intake/apiSchemas.js';
import { openApiDocument } from '../../../src/workflows/intake/openApiDocument.js';
import { parseRequestBody } from '../../../src/workflows/intake/readRequestBody.js';
import { operationResult, pairsToForget } from '../../../src/workflows/reconcile/operationResult.js';
import type { PassResult } from '../../../src/workflows/reconcile/passResult.js';
import { composePass, selectTickets } from '../../../src/workflows/reconcile/passWork.js';
import { planPass } from '../../../src/workflows/reconcile/planPass.js';
import type { RequestTicket } from '../../../src/workflows/tickets.js';
import { requestTicket } from '../../../src/workflows/tickets.js';
import { World } from '../../fixtures/domain/world.js';

const settings = { strategy: 'sync' as const, scope: ['11111111-1111-1111-1111-111111111111'], maxParallelWrites: 8 };

describe('request bodies', () => {
  const a = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/a';
  it('malformed JSON is refused as InvalidRequestContent on the body', () => {
    const result = parseRequestBody('{"local":', peeringRequestSchema, 'a peering request');
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual([result.refusal.status, result.refusal.code, result.refusal.target], [400, 'InvalidRequestContent', 'body']);
  });

  it('an unknown field is refused naming its full path; a field of the wrong type names its path too', () => {
    const unknown = parseRequestBody(JSON.stringify({ local: { vnetId: a }, remote: { vnetId: a, options: { useRemoteGateway: true } } }), peeringRequestSchema, 'a peering request');
    assert.ok(!unknown.ok);
    assert.deepEqual([unknown.refusal.code, unknown.refusal.target], ['UnknownField', 'remote.options.useRemoteGateway']);
    const wrongType = parseRequestBody(JSON.stringify({ add: ['10.0.0.0/16', 7] }), addressSpaceRequestSchema, 'x');
    assert.ok(!wrongType.ok);
    assert.deepEqual([wrongType.refusal.code, wrongType.refusal.target], ['InvalidRequestContent', 'add[1]']);
  });

  it('a valid body passes as it is', () => {
    const ok = parseRequestBody(JSON.stringify({ add: ['10.3.0.0/16'], strategy: 'recreate' }), addressSpaceRequestSchema, 'x');
    assert.deepEqual(ok, { ok: true, value: { add: ['10.3.0.0/16'], strategy: 'recreate' } });
  });
});

describe('the OpenAPI document', () => {
  it('carries the request schemas exactly as zod renders the validators (one source of truth), strict', () => {
    const doc = openApiDocument() as { components: { schemas: Record<string, unknown> } };
    assert.deepEqual(doc.components.schemas.PeeringRequest, z.toJSONSchema(peeringRequestSchema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }));
    assert.equal((doc.components.schemas.AddressSpaceRequest as { additionalProperties: boolean }).additionalProperties, false);
  });
});

describe('requests into passes', () => {
  const w = new World();
  const london = w.vnet('london', ['10.1.0.0/16']);
  const madrid = w.vnet('madrid', ['10.2.0.0/16']);
  const paris = w.vnet('paris', ['10.5.0.0/16']);
  const peer = (id: string, forwarded = false): RequestTicket => requestTicket(london, id, { type: 'peer', pair: desiredPair({ vnetId: london }, { vnetId: madrid, options: { allowForwardedTraffic: forwarded } }, 'request') }, 'x');

  it('each request type contributes its part; requests that change what is wanted take a pass each', () => {
    const change = requestTicket(london, 'c', { type: 'addressSpace', add: ['10.3.0.0/16'], remove: [], strategy: 'recreate' }, 'x');
    const unpeer = requestTicket(london, 'u', { type: 'unpeer', vnetIds: [london, paris] }, 'x');
    assert.deepEqual(selectTickets([peer('p'), change, unpeer]).now.map((t) => t.ticketId), ['request:p']);
    assert.deepEqual(composePass([change]), { tickets: [change], probeAll: false, addressChange: { add: ['10.3.0.0/16'], remove: [] }, strategy: 'recreate' });
    assert.deepEqual(composePass([unpeer]).removePairs, [[london, paris]]);
    assert.equal(composePass([peer('p')]).extraDesired?.[0]?.b.options.allowForwardedTraffic, false);
    assert.deepEqual(pairsToForget([peer('p'), unpeer]), [[london, paris]]);
  });

  it('a requested pair wins over the remembered one: its options are put right', () => {
    w.connect('london', 'madrid');
    const remembered = [desiredPair({ vnetId: london }, { vnetId: madrid }, 'remembered')];
    const { plan } = planPass(london, { snapshots: w.snapshots('london', 'madrid'), remembered, settings }, composePass([peer('p', true)]));
    assert.deepEqual(planWrites(plan).map((s) => [s.kind, s.targetId.split('/').pop()]), [['updatePeering', 'madrid-to-london']]);
  });

  it('a pair being removed is deleted on both sides and neither adopted nor kept as desired', () => {
    w.connect('london', 'paris');
    const result = planPass(london, { snapshots: w.snapshots('london', 'madrid', 'paris'), remembered: [], settings }, composePass([requestTicket(london, 'u', { type: 'unpeer', vnetIds: [london, paris] }, 'x')]));
    assert.deepEqual(planWrites(result.plan).map((s) => [s.kind, s.targetId.split('/').pop()]), [['deletePeering', 'london-to-paris'], ['deletePeering', 'paris-to-london']]);
    assert.deepEqual(result.remembered.adopted.map((p) => p.b.vnetId === paris || p.a.vnetId === paris), [false]);
  });
});

describe('the end of an operation', () => {
  const ticket = requestTicket('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/a', 'op-1', { type: 'addressSpace', add: ['10.3.0.0/16'], remove: [] }, 'x');
  const pass = (patch: Partial<PassResult>): PassResult => ({
    vnetId: ticket.vnetId, generation: 1, tickets: [ticket.ticketId], trigger: { kind: 'http' }, changeCorrelationIds: [], outcome: 'converged', summary: 's',
    pairs: [], findings: [], writes: [], waits: [], probes: [], adopted: [], recheck: false, startedAt: 't0', finishedAt: 't1', ...patch,
  });

  it('converged is succeeded; a failed write, an unreached wait or an error finding is failed, with the errors named', () => {
    assert.equal(operationResult(ticket, pass({})).status, 'succeeded');
    const failed = operationResult(ticket, pass({ outcome: 'failed', failure: { kind: 'permanent', code: 'AuthorizationFailed', message: 'no', status: 403, target: 'x' } }));
    assert.deepEqual([failed.status, failed.errors.map((e) => e.code)], ['failed', ['AuthorizationFailed']]);
    const blocked = operationResult(ticket, pass({ outcome: 'nothingToDo', findings: [{ code: 'AddressChangeBlocked', severity: 'error', message: 'm' }] }));
    assert.deepEqual([blocked.status, blocked.errors.map((e) => e.code)], ['failed', ['AddressChangeBlocked']]);
  });

  it('a failed probe does not fail the operation but shows as connectivity failed; no probe is notProbed', () => {
    const probe = { pairKey: 'k', vnetIds: ['a', 'b'] as const, passed: false, checks: [] };
    assert.deepEqual([operationResult(ticket, pass({ probes: [probe] })).status, operationResult(ticket, pass({ probes: [probe] })).connectivity], ['succeeded', 'failed']);
    assert.equal(operationResult(ticket, pass({})).connectivity, 'notProbed');
  });

  it('a check that could not run (no VM yet in a prefix just added) is partlyProbed when the others passed, never failed', () => {
    const check = (passed: boolean, status: 'reachable' | 'unreachable' | 'notRun') =>
      ({ sourceVnetId: 'a', destinationVnetId: 'b', passed, trafficFlows: passed, protocols: [], diagnosis: { ok: passed, status, cause: status === 'notRun' ? 'noVmToProbeTo' : 'reachable', message: status } }) as unknown as PassResult['probes'][number]['checks'][number];
    const probe = (checks: PassResult['probes'][number]['checks']) => ({ pairKey: 'k', vnetIds: ['a', 'b'] as const, passed: checks.every((c) => c.passed), checks });

    const newPrefixEmpty = operationResult(ticket, pass({ probes: [probe([check(true, 'reachable'), check(false, 'notRun')])] }));
    assert.equal(newPrefixEmpty.connectivity, 'partlyProbed');
    assert.deepEqual(newPrefixEmpty.probes[0]?.checks.map((c) => c.ran), [true, false]);
    assert.equal(operationResult(ticket, pass({ probes: [probe([check(false, 'unreachable'), check(false, 'notRun')])] })).connectivity, 'failed');
    assert.equal(operationResult(ticket, pass({ probes: [probe([check(false, 'notRun')])] })).connectivity, 'notProbed');
    assert.equal(operationResult(ticket, pass({ probes: [probe([check(true, 'reachable')])] })).connectivity, 'verified');
  });
});

describe('a requested pair the pass could not touch', () => {
  const w = new World();
  const london = w.vnet('london', ['10.1.0.0/16']);
  const madrid = w.vnet('madrid', ['10.2.0.0/16']);
  w.connect('london', 'madrid');
  const ticket = requestTicket(london, 'op-busy', { type: 'peer', pair: desiredPair({ vnetId: london }, { vnetId: madrid, options: { allowForwardedTraffic: true } }, 'request') }, 'x');
  /** The pass result runPass builds from the plan when it writes nothing. */
  const passOf = (snapshots: ReturnType<World['snapshots']>): PassResult => {
    const { plan, findings, strategy } = planPass(london, { snapshots, remembered: [], settings }, composePass([ticket]));
    assert.equal(planWrites(plan).length, 0);
    return {
      vnetId: london, generation: 1, tickets: [ticket.ticketId], trigger: { kind: 'http' }, changeCorrelationIds: [], outcome: 'nothingToDo', summary: 's', strategy: strategy.strategy,
      pairs: plan.pairs, findings, writes: [], waits: [], probes: [], adopted: [], recheck: plan.recheck, startedAt: 't0', finishedAt: 't1',
    };
  };

  it('a side busy with another write: the request is not carried out, so the operation fails naming the busy peering (not "succeeded" with nothing done)', () => {
    w.setState('madrid', 'london', { provisioning: 'Updating' });
    const result = operationResult(ticket, passOf(w.snapshots('london', 'madrid')));
    assert.equal(result.status, 'failed');
    assert.deepEqual(result.errors.map((e) => e.code), ['SideBusy']);
    assert.match(result.errors[0]?.message ?? '', /madrid-to-london.*Updating/);
    w.setState('madrid', 'london', { provisioning: 'Succeeded' });
  });

  it('the remote VNet deleted since the request was accepted: the operation fails (RemoteVnetGone)', () => {
    const result = operationResult(ticket, passOf(w.snapshots('london')));
    assert.deepEqual([result.status, result.errors.map((e) => e.code)], ['failed', ['RemoteVnetGone']]);
  });

  it('a pair already as requested is succeeded (idempotent repeat)', () => {
    w.setOptions('madrid', 'london', { allowForwardedTraffic: true });
    assert.equal(operationResult(ticket, passOf(w.snapshots('london', 'madrid'))).status, 'succeeded');
  });
});
