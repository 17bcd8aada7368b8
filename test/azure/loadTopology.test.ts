/**
 * `TOPOLOGY_FILE` as a path or as a blob URL in the app's storage account (Azurite's path-style URL here).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { putText } from '../../src/azure/storage/blobDocuments.js';
import { loadTopology, TopologySourceError } from '../../src/workflows/activities/loadTopology.js';
import { TopologyFileError } from '../../src/config/topology.js';
import { startTestStorage, type TestStorage } from './support/azurite.js';

const TEXT = ['groups:', '  - name: prod', '    connectivity: mesh', '    members: [{ tag: peering-group=prod }]'].join('\n');

describe('loadTopology', () => {
  let azurite: TestStorage;
  let dir: string;
  before(async () => {
    azurite = await startTestStorage();
    process.env.AzureWebJobsStorage = azurite.connectionString;
    dir = mkdtempSync(join(tmpdir(), 'topology-'));
  });
  after(async () => {
    delete process.env.AzureWebJobsStorage;
    rmSync(dir, { recursive: true, force: true });
    await azurite.stop();
  });

  it('reads a file by path, and names a path that cannot be read', async () => {
    writeFileSync(join(dir, 'topology.yaml'), TEXT);
    assert.equal((await loadTopology(join(dir, 'topology.yaml'))).groups[0]?.name, 'prod');
    await assert.rejects(loadTopology(join(dir, 'nope.yaml')), (e: Error) => e instanceof TopologySourceError && /nope\.yaml cannot be read/.test(e.message));
  });

  it('reads a blob by URL (container and a name with folders), names a missing blob, and reports the file\'s own errors', async () => {
    const stored = await putText('topologies', 'prod/topology.yaml', TEXT);
    assert.equal((await loadTopology(stored.url)).groups[0]?.name, 'prod');
    await assert.rejects(loadTopology(stored.url.replace('topology.yaml', 'other.yaml')), (e: Error) => e instanceof TopologySourceError && /no such blob \(topologies\/prod\/other\.yaml\)/.test(e.message));
    const broken = await putText('topologies', 'broken.json', '{"groups": []}');
    await assert.rejects(loadTopology(broken.url), (e: Error) => e instanceof TopologyFileError && /groups: must list at least one group/.test(e.message));
  });
});
