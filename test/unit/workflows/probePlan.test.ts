import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adoptHealthyPairs } from '../../../src/domain/desired.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import type { VnetSnapshot } from '../../../src/domain/model.js';
import { planVnet } from '../../../src/domain/plan.js';
import type { Plan } from '../../../src/domain/planTypes.js';
import { probeSpecs } from '../../../src/workflows/reconcile/probePlan.js';
import { WorldView } from '../../../src/workflows/reconcile/worldView.js';
import { World } from '../../fixtures/domain/world.js';

/** London 10.1/16 ↔ Madrid 10.2/16, connected and remembered. */
function lab() {
  const world = new World();
  world.vnet('London', ['10.1.0.0/16']);
  world.vnet('Madrid', ['10.2.0.0/16']);
  world.connect('London', 'Madrid');
  return { world, desired: adoptHealthyPairs(buildInventory(world.snapshots())) };
}

/** The view after running `plan` in `world`: the read, then each write's answer (the side as the PUT left it); no read after. */
function viewAfter(world: World, read: readonly VnetSnapshot[], plan: Plan): WorldView {
  const view = new WorldView(read);
  const writes = world.apply(plan);
  for (const step of writes) {
    if (step.kind === 'updateAddressSpace') continue;
    const peering = world.snapshots(step.localVnetId)[0]?.peerings.find((p) => p.name === step.name);
    view.applyWrite(step, { effect: 'written', ...(step.kind === 'deletePeering' || !peering ? {} : { peering }) });
  }
  return view;
}

const checkShape = (specs: ReturnType<typeof probeSpecs>) =>
  specs.flatMap((s) => s.checks.map((c) => `${c.sourceVnetId.split('/').at(-1)} → ${c.destinationVnetId.split('/').at(-1)}${c.destinationPrefix ? ` ${c.destinationPrefix}` : ''}`));

describe('probeSpecs: every prefix the pass made routable is probed', () => {
  it('a range added to Madrid between the pass\'s GET of Madrid and its GET of London: the recreate it causes probes into the range', () => {
    const { world, desired } = lab();
    const madridRead = world.snapshots('Madrid');
    world.resize('Madrid', ['10.2.0.0/16', '10.4.0.0/16']);
    const read = [...madridRead, ...world.snapshots('London')];
    assert.equal(read[1]?.peerings[0]?.peeringSyncLevel, 'LocalNotInSync', "London's side says Madrid changed");

    const plan = planVnet({ vnetId: world.id('Madrid'), desired, snapshots: read, strategy: 'recreate' });
    assert.deepEqual(plan.pairs.map((p) => p.action), ['recreate']);
    const probes = plan.phases.flatMap((p) => p.probes);
    assert.deepEqual(probes.map((p) => p.extraDestinationPrefixes), [[]], 'the plan itself never saw 10.4.0.0/16');

    const view = viewAfter(world, read, plan);
    assert.deepEqual(checkShape(probeSpecs(probes, view, read)), ['Madrid → London', 'London → Madrid', 'London → Madrid 10.4.0.0/16']);
    assert.deepEqual(checkShape(probeSpecs(probes, view)), ['Madrid → London', 'London → Madrid'], 'without the read, the plan\'s prefixes only');
  });

  it('a consistent read: the plan\'s prefix once, nothing more', () => {
    const { world, desired } = lab();
    world.resize('Madrid', ['10.2.0.0/16', '10.4.0.0/16']);
    const read = world.snapshots();
    const plan = planVnet({ vnetId: world.id('Madrid'), desired, snapshots: read, strategy: 'recreate' });
    const probes = plan.phases.flatMap((p) => p.probes);
    assert.deepEqual(probes.map((p) => p.extraDestinationPrefixes), [['10.4.0.0/16']]);
    assert.deepEqual(checkShape(probeSpecs(probes, viewAfter(world, read, plan), read)), ['Madrid → London', 'London → Madrid', 'London → Madrid 10.4.0.0/16']);
  });

  it('a pair created by the pass adds no prefix check: its sides are new, the pair\'s own checks prove them', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16', '10.3.0.0/16']);
    world.vnet('Madrid', ['10.2.0.0/16']);
    world.connect('London', 'Madrid');
    const desired = adoptHealthyPairs(buildInventory(world.snapshots()));
    world.deleteSide('London', 'Madrid');
    world.deleteSide('Madrid', 'London');
    const read = world.snapshots();
    const plan = planVnet({ vnetId: world.id('Madrid'), desired, snapshots: read, strategy: 'sync' });
    assert.deepEqual(plan.pairs.map((p) => p.action), ['create']);
    assert.deepEqual(checkShape(probeSpecs(plan.phases.flatMap((p) => p.probes), viewAfter(world, read, plan), read)), ['Madrid → London', 'London → Madrid']);
  });
});
