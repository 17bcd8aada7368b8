import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DesiredPair } from '../../../src/domain/desired.js';
import { adoptHealthyPairs, desiredPair } from '../../../src/domain/desired.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import type { PlanInput } from '../../../src/domain/plan.js';
import { isEmptyPlan, planVnet, planWrites } from '../../../src/domain/plan.js';
import type { Plan, WriteStep } from '../../../src/domain/planTypes.js';
import { resourceKey } from '../../../src/domain/resourceId.js';
import { SUB, SUB2, World } from '../../fixtures/domain/world.js';

/** London 10.1/16 ↔ Madrid 10.2/16, connected and remembered. */
function lab(): { world: World; desired: DesiredPair[] } {
  const world = new World();
  world.vnet('London', ['10.1.0.0/16']);
  world.vnet('Madrid', ['10.2.0.0/16']);
  world.connect('London', 'Madrid', { allowForwardedTraffic: true });
  return { world, desired: adoptHealthyPairs(buildInventory(world.snapshots())) };
}

function plan(world: World, desired: readonly DesiredPair[], extra: Partial<PlanInput> = {}, owner = 'London'): Plan {
  return planVnet({ vnetId: world.id(owner), desired, snapshots: world.snapshots(), strategy: 'sync', ...extra });
}

/** `kind target-name` per phase, for readable expectations. */
function shape(p: Plan): string[][] {
  return p.phases.map((phase) => phase.writes.map((w) => `${w.kind} ${w.targetId.split('/').at(-1)}`));
}

/** Applies the plan to the world and checks that planning again (without the request) does nothing. */
function assertConverges(world: World, desired: readonly DesiredPair[], p: Plan, owner = 'London'): void {
  world.apply(p);
  const again = plan(world, desired, {}, owner);
  assert.deepEqual(shape(again), [], `re-plan after applying should be empty, got ${JSON.stringify(shape(again))}`);
  assert.ok(isEmptyPlan(again));
}

function assertPhasesRespectLocks(p: Plan): void {
  for (const phase of p.phases) {
    const locks = phase.writes.map((w) => resourceKey(w.lockVnetId));
    assert.equal(new Set(locks).size, locks.length, `phase ${phase.index} has two writes on one VNet: ${locks.join(', ')}`);
  }
}

describe('planVnet: nothing to do', () => {
  it('returns an empty plan for a converged pair', () => {
    const { world, desired } = lab();
    const p = plan(world, desired);
    assert.ok(isEmptyPlan(p));
    assert.deepEqual(p.findings, []);
    assert.equal(p.pairs[0]?.action, 'none');
  });

  it('returns an empty plan when the requested address change is already made', () => {
    const { world, desired } = lab();
    const p = plan(world, desired, { addressChange: { add: ['10.1.0.0/16'], remove: ['10.9.0.0/16'] } });
    assert.ok(isEmptyPlan(p));
    assert.deepEqual(p.addressChange, { add: [], remove: [] });
  });
});

