import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBeforeItsPeers } from '../../../src/domain/tornRead.js';
import { World } from '../../fixtures/domain/world.js';

describe('readBeforeItsPeers', () => {
  function lab() {
    const w = new World();
    w.vnet('London', ['10.1.0.0/16']);
    w.vnet('Madrid', ['10.2.0.0/16']);
    w.connect('London', 'Madrid');
    return w;
  }
  const only = (w: World, name: string) => w.snapshots(name)[0]!;

  it('is false when the peers report the space the VNet was read with (also spelled or ordered otherwise)', () => {
    const w = lab();
    assert.equal(readBeforeItsPeers(only(w, 'Madrid'), [only(w, 'London')]), false);
    w.resize('Madrid', ['10.4.0.0/16', '10.2.0.0/16']);
    assert.equal(readBeforeItsPeers(only(w, 'Madrid'), [only(w, 'London')]), false);
  });

  it('is true when a range was added between the VNet\'s GET and its peer\'s', () => {
    const w = lab();
    const madridBefore = only(w, 'Madrid');
    w.resize('Madrid', ['10.2.0.0/16', '10.4.0.0/16']);
    assert.equal(readBeforeItsPeers(madridBefore, [only(w, 'London')]), true);
  });

  it('ignores peers with no side towards the VNet', () => {
    const w = lab();
    w.vnet('Paris', ['10.3.0.0/16']);
    const madridBefore = only(w, 'Madrid');
    w.resize('Madrid', ['10.2.0.0/16', '10.4.0.0/16']);
    assert.equal(readBeforeItsPeers(madridBefore, [only(w, 'Paris')]), false);
  });
});
