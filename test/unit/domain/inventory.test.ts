import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInventory, pairKey } from '../../../src/domain/inventory.js';
import { World } from '../../fixtures/domain/world.js';

describe('buildInventory', () => {
  it('pairs A→B with B→A and keeps one-sided pairs', () => {
    const w = new World();
    for (const n of ['London', 'Madrid', 'Paris']) w.vnet(n, ['10.0.0.0/16']);
    w.connect('London', 'Madrid');
    w.createSide('Paris', 'London');
    const inv = buildInventory(w.snapshots());
    const pairs = inv.pairs();
    assert.equal(pairs.length, 2);
    const lm = pairs.find((p) => p.key === pairKey(w.id('London'), w.id('Madrid')));
    assert.equal(lm?.ab?.name !== undefined && lm.ba?.name !== undefined, true);
    const lp = pairs.find((p) => p.key === pairKey(w.id('London'), w.id('Paris')));
    const sides = [lp?.ab, lp?.ba].filter(Boolean);
    assert.equal(sides.length, 1);
    assert.equal(sides[0]?.name, 'Paris-to-London');
  });

  it('looks VNets and sides up by any spelling of the ids', () => {
    const w = new World();
    w.vnet('London', ['10.1.0.0/16']);
    w.vnet('Madrid', ['10.2.0.0/16']);
    w.connect('London', 'Madrid');
    const inv = buildInventory(w.snapshots());
    assert.equal(inv.vnet(w.id('London').toUpperCase())?.name, 'London');
    assert.equal(inv.side(w.id('London').toLowerCase(), w.id('Madrid').replace('resourceGroups', 'resourcegroups'))?.name, 'London-to-Madrid');
    assert.deepEqual(inv.remotesOf(w.id('Madrid').toLowerCase()), [w.id('London')]);
    assert.equal(inv.vnet(w.id('London').replace('London', 'Nowhere')), undefined);
  });

  it('gives the same key for a pair in both directions', () => {
    assert.equal(pairKey('/A', '/b'), pairKey('/B', '/a'));
  });
});
