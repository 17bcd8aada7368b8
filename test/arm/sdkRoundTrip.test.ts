/**
 * Round trips with the real `@azure/arm-network` client (and `@azure/identity`) against the emulator:
 * long-running writes and deletes, paging, throttling, conflicts and the managed-identity endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DefaultAzureCredential } from '@azure/identity';
import { NetworkManagementClient } from '@azure/arm-network';
import { appIdentityEnv } from '../../local/arm/appIdentityEnv.js';
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

describe('long-running operations through the SDK pollers', () => {
  test('beginCreateOrUpdateAndWait of a VNet and a peering ends Succeeded after polling the status URL', async () => {
    const net = arm.network();
    const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait('rg2', 'e', { location: 'northeurope', addressSpace: { addressPrefixes: ['10.5.0.0/16'] }, tags: { env: 'test' } });
    assert.equal(vnet.provisioningState, 'Succeeded');
    assert.deepEqual(vnet.tags, { env: 'test' });
    const peering = await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait('rg2', 'e', 'e-a', { remoteVirtualNetwork: { id: vnetId('rg1', 'a') } });
    assert.equal(peering.provisioningState, 'Succeeded');
    const { counts } = await arm.emulator.control.calls();
    assert.deepEqual([counts.byOperation.VirtualNetworks_CreateOrUpdate, counts.byOperation.VirtualNetworkPeerings_CreateOrUpdate], [1, 1]);
    assert.ok((counts.byOperation.NetworkOperationStatus ?? 0) >= 2, 'each write was polled at least once');
    assert.equal(counts.byKind.write, 2);
  });

  test('the first answer of a PUT is 201 Updating with Azure-AsyncOperation and Retry-After 0 in the test profile', async () => {
    const answer = await arm.raw('PUT', vnetId('rg2', 'f'), { body: { location: 'northeurope', properties: { addressSpace: { addressPrefixes: ['10.6.0.0/16'] } } } });
    assert.equal(answer.status, 201);
    assert.equal((answer.body as { properties: { provisioningState: string } }).properties.provisioningState, 'Updating');
    assert.match(answer.headers.get('azure-asyncoperation') ?? '', /\/providers\/Microsoft\.Network\/locations\/northeurope\/operations\/[0-9a-f-]+\?api-version=/);
    assert.equal(answer.headers.get('retry-after'), '0');
    const status = await arm.raw('GET', answer.headers.get('azure-asyncoperation') ?? '');
    assert.deepEqual(status.body, { status: 'Succeeded' });
  });

  test('delete answers 202 with Location, and the peering is gone', async () => {
    const net = arm.network();
    await net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
    await net.virtualNetworkPeerings.beginDeleteAndWait('rg1', 'a', 'a-b');
    await assert.rejects(net.virtualNetworkPeerings.get('rg1', 'a', 'a-b'), (e) => armCode(e) === 'NotFound');
    await net.virtualNetworks.delete('rg2', 'c');
    await assert.rejects(net.virtualNetworks.get('rg2', 'c'), (e) => armCode(e) === 'ResourceNotFound');
  });
});

describe('paging', () => {
  test('listAll pages through 1,200 VNets with nextLink (100 per page)', async () => {
    const virtualNetworks = Array.from({ length: 1200 }, (_, i) => ({ resourceGroup: 'rg1', name: `v${String(i).padStart(4, '0')}`, addressPrefixes: [`10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`] }));
    await arm.emulator.control.loadScenario({ name: 'many', subscriptions: [sub1], resourceGroups: [{ name: 'rg1', location: 'westeurope' }], virtualNetworks });
    await arm.emulator.control.resetCalls();
    const names = new Set<string>();
    for await (const vnet of arm.network().virtualNetworks.listAll()) names.add(vnet.name ?? '');
    assert.equal(names.size, 1200);
    const { counts } = await arm.emulator.control.calls();
    assert.equal(counts.byOperation.VirtualNetworks_ListAll, 12);
  });
});

describe('throttling and conflicts', () => {
  test('the SDK retries a 429 with Retry-After and succeeds', async () => {
    await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 429, retryAfterSeconds: 0 }, times: 2 });
    const vnet = await arm.network().virtualNetworks.get('rg1', 'a');
    assert.equal(vnet.name, 'a');
    const { counts } = await arm.emulator.control.calls();
    assert.equal(counts.byOperation.VirtualNetworks_Get, 3);
  });

  test('more consecutive 429s than the SDK retries surface as 429 TooManyRequests', async () => {
    await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworks_Get' }, action: { type: 'status', status: 429, retryAfterSeconds: 0 } });
    await assert.rejects(arm.network({ maxRetries: 2 }).virtualNetworks.get('rg1', 'a'), (e) => (e as { statusCode?: number }).statusCode === 429 && armCode(e) === 'TooManyRequests');
  });

  test('a 409 is not retried: AnotherOperationInProgress surfaces while a peering write holds the VNet lock', async () => {
    const hold = await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'holdOperation' }, times: 1 });
    const net = arm.network();
    const first = await arm.raw('PUT', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/a-c`, { body: { properties: { remoteVirtualNetwork: { id: vnetId('rg2', 'c') } } } });
    assert.equal(first.status, 201);
    await arm.emulator.control.resetCalls();
    await assert.rejects(net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } }), (e) => armCode(e) === 'AnotherOperationInProgress');
    await assert.rejects(net.virtualNetworkPeerings.createOrUpdate('rg1', 'b', 'b-a', { remoteVirtualNetwork: { id: vnetId('rg1', 'a') } }), (e) => armCode(e) === 'ReferencedResourceNotProvisioned');
    const { counts } = await arm.emulator.control.calls();
    assert.equal(counts.byOperation.VirtualNetworkPeerings_CreateOrUpdate, 2, 'one call each: 409 and 400 are not retried');
    await arm.emulator.control.releaseFault(hold.id);
    const peering = await net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } });
    assert.equal(peering.provisioningState, 'Succeeded');
  });

  test('a peering write on a VNet whose own update still runs → 400 ReferencedResourceNotProvisioned; another VNet write → 409', async () => {
    await arm.emulator.control.updateSettings({ operationLatencyMs: { 'Microsoft.Network/virtualNetworks/write': 60_000 } });
    try {
      const body = { location: 'westeurope', properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'default', properties: { addressPrefix: '10.1.0.0/24' } }] } };
      assert.equal((await arm.raw('PUT', vnetId('rg1', 'a'), { body })).status, 200);
      const net = arm.network();
      await assert.rejects(net.virtualNetworkPeerings.createOrUpdate('rg1', 'a', 'a-b', { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } }), (e) => armCode(e) === 'ReferencedResourceNotProvisioned');
      const again = await arm.raw('PUT', vnetId('rg1', 'a'), { body });
      assert.equal((again.body as { error: { code: string } }).error.code, 'AnotherOperationInProgress');
      assert.match((again.body as { error: { message: string } }).error.message, /use uri: https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/operations\//);
    } finally {
      await arm.emulator.control.updateSettings({ operationLatencyMs: { 'Microsoft.Network/virtualNetworks/write': 0 } });
    }
  });
});

describe('identity', () => {
  test('DefaultAzureCredential gets the app principal’s token from the managed-identity endpoint, unchanged', async () => {
    const env = appIdentityEnv(arm.emulator);
    const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
    try {
      const credential = new DefaultAzureCredential();
      const token = await credential.getToken('https://management.azure.com/.default');
      const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString()) as { oid: string };
      const { appPrincipalId, portalPrincipalId } = await arm.emulator.control.principals();
      assert.equal(claims.oid, appPrincipalId);
      assert.notEqual(claims.oid, portalPrincipalId);
      const net = new NetworkManagementClient(credential, sub1, { endpoint: env.ARM_ENDPOINT });
      await net.virtualNetworks.createOrUpdate('rg1', 'a', { location: 'westeurope', addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }] });
      const { calls } = await arm.emulator.control.calls();
      assert.ok(calls.some((c) => c.operationId === 'ManagedIdentity_GetToken' && c.kind === 'identity'));
      assert.equal(calls.find((c) => c.operationId === 'VirtualNetworks_CreateOrUpdate')?.principalId, appPrincipalId);
      const [write] = (await arm.emulator.control.activity()).records.filter((r) => r.operationName === 'Microsoft.Network/virtualNetworks/write');
      assert.equal(write?.principalId, appPrincipalId);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test('the managed-identity endpoint refuses a caller without the identity header', async () => {
    const answer = await fetch(`${arm.emulator.url}/_emulator/msi/token?api-version=2019-08-01&resource=https://management.azure.com`);
    assert.equal(answer.status, 401);
  });
});
