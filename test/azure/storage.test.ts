/**
 * The app's storage on Azurite through the real SDKs: remembered pairs (hashed keys, one partition per
 * VNet, whatever the id's spelling), the audit trail (newest first, filed under both VNets of a pair, large
 * records split and trimmed), blob documents, and the settings forms (`UseDevelopmentStorage=true`,
 * connection string, identity-based, none).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AUDIT_TABLE, listHistory, recordAction } from '../../src/azure/storage/auditTrail.js';
import { getJson, getText, putJson, putText } from '../../src/azure/storage/blobDocuments.js';
import { forgetPair, listAllRememberedPairs, listRememberedPairs, rememberPairs } from '../../src/azure/storage/rememberedPairs.js';
import { createStorageAccess, StorageSettingsError, type StorageAccess } from '../../src/azure/storage/storageAccess.js';
import { desiredPair } from '../../src/domain/desired.js';
import { vnetTableKey } from '../../src/domain/instanceKeys.js';
import { startTestStorage, type TestStorage } from './support/azurite.js';
import { vnetId } from './support/azureKit.js';

let azurite: TestStorage;
let storage: StorageAccess;
/** A fresh table name per use: tests never see each other's rows. */
const fresh = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

before(async () => {
  azurite = await startTestStorage();
  storage = createStorageAccess({ AzureWebJobsStorage: azurite.connectionString });
});
after(() => azurite.stop());

const london = vnetId('rg-lab', 'london');
const madrid = vnetId('rg-lab', 'madrid');
const paris = vnetId('rg-lab', 'paris');

describe('remembered pairs', () => {
  test('a pair is found from either VNet, under any spelling of its id; all pairs once each', async () => {
    const table = fresh('Remembered');
    const lm = desiredPair({ vnetId: london, options: { allowForwardedTraffic: true } }, { vnetId: madrid }, 'remembered');
    const lp = desiredPair({ vnetId: london }, { vnetId: paris }, 'request');
    await rememberPairs([lm, lp], { storage, table });
    assert.deepEqual((await listRememberedPairs(london, { storage, table })).map((p) => p.key), [lm.key, lp.key].sort());
    const fromMadrid = await listRememberedPairs(madrid.toLowerCase().replace('resourcegroups', 'resourcegroups'), { storage, table });
    assert.deepEqual(fromMadrid, [lm]);
    assert.equal(fromMadrid[0]?.a.options.allowForwardedTraffic, true);
    assert.deepEqual((await listAllRememberedPairs({ storage, table })).map((p) => p.key), [lm.key, lp.key].sort());
  });

  test('remembering again replaces (options updated after a reconcile); forgetting removes both rows', async () => {
    const table = fresh('Remembered');
    await rememberPairs([desiredPair({ vnetId: london }, { vnetId: madrid }, 'remembered')], { storage, table });
    await rememberPairs([desiredPair({ vnetId: london, options: { allowGatewayTransit: true } }, { vnetId: madrid }, 'request')], { storage, table });
    const [pair] = await listRememberedPairs(london, { storage, table });
    assert.equal(pair?.a.options.allowGatewayTransit, true);
    assert.equal(pair?.source, 'request');
    assert.deepEqual(await forgetPair(madrid, london, { storage, table }), { forgotten: true });
    assert.deepEqual(await listRememberedPairs(london, { storage, table }), []);
    assert.deepEqual(await listRememberedPairs(madrid, { storage, table }), []);
    assert.deepEqual(await forgetPair(madrid, london, { storage, table }), { forgotten: false });
  });
});