describe('planVnet: repairs', () => {
  it('creates both sides of a missing pair, the owner first, then waits Connected and probes', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    world.vnet('Madrid', ['10.2.0.0/16']);
    const desired = [desiredPair({ vnetId: world.id('London'), options: { allowForwardedTraffic: true } }, { vnetId: world.id('Madrid') }, 'request')];
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['createPeering London-to-Madrid'], ['createPeering Madrid-to-London']]);
    const last = p.phases.at(-1);
    assert.equal(last?.waits[0]?.state, 'Connected');
    assert.deepEqual(last?.waits[0]?.peeringIds, [`${world.id('London')}/virtualNetworkPeerings/London-to-Madrid`, `${world.id('Madrid')}/virtualNetworkPeerings/Madrid-to-London`]);
    assert.equal(last?.probes.length, 1);
    const first = p.phases[0]?.writes[0];
    assert.equal(first?.kind, 'createPeering');
    assert.deepEqual(first?.request, {
      method: 'PUT',
      path: `${world.id('London')}/virtualNetworkPeerings/London-to-Madrid`,
      body: { remoteVirtualNetwork: { id: world.id('Madrid') }, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false },
    });
    assert.equal(p.pairs[0]?.action, 'create');
    assertConverges(world, desired, p);
  });

  it('creates only the missing side when the other one is Initiated', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    world.vnet('Madrid', ['10.2.0.0/16']);
    world.createSide('London', 'Madrid');
    const desired = [desiredPair({ vnetId: world.id('London') }, { vnetId: world.id('Madrid') }, 'request')];
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['createPeering Madrid-to-London']]);
    assertConverges(world, desired, p);
  });

  it('creates the owner side when only the remote side exists', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    world.vnet('Madrid', ['10.2.0.0/16']);
    world.createSide('Madrid', 'London');
    const desired = [desiredPair({ vnetId: world.id('London') }, { vnetId: world.id('Madrid') }, 'request')];
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['createPeering London-to-Madrid']]);
    assertConverges(world, desired, p);
  });

  it('deletes a Disconnected side, then creates both with the remembered options', () => {
    const { world, desired } = lab();
    world.deleteSide('Madrid', 'London');
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['deletePeering London-to-Madrid'], ['createPeering London-to-Madrid'], ['createPeering Madrid-to-London']]);
    const create = planWrites(p).find((w) => w.kind === 'createPeering' && w.name === 'London-to-Madrid');
    assert.equal(create?.kind === 'createPeering' && create.options.allowForwardedTraffic, true);
    assert.equal(p.pairs[0]?.action, 'repair');
    assert.equal(p.pairs[0]?.downtime, 'notConnectedNow');
    assertConverges(world, desired, p);
  });

  it('is the same plan whichever VNet of the pair owns it (Disconnected side on the remote)', () => {
    const { world, desired } = lab();
    world.deleteSide('London', 'Madrid');
    const p = plan(world, desired, {}, 'Madrid');
    assert.deepEqual(shape(p), [['deletePeering Madrid-to-London'], ['createPeering Madrid-to-London'], ['createPeering London-to-Madrid']]);
    assertConverges(world, desired, p, 'Madrid');
  });

  it('puts drifted options back on the side that drifted, with the change in the step', () => {
    const { world, desired } = lab();
    world.setOptions('Madrid', 'London', { allowVirtualNetworkAccess: false });
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['updatePeering Madrid-to-London']]);
    const step = p.phases[0]?.writes[0];
    assert.deepEqual(step?.kind === 'updatePeering' && step.changes, [{ option: 'allowVirtualNetworkAccess', actual: false, wanted: true }]);
    assert.match(step?.summary ?? '', /allowVirtualNetworkAccess false → true/);
    assert.equal(p.phases[0]?.waits[0]?.state, 'Connected');
    assert.equal(p.pairs[0]?.downtime, 'none');
    assertConverges(world, desired, p);
  });

  it('re-applies a side whose last write failed', () => {
    const { world, desired } = lab();
    world.setState('London', 'Madrid', { provisioning: 'Failed' });
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['updatePeering London-to-Madrid']]);
    assertConverges(world, desired, p);
  });

  it('reports a pair whose remote VNet is gone and touches nothing', () => {
    const { world, desired } = lab();
    world.removeVnet('Madrid');
    const p = plan(world, desired);
    assert.ok(isEmptyPlan(p));
    assert.deepEqual(p.findings.map((f) => [f.code, f.severity]), [['RemoteVnetGone', 'warning']]);
    assert.match(p.findings[0]?.message ?? '', /Madrid.*not touched/);
  });

  it('waits and re-checks while a write is running on a side', () => {
    const { world, desired } = lab();
    world.setOptions('Madrid', 'London', { allowForwardedTraffic: true });
    world.setState('Madrid', 'London', { provisioning: 'Updating' });
    const p = plan(world, desired);
    assert.ok(isEmptyPlan(p));
    assert.equal(p.recheck, true);
    assert.equal(p.findings[0]?.code, 'SideBusy');
  });

  it('refuses to create a side over a peering of the same name to another VNet', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    world.vnet('Madrid', ['10.2.0.0/16']);
    world.vnet('Paris', ['10.3.0.0/16']);
    world.createSide('London', 'Paris', {}, 'London-to-Madrid');
    const desired = [desiredPair({ vnetId: world.id('London') }, { vnetId: world.id('Madrid') }, 'request')];
    const p = plan(world, desired);
    assert.deepEqual(shape(p), []);
    assert.ok(p.findings.some((f) => f.code === 'PeeringNameTaken' && f.severity === 'error' && /Paris/.test(f.message)));
  });

  it('does not touch a pair reaching a subscription outside the scope', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    world.vnet('Oslo', ['10.5.0.0/16'], { sub: SUB2 });
    const desired = [desiredPair({ vnetId: world.id('London') }, { vnetId: world.id('Oslo') }, 'request')];
    const p = plan(world, desired, { writableSubscriptions: [SUB.toUpperCase()] });
    assert.ok(isEmptyPlan(p));
    assert.equal(p.findings[0]?.code, 'OutOfScope');
    assert.deepEqual(shape(plan(world, desired, { writableSubscriptions: [SUB, SUB2] })).flat().length, 2);
  });

  it('reports peerings outside the desired state without changing them', () => {
    const { world } = lab();
    world.vnet('Paris', ['10.3.0.0/16']);
    world.createSide('London', 'Paris');
    const p = plan(world, []);
    assert.ok(isEmptyPlan(p));
    assert.deepEqual(p.findings.map((f) => f.code).sort(), ['UnmanagedPeering', 'UnmanagedPeering']);
    assert.ok(p.pairs.every((pair) => !pair.managed && pair.action === 'none'));
  });

  it('removes a pair on both sides on request, in parallel (different VNets)', () => {
    const { world, desired } = lab();
    const p = plan(world, desired, { removePairs: [[world.id('Madrid'), world.id('London')]] });
    assert.deepEqual(shape(p), [['deletePeering London-to-Madrid', 'deletePeering Madrid-to-London']]);
    assert.equal(p.phases[0]?.waits.length, 0);
    assert.equal(p.pairs[0]?.action, 'remove');
    world.apply(p);
    assert.ok(isEmptyPlan(plan(world, [])));
  });

  it('says there is nothing to remove when no side exists', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    world.vnet('Madrid', ['10.2.0.0/16']);
    const p = plan(world, [], { removePairs: [[world.id('London'), world.id('Madrid')]] });
    assert.ok(isEmptyPlan(p));
    assert.equal(p.findings[0]?.code, 'NothingToRemove');
  });

  it('reports the owner missing', () => {
    const { world, desired } = lab();
    const p = planVnet({ vnetId: world.id('London').replace('London', 'Nowhere'), desired, snapshots: world.snapshots(), strategy: 'sync' });
    assert.equal(p.findings[0]?.code, 'VnetNotFound');
    assert.ok(isEmptyPlan(p));
  });
});

