import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adoptHealthyPairs, desiredPair, involves, orient, rememberedDesired } from '../../../src/domain/desired.js';
import { buildInventory, pairKey } from '../../../src/domain/inventory.js';
import { DEFAULT_PEERING_OPTIONS } from '../../../src/domain/model.js';
import { World } from '../../fixtures/domain/world.js';

function world3(): World {
  const world = new World();
  world.vnet('London', ['10.1.0.0/16']);
  world.vnet('Madrid', ['10.2.0.0/16']);
  world.vnet('Paris', ['10.3.0.0/16']);
  return world;
}

describe('desiredPair', () => {
  it('fills default names from the VNet names and default options', () => {
    const w = world3();
    const pair = desiredPair({ vnetId: w.id('London'), options: { allowForwardedTraffic: true } }, { vnetId: w.id('Madrid'), name: 'custom' }, 'request');
    assert.equal(pair.a.name, 'London-to-Madrid');
    assert.equal(pair.b.name, 'custom');
    assert.deepEqual(pair.a.options, { ...DEFAULT_PEERING_OPTIONS, allowForwardedTraffic: true });
    assert.deepEqual(pair.b.options, DEFAULT_PEERING_OPTIONS);
    assert.equal(pair.key, pairKey(w.id('Madrid'), w.id('London')));
  });

  it('refuses ids that are not VNet ids', () => {
    assert.throws(() => desiredPair({ vnetId: 'London' }, { vnetId: 'Madrid' }, 'request'), /is not a virtual network id/);
  });

  it('orients a pair from either VNet, case-insensitively', () => {
    const w = world3();
    const pair = desiredPair({ vnetId: w.id('London') }, { vnetId: w.id('Madrid') }, 'request');
    assert.equal(orient(pair, w.id('Madrid').toUpperCase()).local.name, 'Madrid-to-London');
    assert.ok(involves(pair, w.id('London').toLowerCase()));
    assert.ok(!involves(pair, w.id('Paris')));
    assert.throws(() => orient(pair, w.id('Paris')), /does not involve/);
  });
});

describe('adoptHealthyPairs', () => {
  it('adopts only pairs with both sides Connected and Succeeded, with their names and options as they are', () => {
    const w = world3();
    w.connect('London', 'Madrid', { allowForwardedTraffic: true });
    w.createSide('London', 'Paris');
    const adopted = adoptHealthyPairs(buildInventory(w.snapshots()));
    assert.equal(adopted.length, 1);
    const [pair] = adopted;
    const london = pair && orient(pair, w.id('London')).local;
    assert.equal(london?.name, 'London-to-Madrid');
    assert.equal(london?.options.allowForwardedTraffic, true);
    assert.equal(pair?.source, 'remembered');
  });

  it('does not adopt a pair while one side is being written', () => {
    const w = world3();
    w.connect('London', 'Madrid');
    w.setState('Madrid', 'London', { provisioning: 'Updating' });
    assert.deepEqual(adoptHealthyPairs(buildInventory(w.snapshots())), []);
  });

  it('adopts a connected pair that is out of sync (a resize does not make it unwanted)', () => {
    const w = world3();
    w.connect('London', 'Madrid');
    w.resize('London', ['10.1.0.0/16', '10.9.0.0/16']);
    assert.equal(adoptHealthyPairs(buildInventory(w.snapshots()), w.id('Madrid')).length, 1);
  });
});

describe('rememberedDesired', () => {
  it('keeps remembered pairs over what is seen now and adopts new healthy ones', () => {
    const w = world3();
    w.connect('London', 'Madrid');
    const remembered = adoptHealthyPairs(buildInventory(w.snapshots()));
    w.setOptions('London', 'Madrid', { allowForwardedTraffic: true });
    w.connect('London', 'Paris');
    const { desired, adopted } = rememberedDesired(remembered, buildInventory(w.snapshots()), w.id('London'));
    assert.equal(desired.length, 2);
    assert.deepEqual(adopted.map((p) => p.key), [pairKey(w.id('London'), w.id('Paris'))]);
    const madrid = desired.find((p) => p.key === pairKey(w.id('London'), w.id('Madrid')));
    assert.equal(madrid && orient(madrid, w.id('London')).local.options.allowForwardedTraffic, false);
  });

  it('remembers a pair whose sides are gone (that is the drift to repair)', () => {
    const w = world3();
    w.connect('London', 'Madrid');
    const remembered = adoptHealthyPairs(buildInventory(w.snapshots()));
    w.deleteSide('London', 'Madrid');
    w.deleteSide('Madrid', 'London');
    const { desired, adopted } = rememberedDesired(remembered, buildInventory(w.snapshots()), w.id('Madrid'));
    assert.equal(desired.length, 1);
    assert.deepEqual(adopted, []);
  });
});
