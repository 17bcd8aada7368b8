import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adoptHealthyPairs } from '../../../src/domain/desired.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import { findPeeringOverlap } from '../../../src/domain/overlapGuard.js';
import { planVnet } from '../../../src/domain/plan.js';
import { World } from '../../fixtures/domain/world.js';

/** London ↔ Madrid remembered; Madrid ↔ Paris (10.5/16) too. */
function triangle(): World {
  const world = new World();
  world.vnet('London', ['10.1.0.0/16']);
  world.vnet('Madrid', ['10.2.0.0/16']);
  world.vnet('Paris', ['10.5.0.0/16']);
  world.connect('London', 'Madrid');
  world.connect('Madrid', 'Paris');
  return world;
}

describe('overlap guard: peering writes ARM would refuse for overlapping spaces are found before any write', () => {
  it('finds a direct overlap and one with a VNet already peered with the other side, from sides alone', () => {
    const world = triangle();
    const inventory = buildInventory(world.snapshots('London', 'Madrid'));
    const london = inventory.vnet(world.id('London'))!;
    const madrid = inventory.vnet(world.id('Madrid'))!;
    assert.equal(findPeeringOverlap(london, london.addressSpace, madrid, inventory), undefined);
    const direct = findPeeringOverlap(london, ['10.1.0.0/16', '10.2.128.0/17'], madrid, inventory);
    assert.deepEqual([direct?.code, direct?.prefixes], ['VnetAddressSpacesOverlap', [{ a: '10.2.128.0/17', b: '10.2.0.0/16' }]]);
    // Paris was not read: its space comes from Madrid's side pointing at it.
    const third = findPeeringOverlap(london, ['10.1.0.0/16', '10.5.128.0/17'], madrid, inventory);
    assert.deepEqual([third?.code, third?.thirdVnetId, third?.overlappingVnetId], ['VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', world.id('Paris'), world.id('London')]);
  });

  it('recreate strategy: a resize overlapping a peer of the remote deletes nothing and says why', () => {
    const world = triangle();
    const desired = adoptHealthyPairs(buildInventory(world.snapshots()));
    world.resize('London', ['10.1.0.0/16', '10.5.128.0/17']);
    const plan = planVnet({ vnetId: world.id('London'), desired, snapshots: world.snapshots('London', 'Madrid'), strategy: 'recreate' });
    assert.deepEqual(plan.phases.flatMap((p) => p.writes), []);
    const finding = plan.findings.find((f) => f.code === 'AddressSpaceOverlap');
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /^deleting and re-creating the peering between London and Madrid is not possible: London's 10\.5\.128\.0\/17 overlaps 10\.5\.0\.0\/16 of Paris, which is already peered with Madrid; ARM refuses it with VnetAddressSpaceOverlapsWithAlreadyPeeredVnet\. Nothing was deleted or changed/);
    assert.equal(plan.pairs.find((p) => p.action === 'skip')?.downtime, 'none');
  });

  it('sync strategy: the sync is not attempted either; the pair keeps its probe so the effect is shown', () => {
    const world = triangle();
    const desired = adoptHealthyPairs(buildInventory(world.snapshots()));
    world.resize('London', ['10.1.0.0/16', '10.5.128.0/17']);
    const plan = planVnet({ vnetId: world.id('London'), desired, snapshots: world.snapshots('London', 'Madrid'), strategy: 'sync' });
    assert.deepEqual(plan.phases.flatMap((p) => p.writes), []);
    assert.match(plan.findings.map((f) => f.message).join('\n'), /syncing the peering between London and Madrid is not possible/);
    assert.deepEqual(plan.phases.flatMap((p) => p.probes).map((p) => p.extraDestinationPrefixes), [['10.5.128.0/17']]);
  });

  it('a Disconnected pair whose re-creation would overlap keeps its remaining side', () => {
    const world = triangle();
    const desired = adoptHealthyPairs(buildInventory(world.snapshots()));
    world.deleteSide('Madrid', 'London');
    world.resize('London', ['10.1.0.0/16', '10.5.0.0/24']);
    const plan = planVnet({ vnetId: world.id('London'), desired, snapshots: world.snapshots('London', 'Madrid'), strategy: 'sync' });
    assert.deepEqual(plan.phases.flatMap((p) => p.writes.map((w) => w.kind)), []);
    assert.equal(plan.findings.some((f) => f.code === 'AddressSpaceOverlap'), true);
  });
});