describe('planVnet: address space changed (Event Grid path)', () => {
  it('sync: syncs the peer side pointing at the resized VNet, waits FullyInSync, probes the new prefix', () => {
    const { world, desired } = lab();
    world.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['syncPeering Madrid-to-London']]);
    const step = p.phases[0]?.writes[0];
    assert.deepEqual(step?.request.query, { syncRemoteAddressSpace: 'true' });
    assert.equal(step?.lockVnetId, world.id('Madrid'));
    assert.equal(p.phases[0]?.waits[0]?.state, 'FullyInSync');
    assert.deepEqual(p.phases[0]?.probes[0]?.extraDestinationPrefixes, ['10.3.0.0/16']);
    assert.equal(p.pairs[0]?.downtime, 'none');
    assertConverges(world, desired, p);
  });

  it('sync: the same plan from the remote VNet instance', () => {
    const { world, desired } = lab();
    world.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    assert.deepEqual(shape(plan(world, desired, {}, 'Madrid')), [['syncPeering Madrid-to-London']]);
  });

  it('sync: both VNets resized → both sides synced in one phase', () => {
    const { world, desired } = lab();
    world.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    world.resize('Madrid', ['10.2.0.0/16', '10.4.0.0/16']);
    const p = plan(world, desired);
    assert.deepEqual(shape(p), [['syncPeering London-to-Madrid', 'syncPeering Madrid-to-London']]);
    assert.deepEqual(p.phases[0]?.probes[0]?.extraDestinationPrefixes, ['10.3.0.0/16', '10.4.0.0/16']);
    assertConverges(world, desired, p);
  });

  it('recreate: snapshots both sides, deletes both, re-creates both, waits Connected, probes', () => {
    const { world, desired } = lab();
    world.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    const p = plan(world, desired, { strategy: 'recreate' });
    assert.deepEqual(shape(p), [
      ['deletePeering London-to-Madrid', 'deletePeering Madrid-to-London'],
      ['createPeering London-to-Madrid'],
      ['createPeering Madrid-to-London'],
    ]);
    const del = p.phases[0]?.writes[0];
    assert.equal(del?.kind === 'deletePeering' && del.snapshot.options.allowForwardedTraffic, true);
    assert.equal(p.pairs[0]?.downtime, 'deleteToCreate');
    assert.equal(p.phases.at(-1)?.waits[0]?.state, 'Connected');
    assert.deepEqual(p.phases.at(-1)?.probes[0]?.extraDestinationPrefixes, ['10.3.0.0/16']);
    assertConverges(world, desired, p);
  });
});