describe('audit trail', () => {
  test('records with trigger, who, before → after, correlation ids and probe; a VNet’s history lists newest first', async () => {
    const table = fresh('History');
    const base = { trigger: { kind: 'eventGrid', id: 'evt-1', detail: 'Microsoft.Network/virtualNetworks/write' }, who: 'portal-user-oid', outcome: 'succeeded' as const };
    await recordAction({ ...base, vnetId: london, action: 'syncPeering', summary: 'first', time: '2026-05-01T10:00:00.000Z' }, { storage, table });
    const second = await recordAction(
      {
        ...base,
        vnetId: london,
        relatedVnetIds: [madrid],
        action: 'createPeering',
        summary: 'restored madrid-london',
        before: { peeringState: 'Disconnected' },
        after: { peeringState: 'Connected' },
        correlationIds: ['c-1', 'c-2'],
        probe: { trafficFlows: true, diagnosis: { cause: 'reachable' } },
        instanceId: 'vnet-abc',
        time: '2026-05-01T10:05:00.000Z',
      },
      { storage, table },
    );
    const history = await listHistory(london, { storage, table });
    assert.deepEqual(history.map((r) => r.summary), ['restored madrid-london', 'first']);
    assert.deepEqual(history[0], second);
    assert.deepEqual(history[0]?.correlationIds, ['c-1', 'c-2']);
    assert.deepEqual(history[0]?.before, { peeringState: 'Disconnected' });
    assert.equal(history[0]?.who, 'portal-user-oid');
    const fromMadrid = await listHistory(madrid, { storage, table });
    assert.deepEqual(fromMadrid.map((r) => r.id), [second.id], 'filed under the related VNet too, with the same id');
    assert.deepEqual((await listHistory(london, { storage, table, limit: 1 })).map((r) => r.summary), ['restored madrid-london']);
  });

  test('a large record is split over columns and read back whole; one too large keeps its summary, truncated', async () => {
    const table = fresh('History');
    const big = { inventory: 'x'.repeat(100_000) };
    await recordAction({ vnetId: paris, trigger: { kind: 'timer' }, action: 'reconcile', summary: 'big', outcome: 'succeeded', before: big, time: '2026-05-01T10:00:00.000Z' }, { storage, table });
    const huge = { inventory: 'y'.repeat(600_000) };
    await recordAction({ vnetId: paris, trigger: { kind: 'timer' }, action: 'reconcile', summary: 'huge', outcome: 'failed', error: 'boom', after: huge, time: '2026-05-01T11:00:00.000Z' }, { storage, table });
    const [hugeRecord, bigRecord] = await listHistory(paris, { storage, table });
    assert.deepEqual(bigRecord?.before, big);
    assert.equal(hugeRecord?.summary, 'huge');
    assert.equal(hugeRecord?.truncated, true);
    assert.equal(hugeRecord?.after, undefined);
    assert.equal(hugeRecord?.error, 'boom');
  });

  test('rows are keyed by the hashed VNet key (no / in Table keys) in the default table name', async () => {
    const client = await storage.table(AUDIT_TABLE);
    await recordAction({ vnetId: london, trigger: { kind: 'http', id: 'op-1' }, action: 'probe', summary: 'probe', outcome: 'succeeded' }, { storage });
    const rows = [];
    for await (const row of client.listEntities()) rows.push(row);
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((r) => r.partitionKey === vnetTableKey(london) && !String(r.rowKey).includes('/')));
  });
});

describe('blob documents', () => {
  test('JSON and text round-trip with their content types; a missing document is undefined', async () => {
    const container = `reports-${randomUUID().slice(0, 8)}`;
    const stored = await putJson(container, 'audits/a1/inventory.json', { vnets: 5000, pairs: [1, 2] }, { storage });
    assert.equal(stored.name, 'audits/a1/inventory.json');
    assert.ok(stored.bytes > 0 && stored.url.includes(container));
    assert.deepEqual(await getJson(container, 'audits/a1/inventory.json', { storage }), { vnets: 5000, pairs: [1, 2] });
    await putText(container, 'audits/a1/report.html', '<h1>drift</h1>', 'text/html; charset=utf-8', { storage });
    assert.deepEqual(await getText(container, 'audits/a1/report.html', { storage }), { text: '<h1>drift</h1>', contentType: 'text/html; charset=utf-8' });
    assert.equal(await getJson(container, 'nope.json', { storage }), undefined);
  });
});

describe('storage settings', () => {
  test('no connection at all is refused with the settings to set', () => {
    assert.throws(() => createStorageAccess({}), (e: unknown) => e instanceof StorageSettingsError && /AzureWebJobsStorage__accountName/.test(e.message));
  });

  test('UseDevelopmentStorage=true and identity-based settings are understood (described without secrets)', () => {
    assert.equal(createStorageAccess({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }).description, 'Azurite (UseDevelopmentStorage=true)');
    assert.equal(createStorageAccess({ AzureWebJobsStorage__accountName: 'stpeerings' }).description, 'account stpeerings (managed identity)');
    assert.doesNotMatch(storage.description, /AccountKey|Eby8/);
  });

  test('identity-based settings build token-authenticated clients (refused over plain http, as the SDK must)', async () => {
    const credential = { getToken: async () => ({ token: 'not-a-real-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const tableEndpoint = /TableEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1] ?? '';
    const blobEndpoint = /BlobEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1] ?? '';
    const access = createStorageAccess({ AzureWebJobsStorage__tableServiceUri: tableEndpoint, AzureWebJobsStorage__blobServiceUri: blobEndpoint }, { credential });
    await assert.rejects(access.table(fresh('Identity')), /Bearer token authentication is not permitted for non-TLS/);
    await assert.rejects(access.container(`c-${randomUUID().slice(0, 8)}`), /Bearer token authentication is not permitted for non-TLS/);
  });
});
