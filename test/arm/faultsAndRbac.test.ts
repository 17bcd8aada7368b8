/**
 * Fault injection (errors, drops, holds, failed operations, seeded rates) and RBAC mode (own scope and
 * linked `peer/action` scope), observed through the SDK and the control API.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Faults } from '../../local/arm/faults.js';
import { createRng } from '../../local/arm/rng.js';
import { armCode, fourVnets, startTestArm, sub1, vnetId, type TestArm } from './support/armTestKit.js';

let arm: TestArm;
before(async () => {
  arm = await startTestArm();
});
after(() => arm.close());
beforeEach(async () => {
  await arm.emulator.control.loadScenario(fourVnets);
  await arm.emulator.control.clearFaults();
  await arm.emulator.control.resetCalls();
});

describe('faults', () => {
  test('a 500 for the next call: the SDK retries it and succeeds; the call log shows the fault', async () => {
    const rule = await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 500 }, times: 1 });
    assert.equal((await arm.network().virtualNetworks.get('rg1', 'a')).name, 'a');
    const { calls } = await arm.emulator.control.calls();
    assert.deepEqual(calls.filter((c) => c.operationId === 'VirtualNetworks_Get').map((c) => [c.status, c.faultId]), [[500, rule.id], [200, undefined]]);
  });

  test('429 carries Retry-After and retry-after-ms as asked', async () => {
    await arm.emulator.control.addFault({ match: { method: 'GET', pathContains: '/virtualNetworks/a' }, action: { type: 'status', status: 429, retryAfterSeconds: 7, retryAfterMs: 7000 }, times: 1 });
    const answer = await arm.raw('GET', vnetId('rg1', 'a'));
    assert.deepEqual([answer.status, answer.headers.get('retry-after'), answer.headers.get('retry-after-ms')], [429, '7', '7000']);
  });

  test('a dropped connection fails the raw request', async () => {
    await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'drop' }, times: 1 });
    await assert.rejects(arm.raw('GET', vnetId('rg1', 'a')));
    assert.equal((await arm.raw('GET', vnetId('rg1', 'a'))).status, 200);
  });

  test('hold keeps a matching write open until released; the write then happens', async () => {
    const rule = await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'hold' } });
    const pending = arm.network().virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
    assert.deepEqual(await arm.emulator.control.waitUntilHeld(rule.id), { holding: 1 });
    assert.equal((await arm.network().virtualNetworks.get('rg1', 'a')).virtualNetworkPeerings?.length, 0, 'nothing written while held');
    assert.equal((await arm.emulator.control.releaseFault(rule.id)).released, 1);
    assert.equal((await pending).peeringState, 'Initiated');
  });

  test('failOperation: the operation ends Failed and the poller surfaces the code', async () => {
    await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'failOperation', code: 'InternalServerError', message: 'boom' }, times: 1 });
    await assert.rejects(arm.network().virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } }), /boom/);
    assert.equal((await arm.network().virtualNetworkPeerings.get('rg1', 'a', 'a-b')).provisioningState, 'Failed');
  });

  test('a rate is reproducible with the same seed', () => {
    const run = (seed: number): number[] => {
      const faults = new Faults(createRng(seed), () => undefined);
      faults.add({ match: {}, action: { type: 'status', status: 500 }, rate: 0.5 });
      return Array.from({ length: 40 }, (_, i) => (faults.pick({ operationId: 'X', method: 'GET', path: '/', kind: 'read' }) ? i : -1)).filter((i) => i >= 0);
    };
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7), run(8));
    assert.ok(run(7).length > 5 && run(7).length < 35);
  });
});

describe('RBAC mode', () => {
  const appId = async (): Promise<string> => (await arm.emulator.control.principals()).appPrincipalId;
  const networkContributor = (principalId: string, scope: string) => arm.emulator.control.addRoleAssignment({ principalId, role: 'Network Contributor', scope });

  test('off: any signed-in principal may write', async () => {
    const peering = await arm.network({ who: 'portal' }).virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
    assert.equal(peering.peeringState, 'Initiated');
  });

  test('on: no assignment → 403 AuthorizationFailed naming the action and scope', async () => {
    await arm.emulator.control.updateSettings({ rbac: true });
    const answer = await arm.raw('GET', vnetId('rg1', 'a'));
    assert.equal(answer.status, 403);
    const error = (answer.body as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'AuthorizationFailed');
    assert.match(error.message, /Microsoft\.Network\/virtualNetworks\/read.*over scope '\/subscriptions\/.*\/virtualNetworks\/a'/);
  });

  test('on: write on the local VNet without peer/action on the remote → 403 LinkedAuthorizationFailed', async () => {
    await arm.emulator.control.loadScenario({ ...fourVnets, settings: { rbac: true } });
    await networkContributor(await appId(), '/subscriptions/' + sub1 + '/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/a');
    await assert.rejects(arm.network().virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } }), (e) => armCode(e) === 'LinkedAuthorizationFailed');
    await arm.emulator.control.addRoleAssignment({ principalId: await appId(), role: 'peerer', actions: ['Microsoft.Network/virtualNetworks/peer/action'], scope: vnetId('rg1', 'b') });
    const peering = await arm.network().virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
    assert.equal(peering.peeringState, 'Initiated');
  });

  test('on: a scenario’s role assignments apply; the portal principal without them is refused', async () => {
    await arm.emulator.control.loadScenario({ ...fourVnets, settings: { rbac: true }, roleAssignments: [{ principal: 'app', role: 'Network Contributor', scope: `/subscriptions/${sub1}` }] });
    assert.equal((await arm.network().virtualNetworks.get('rg1', 'a')).name, 'a');
    await assert.rejects(arm.network({ who: 'portal' }).virtualNetworks.get('rg1', 'a'), (e) => armCode(e) === 'AuthorizationFailed');
    await arm.emulator.control.updateSettings({ rbac: false });
  });
});
