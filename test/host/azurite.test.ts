import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../../local/azurite.js';

describe('Azurite for the app\'s own storage', () => {
  it('gives the test run one Azurite whose connection string works with @azure/data-tables', async (t) => {
    const connectionString = process.env.TEST_STORAGE_CONNECTION_STRING;
    if (!connectionString) return t.skip('run through npm test (test/run.ts starts Azurite and sets TEST_STORAGE_CONNECTION_STRING)');
    const table = TableClient.fromConnectionString(connectionString, `hosttest${Date.now()}`, { allowInsecureConnection: true });
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    assert.equal((await table.getEntity<{ value: number }>('p', 'r')).value, 42);
  });

  it('starts on free ports with a full connection string and stops its whole process group', async () => {
    const azurite = await startAzurite({ ports: 'any' });
    let stopped = false;
    try {
      assert.match(azurite.connectionString, /^DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=[^;]+;BlobEndpoint=http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1;QueueEndpoint=.+;TableEndpoint=.+;$/);
      assert.doesNotMatch(azurite.blobEndpoint, /:10000\//);
      await azurite.stop();
      stopped = true;
      assert.throws(() => process.kill(azurite.pid, 0), /ESRCH/, 'the Azurite process is gone');
    } finally {
      if (!stopped) await azurite.stop();
    }
  });
});
