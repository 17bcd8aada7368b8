/**
 * The client factory: `DefaultAzureCredential` unchanged through the emulator's managed-identity endpoint
 * (the app's own principal, a user-assigned identity by client id), the token scope per ARM endpoint, one
 * cached client per subscription, the app's object id from its token, and nothing contacted before use.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { appIdentityEnv } from '../../local/arm/appIdentityEnv.js';
import { EmulatorCredential } from '../../local/arm/auth/emulatorCredential.js';
import { armClientsFromEnv, armScope, createArmClients } from '../../src/azure/armClients.js';
import { readVnet } from '../../src/azure/armReads.js';
import { startAzureTest, sub1, sub2, vnetId, type AzureTest } from './support/azureKit.js';

describe('armScope', () => {
  const cases: [endpoint: string, scope: string][] = [
    ['https://management.azure.com', 'https://management.azure.com/.default'],
    ['https://management.azure.com/', 'https://management.azure.com/.default'],
    ['https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/.default'],
    ['https://management.chinacloudapi.cn', 'https://management.chinacloudapi.cn/.default'],
    ['https://127.0.0.1:44321', 'https://management.azure.com/.default'],
  ];
  for (const [endpoint, scope] of cases) test(`${endpoint} → ${scope}`, () => assert.equal(armScope(endpoint), scope));
});

describe('clients against the emulator with DefaultAzureCredential', () => {
  let t: AzureTest;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    t = await startAzureTest();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.reset();
    const env = appIdentityEnv(t.arm.emulator);
    for (const key of ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const) saved[key] = process.env[key];
    process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  test('building the factory contacts nothing; the first use signs in as the app and reads', async () => {
    const clients = createArmClients({ endpoint: t.arm.emulator.url });
    assert.equal((await t.counts()).total, 0);
    const result = await readVnet(vnetId('rg1', 'hub'), { clients });
    assert.ok(result.ok && result.vnet);
    const calls = await t.calls();
    const { appPrincipalId } = await t.arm.emulator.control.principals();
    assert.equal(calls.find((c) => c.operationId === 'VirtualNetworks_Get')?.principalId, appPrincipalId);
  });

  test('appObjectId is the oid of the app’s ARM token (the managed identity’s principal, not the portal’s)', async () => {
    const clients = createArmClients({ endpoint: t.arm.emulator.url });
    const { appPrincipalId, portalPrincipalId } = await t.arm.emulator.control.principals();
    const oid = await clients.appObjectId();
    assert.equal(oid, appPrincipalId);
    assert.notEqual(oid, portalPrincipalId);
  });

  test('appObjectId asks the credential once, then answers from its cache', async () => {
    let asked = 0;
    const inner = new EmulatorCredential(t.arm.emulator.control, 'app');
    const counting = { getToken: (scopes: string | string[]) => (asked++, inner.getToken(scopes)) };
    const clients = createArmClients({ endpoint: t.arm.emulator.url, credential: counting });
    const [first, second] = await Promise.all([clients.appObjectId(), clients.appObjectId()]);
    assert.equal(first, second);
    assert.equal(await clients.appObjectId(), first);
    assert.equal(asked, 1);
  });

  test('a user-assigned identity is asked for by its client id (AZURE_CLIENT_ID)', async () => {
    const clientId = '11111111-2222-3333-4444-555555555555';
    const clients = armClientsFromEnv({ ARM_ENDPOINT: t.arm.emulator.url, AZURE_CLIENT_ID: clientId });
    assert.equal(clients, armClientsFromEnv({ ARM_ENDPOINT: t.arm.emulator.url, AZURE_CLIENT_ID: clientId }), 'one factory per settings');
    await clients.appObjectId();
    const identity = (await t.calls()).find((c) => c.kind === 'identity');
    assert.match(identity?.url ?? '', new RegExp(`client_id=${clientId}`));
  });

  test('one network client per subscription (ids compared case-insensitively); compute clients list VMs', async () => {
    const clients = createArmClients({ endpoint: t.arm.emulator.url });
    const a = await clients.network(sub1);
    assert.equal(await clients.network(sub1.toUpperCase()), a);
    assert.notEqual(await clients.network(sub2), a);
    const compute = await clients.compute(sub1);
    assert.equal(await clients.compute(sub1), compute);
    const names: string[] = [];
    for await (const vm of compute.virtualMachines.list('rg1')) names.push(vm.name ?? '');
    assert.deepEqual(names.sort(), ['vm-hub', 'vm-s1-a', 'vm-s1-b', 'vm-s2']);
  });
});