describe('planVnet: address change requested (HTTP path)', () => {
  const add = { addressChange: { add: ['10.3.0.0/16'] } };

  it('sync: changes the space, then syncs the peer side; no downtime', () => {
    const { world, desired } = lab();
    const p = plan(world, desired, add);
    assert.deepEqual(shape(p), [['updateAddressSpace London'], ['syncPeering Madrid-to-London']]);
    const update = p.phases[0]?.writes[0];
    assert.deepEqual(update?.kind === 'updateAddressSpace' && [update.add, update.remove, update.expectedAddressSpace], [['10.3.0.0/16'], [], ['10.1.0.0/16', '10.3.0.0/16']]);
    assert.equal(p.phases.at(-1)?.waits[0]?.state, 'FullyInSync');
    assert.deepEqual(p.phases.at(-1)?.probes[0]?.extraDestinationPrefixes, ['10.3.0.0/16']);
    assert.deepEqual(p.addressChange, { add: ['10.3.0.0/16'], remove: [] });
    assertConverges(world, desired, p);
  });

  it('recreate: deletes both sides, changes the space, re-creates both', () => {
    const { world, desired } = lab();
    const p = plan(world, desired, { ...add, strategy: 'recreate' });
    assert.deepEqual(shape(p), [
      ['deletePeering London-to-Madrid', 'deletePeering Madrid-to-London'],
      ['updateAddressSpace London'],
      ['createPeering London-to-Madrid'],
      ['createPeering Madrid-to-London'],
    ]);
    assert.equal(p.pairs[0]?.downtime, 'deleteToCreate');
    assertConverges(world, desired, p);
  });

  it('legacy ARM (no change while peered) recreates even with the sync strategy', () => {
    const { world, desired } = lab();
    const p = plan(world, desired, { ...add, addressSpaceLockedWhilePeered: true });
    assert.deepEqual(shape(p)[1], ['updateAddressSpace London']);
    assert.equal(p.pairs[0]?.action, 'recreate');
  });

  it('legacy: also recreates a peering that is not managed (it would block the change), with its own options', () => {
    const { world, desired } = lab();
    world.vnet('Paris', ['10.5.0.0/16']);
    world.connect('London', 'Paris', { allowGatewayTransit: true });
    const p = plan(world, desired, { ...add, addressSpaceLockedWhilePeered: true });
    const creates = planWrites(p).filter((w) => w.kind === 'createPeering');
    const paris = creates.find((w) => w.name === 'London-to-Paris');
    assert.equal(paris?.kind === 'createPeering' && paris.options.allowGatewayTransit, true);
    assert.equal(creates.length, 4);
    assertPhasesRespectLocks(p);
  });

  it('legacy: a peering to a deleted VNet blocks the change and nothing is planned', () => {
    const { world, desired } = lab();
    world.danglingSide('London', world.id('London').replace('London', 'Gone'));
    const p = plan(world, desired, { ...add, addressSpaceLockedWhilePeered: true });
    assert.ok(isEmptyPlan(p));
    assert.ok(p.findings.some((f) => f.code === 'AddressChangeBlocked' && f.severity === 'error'));
  });

  it('a VNet without peerings only changes its space', () => {
    const world = new World();
    world.vnet('London', ['10.1.0.0/16']);
    const p = plan(world, [], { addressChange: { add: ['10.3.0.0/16'], remove: ['10.1.0.0/16'] }, strategy: 'recreate' });
    assert.deepEqual(shape(p), [['updateAddressSpace London']]);
    assert.deepEqual(p.phases[0]?.waits, []);
  });
});

