import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VnetSnapshot } from '../../../src/domain/model.js';
import type { WaitStep, WriteStep } from '../../../src/domain/planTypes.js';
import { checksOf } from '../../../src/workflows/reconcile/probePlan.js';
import { WorldView } from '../../../src/workflows/reconcile/worldView.js';
import { World } from '../../fixtures/domain/world.js';

/** A hub resized with three spokes whose sides point at it, not yet synced. */
function resizedHub(): { world: World; snapshots: VnetSnapshot[] } {
  const world = new World();
  world.vnet('hub', ['10.0.0.0/16']);
  for (const [name, space] of [['s1', '10.1.0.0/16'], ['s2', '10.2.0.0/16'], ['s3', '10.3.0.0/16']] as const) {
    world.vnet(name, [space]);
    world.connect('hub', name);
  }
  world.resize('hub', ['10.0.0.0/16', '10.9.0.0/16']);
  return { world, snapshots: world.snapshots() };
}

function syncStep(world: World, spoke: string): WriteStep {
  const side = world.snapshots(spoke)[0]?.peerings[0];
  assert.ok(side);
  return { kind: 'syncPeering', stepId: `1.${spoke}`, lockVnetId: side.localVnetId, targetId: side.id, localVnetId: side.localVnetId, remoteVnetId: side.remoteVnetId, name: side.name, options: side.options, changes: [], reason: '', summary: '', request: { method: 'PUT', path: side.id } };
}

function wait(world: World, spoke: string): WaitStep {
  return { kind: 'waitFor', state: 'FullyInSync', pairKey: spoke, vnetIds: [world.id('hub'), world.id(spoke)], peeringIds: ['', ''], reason: '' };
}

describe('WorldView: what a wait must read after the writes', () => {
  it('after syncing the three sides pointing at the resized hub, only the hub needs reading (their sides came back with the writes)', () => {
    const { world, snapshots } = resizedHub();
    const view = new WorldView(snapshots);
    const waits = ['s1', 's2', 's3'].map((s) => wait(world, s));
    for (const spoke of ['s1', 's2', 's3']) {
      const step = syncStep(world, spoke);
      world.sync(spoke, 'hub');
      view.applyWrite(step, { effect: 'written', peering: world.snapshots(spoke)[0]?.peerings[0] });
    }
    assert.deepEqual(view.vnetsToRead(waits), [world.id('hub')]);
    view.refresh(world.snapshots('hub'));
    assert.deepEqual(view.vnetsToRead(waits), []);
    assert.equal(waits.every((w) => view.reached(w)), true);
  });

  it('a side not yet in the wanted state is read again; a deleted side is gone from the view, its counterpart stale', () => {
    const { world, snapshots } = resizedHub();
    const view = new WorldView(snapshots);
    assert.deepEqual(view.vnetsToRead([wait(world, 's1')]).sort(), [world.id('hub'), world.id('s1')].sort(), 'neither side is FullyInSync yet');
    const side = world.snapshots('s1')[0]?.peerings[0];
    assert.ok(side);
    view.applyWrite({ kind: 'deletePeering', stepId: '1.1', lockVnetId: side.localVnetId, targetId: side.id, localVnetId: side.localVnetId, remoteVnetId: side.remoteVnetId, name: side.name, snapshot: side, reason: '', summary: '', request: { method: 'DELETE', path: side.id } }, { effect: 'written' });
    assert.equal(view.side(world.id('s1'), world.id('hub')), undefined);
    assert.deepEqual(view.sideStates([world.id('hub'), world.id('s1')]).map((s) => s?.peeringState ?? null), ['Connected', null]);
  });

  it('probe checks: a VM on each side to the other, and into each new prefix from the side that does not own it', () => {
    const { world, snapshots } = resizedHub();
    const view = new WorldView(snapshots);
    const checks = checksOf({ kind: 'probe', pairKey: 'k', vnetIds: [world.id('s1'), world.id('hub')], extraDestinationPrefixes: ['10.9.0.0/16', '172.16.0.0/16'], reason: '' }, (id) => view.vnet(id));
    assert.deepEqual(
      checks.map((c) => [c.sourceVnetId.split('/').at(-1), c.destinationVnetId.split('/').at(-1), c.destinationPrefix ?? '']),
      [['s1', 'hub', ''], ['hub', 's1', ''], ['s1', 'hub', '10.9.0.0/16']],
      'a prefix neither VNet holds is not probed',
    );
  });
});
