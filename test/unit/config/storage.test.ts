import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeStorage } from '../../../src/config/storage.js';

describe('describeStorage', () => {
  it('names Azurite for the development storage shortcut', () => {
    assert.equal(describeStorage({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }), 'Azurite (UseDevelopmentStorage=true)');
  });

  it('shows the account and endpoint but never the key', () => {
    const text = describeStorage({
      AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=keeperstore;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net',
    });
    assert.equal(text, 'account keeperstore (core.windows.net)');
    assert.doesNotMatch(text, /c2VjcmV0/);
  });

  it('shows an identity-based account', () => {
    assert.equal(describeStorage({ AzureWebJobsStorage__accountName: 'keeperstore' }), 'account keeperstore (managed identity)');
  });

  it('says when nothing is configured', () => {
    assert.equal(describeStorage({}), 'not configured');
  });
});
