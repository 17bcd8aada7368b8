import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveStrategy } from '../../../src/domain/strategy.js';

describe('resolveStrategy', () => {
  it('prefers the request, then the tag, then the setting', () => {
    assert.deepEqual(resolveStrategy({ requested: 'sync', vnetTags: { 'peering-strategy': 'recreate' }, setting: 'recreate' }), { strategy: 'sync', source: 'request' });
    assert.deepEqual(resolveStrategy({ vnetTags: { 'Peering-Strategy': ' Recreate ' }, setting: 'sync' }), { strategy: 'recreate', source: 'tag' });
    assert.deepEqual(resolveStrategy({ vnetTags: {}, setting: 'sync' }), { strategy: 'sync', source: 'setting' });
  });

  it('ignores a tag with another value and says so', () => {
    const resolved = resolveStrategy({ vnetTags: { 'peering-strategy': 'fast' }, setting: 'sync' });
    assert.equal(resolved.strategy, 'sync');
    assert.match(resolved.warning ?? '', /'fast' is neither 'sync' nor 'recreate'/);
  });
});