describe('planVnet: hub with spokes', () => {
  function hub(): { world: World; desired: DesiredPair[] } {
    const world = new World();
    world.vnet('Hub', ['10.0.0.0/16']);
    for (const n of [1, 2, 3]) {
      world.vnet(`Spoke${n}`, [`10.${n * 10}.0.0/16`]);
      world.connect('Hub', `Spoke${n}`);
    }
    return { world, desired: adoptHealthyPairs(buildInventory(world.snapshots())) };
  }

  it('sync: the three spoke sides are synced in parallel (different VNets)', () => {
    const { world, desired } = hub();
    const p = plan(world, desired, { addressChange: { add: ['10.100.0.0/16'] } }, 'Hub');
    assert.deepEqual(shape(p), [['updateAddressSpace Hub'], ['syncPeering Spoke1-to-Hub', 'syncPeering Spoke2-to-Hub', 'syncPeering Spoke3-to-Hub']]);
    assert.equal(p.phases.at(-1)?.probes.length, 3);
    assertConverges(world, desired, p, 'Hub');
  });

  it('recreate: writes on the hub are serialised, never two in one phase', () => {
    const { world, desired } = hub();
    const p = plan(world, desired, { addressChange: { add: ['10.100.0.0/16'] }, strategy: 'recreate' }, 'Hub');
    assertPhasesRespectLocks(p);
    assert.deepEqual(shape(p)[0], ['deletePeering Hub-to-Spoke1', 'deletePeering Spoke1-to-Hub', 'deletePeering Spoke2-to-Hub', 'deletePeering Spoke3-to-Hub']);
    assert.equal(p.phases.length, 8);
    assert.deepEqual(p.phases.map((ph) => ph.index), [1, 2, 3, 4, 5, 6, 7, 8]);
    assertConverges(world, desired, p, 'Hub');
  });
});

describe('planVnet: properties', () => {
  it('is deterministic and independent of snapshot order and id spelling', () => {
    const { world, desired } = lab();
    world.vnet('Paris', ['10.3.0.0/16']);
    world.deleteSide('Madrid', 'London');
    const pairs = [...desired, desiredPair({ vnetId: world.id('London') }, { vnetId: world.id('Paris') }, 'request')];
    const a = plan(world, pairs);
    const b = planVnet({ vnetId: world.id('London').toLowerCase(), desired: [...pairs].reverse(), snapshots: world.snapshots().reverse(), strategy: 'sync' });
    assert.deepEqual(shape(b), shape(a));
    assert.deepEqual(plan(world, pairs), a);
  });

  it('produces plain JSON', () => {
    const { world, desired } = lab();
    world.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    const p = plan(world, desired, { strategy: 'recreate' });
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
  });

  it('numbers steps by phase and gives each a reason and summary', () => {
    const { world, desired } = lab();
    world.deleteSide('Madrid', 'London');
    const steps: WriteStep[] = planWrites(plan(world, desired));
    assert.deepEqual(steps.map((s) => s.stepId), ['1.1', '2.1', '3.1']);
    for (const s of steps) {
      assert.ok(s.reason.length > 10, s.reason);
      assert.ok(s.summary.length > 10, s.summary);
    }
  });

  it('reports a duplicate peering to the same remote', () => {
    const { world, desired } = lab();
    const snapshots = world.snapshots();
    const london = snapshots[0];
    assert.ok(london);
    const side = london.peerings[0];
    assert.ok(side);
    const dup = { ...side, name: 'zz-dup', id: `${london.id}/virtualNetworkPeerings/zz-dup` };
    const p = planVnet({ vnetId: london.id, desired, snapshots: [{ ...london, peerings: [side, dup] }, ...snapshots.slice(1)], strategy: 'sync' });
    assert.ok(p.findings.some((f) => f.code === 'DuplicatePeering' && f.peeringId === dup.id));
    assert.ok(isEmptyPlan(p));
  });
});

describe('planVnet: an audit\'s safe remediation (repairOptions: false)', () => {
  it('leaves drifted options as found, reports them, and still repairs a missing side and syncs', () => {
    const { world, desired } = lab();
    world.setOptions('Madrid', 'London', { allowForwardedTraffic: true });
    const safe = plan(world, desired, { repairOptions: false });
    assert.ok(isEmptyPlan(safe));
    assert.deepEqual(safe.findings.map((f) => f.code), ['OptionsNotRepaired']);
    assert.match(safe.findings[0]?.message ?? '', /Madrid-to-London|allowForwardedTraffic=true/);
    assert.equal(planWrites(plan(world, desired)).length, 1, 'with the default the options are put back');

    world.deleteSide('London', 'Madrid');
    const repaired = plan(world, desired, { repairOptions: false });
    assert.deepEqual(planWrites(repaired).map((w) => w.kind), ['deletePeering', 'createPeering', 'createPeering'], 'the Disconnected pair is repaired');

    const synced = lab();
    synced.world.setOptions('Madrid', 'London', { allowForwardedTraffic: true });
    synced.world.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    const sync = planWrites(plan(synced.world, synced.desired, { repairOptions: false }));
    assert.deepEqual(sync.map((w) => w.kind), ['syncPeering']);
    assert.equal(sync[0]?.kind === 'syncPeering' && sync[0].options.allowForwardedTraffic, true, 'the sync keeps the options as found');
  });
});
