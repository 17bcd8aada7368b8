/**
 * ARM errors → typed failures: the classification by code (then status), `Retry-After` in all its forms,
 * and — against the emulator with the real SDK — each shape an error arrives in: an error answer, a long
 * throttling wait handed back without sleeping, and a long-running operation that ended Failed.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { armCall, describeArmFailure, isTransientArmError, mostPressingFailure, retryAfterMs, toArmFailure, type ArmFailure } from '../../src/azure/armErrors.js';
import { readVnet } from '../../src/azure/armReads.js';
import { putPeering } from '../../src/azure/armWrites.js';
import { DEFAULT_PEERING_OPTIONS } from '../../src/domain/model.js';
import { startAzureTest, vnetId, type AzureTest } from './support/azureKit.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] });

describe('isTransientArmError', () => {
  const cases: [code: string, status: number, transient: boolean][] = [
    ['AnotherOperationInProgress', 409, true],
    ['ReferencedResourceNotProvisioned', 400, true],
    ['RetryableError', 429, true],
    ['RetryableErrorDueToAnotherOperation', 429, true],
    ['TooManyRequests', 429, true],
    ['InternalServerError', 500, true],
    ['SomethingNew', 503, true],
    ['SomethingNew', 504, true],
    ['InternalServerError', 0, true],
    ['VnetAddressSpacesOverlap', 400, false],
    ['VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', 0, false],
    ['LinkedAuthorizationFailed', 403, false],
    ['RemotePeeringIsDisconnected', 400, false],
    ['NotImplemented', 501, false],
    ['ResourceNotFound', 404, false],
  ];
  for (const [code, status, transient] of cases) {
    test(`${code} (${status}) is ${transient ? 'transient' : 'permanent'}`, () => {
      assert.equal(isTransientArmError(code, status), transient);
    });
  }
});

describe('retryAfterMs', () => {
  test('Retry-After in seconds', () => assert.equal(retryAfterMs(headers({ 'retry-after': '17' })), 17_000));
  test('Retry-After as an HTTP date, relative to now; a past date is 0', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now), 0);
  });
  test('retry-after-ms and x-ms-retry-after-ms win over Retry-After', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '10' })), 250);
    assert.equal(retryAfterMs(headers({ 'x-ms-retry-after-ms': '1500' })), 1500);
  });
  test('absent or unreadable → undefined', () => {
    assert.equal(retryAfterMs(headers({})), undefined);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });
});

describe('toArmFailure on error shapes', () => {
  test('core-lro’s Failed-operation error carries the code in its message', () => {
    const failure = toArmFailure(new Error('The long-running operation has failed. VnetAddressSpaceOverlapsWithAlreadyPeeredVnet. Cannot create or update peering x.'), '/target');
    assert.deepEqual(failure, { kind: 'permanent', code: 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', message: 'Cannot create or update peering x.', status: 0, target: '/target', phase: 'operation' });
  });
  test('a socket error is a transient ConnectionFailed; a TypeError is not an ARM error', () => {
    assert.equal(toArmFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), '/t')?.code, 'ConnectionFailed');
    assert.equal(toArmFailure(new TypeError('x is undefined'), '/t'), undefined);
  });
  test('armCall rethrows errors that are not ARM errors (bugs stay loud)', async () => {
    await assert.rejects(armCall('/t', async () => { throw new TypeError('bug'); }), TypeError);
  });
  test('mostPressingFailure: a permanent failure wins, else the longest wait', () => {
    const base = { message: '', status: 409, target: '/t', phase: 'request' as const };
    const a: ArmFailure = { ...base, kind: 'transient', code: 'A', retryAfterMs: 5 };
    const b: ArmFailure = { ...base, kind: 'transient', code: 'B', retryAfterMs: 50 };
    const c: ArmFailure = { ...base, kind: 'permanent', code: 'C' };
    assert.equal(mostPressingFailure([a, b])?.code, 'B');
    assert.equal(mostPressingFailure([a, c, b])?.code, 'C');
    assert.equal(mostPressingFailure([]), undefined);
  });
});

describe('failures from the emulator through the SDK', () => {
  let t: AzureTest;
  before(async () => {
    t = await startAzureTest();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const hubToS1 = { localVnetId: vnetId('rg1', 'hub'), name: 'hub-s1', remoteVnetId: vnetId('rg1', 's1'), options: DEFAULT_PEERING_OPTIONS };

  test('409 AnotherOperationInProgress while a write holds the VNet: transient, one call, correlation id of the answer', async () => {
    const control = t.arm.emulator.control;
    const hold = await control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'holdOperation' }, times: 1 });
    const first = await t.arm.raw('PUT', `${vnetId('rg1', 's1')}/virtualNetworkPeerings/s1-s2`, { body: { properties: { remoteVirtualNetwork: { id: vnetId('rg1', 's2') } } } });
    assert.equal(first.status, 201);
    await control.resetCalls();
    const result = await putPeering({ ...hubToS1, localVnetId: vnetId('rg1', 's1'), name: 's1-hub', remoteVnetId: vnetId('rg1', 'hub') }, { clients: t.clients });
    assert.ok(!result.ok);
    assert.equal(result.failure.code, 'AnotherOperationInProgress');
    assert.equal(result.failure.status, 409);
    assert.equal(result.failure.kind, 'transient');
    assert.equal(result.failure.target, `${vnetId('rg1', 's1')}/virtualNetworkPeerings/s1-hub`);
    const [call] = await t.calls();
    assert.equal(result.failure.correlationId, call?.correlationId);
    assert.equal((await t.counts()).byOperation.VirtualNetworkPeerings_CreateOrUpdate, 1);
    await control.releaseFault(hold.id);
  });

  test('400 ReferencedResourceNotProvisioned is transient although it is a 400', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'status', status: 400, code: 'ReferencedResourceNotProvisioned', message: 'Cannot proceed with operation because resource is not in Succeeded state.' }, times: 1 });
    const result = await putPeering(hubToS1, { clients: t.clients });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.code, result.failure.status, result.failure.kind], ['ReferencedResourceNotProvisioned', 400, 'transient']);
  });

  test('a 429 asking for 30 s is handed back at once with the wait, without sleeping or retrying in-process', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 429, retryAfterSeconds: 30 }, times: 1 });
    const result = await readVnet(vnetId('rg1', 'hub'), { clients: t.clients });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.code, result.failure.status, result.failure.kind, result.failure.retryAfterMs], ['TooManyRequests', 429, 'transient', 30_000]);
    assert.equal((await t.counts()).byOperation.VirtualNetworks_Get, 1, 'no in-process retry');
    assert.match(describeArmFailure(result.failure), /^TooManyRequests \(429, transient, retry after 30000 ms\) on \/subscriptions\/.*\/hub: /);
  });

  test('short 429s (Retry-After 0, also as retry-after-ms) are retried by the SDK in-process and the read succeeds', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 429, retryAfterSeconds: 0 }, times: 1 });
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 429, retryAfterMs: 5 }, times: 1 });
    const result = await readVnet(vnetId('rg1', 'hub'), { clients: t.clients });
    assert.ok(result.ok && result.vnet);
    assert.equal((await t.counts()).byOperation.VirtualNetworks_Get, 3);
  });

  test('a long-running operation that ends Failed becomes a failure of phase operation with its code', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'failOperation', code: 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', message: 'Cannot create or update peering: overlap.' }, times: 1 });
    const result = await putPeering(hubToS1, { clients: t.clients });
    assert.ok(!result.ok);
    assert.equal(result.failure.code, 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet');
    assert.equal(result.failure.phase, 'operation');
    assert.equal(result.failure.kind, 'permanent');
    assert.match(result.failure.message, /overlap/);
  });

  test('a permanent 400 names ARM’s code and message: a peering to a VNet whose space overlaps', async () => {
    await t.reset({
      name: 'overlap',
      subscriptions: ['00000000-0000-0000-0000-000000000001'],
      resourceGroups: [{ name: 'rg1', location: 'westeurope' }],
      virtualNetworks: [
        { resourceGroup: 'rg1', name: 'x', addressPrefixes: ['10.9.0.0/16'] },
        { resourceGroup: 'rg1', name: 'y', addressPrefixes: ['10.9.0.0/24'] },
      ],
    });
    const result = await putPeering({ localVnetId: vnetId('rg1', 'x'), name: 'x-y', remoteVnetId: vnetId('rg1', 'y'), options: DEFAULT_PEERING_OPTIONS }, { clients: t.clients });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.code, result.failure.status, result.failure.kind, result.failure.phase], ['VnetAddressSpacesOverlap', 400, 'permanent', 'request']);
    assert.match(result.failure.message, /overlap/i);
  });

  test('a 500 that persists is retried by the SDK a bounded number of times, then transient', async () => {
    await t.arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 500, code: 'InternalServerError' } });
    const result = await readVnet(vnetId('rg1', 'hub'), { clients: t.clients });
    assert.ok(!result.ok);
    assert.deepEqual([result.failure.code, result.failure.kind], ['InternalServerError', 'transient']);
    assert.equal((await t.counts()).byOperation.VirtualNetworks_Get, 3, 'first try + maxRetries 2');
  });
});
