/**
 * Building the report from an audit's pure results: pair statuses from both sides, missing desired pairs,
 * topology groups per VNet, counts, and the report's orderings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import { classifyDrift } from '../../../src/domain/drift.js';
import { buildInventory, pairKey } from '../../../src/domain/inventory.js';
import { resourceKey } from '../../../src/domain/resourceId.js';
import type { AuditReport } from '../../../src/report/auditReport.js';
import type { AuditReportInput } from '../../../src/report/buildAuditReport.js';
import { buildAuditReport } from '../../../src/report/buildAuditReport.js';
import { pairStatus } from '../../../src/report/pairStatus.js';
import { SUB, World } from '../../fixtures/domain/world.js';

const NOW = '2026-06-01T12:00:00.000Z';

function world(): World {
  const w = new World();
  for (const [i, name] of ['A', 'B', 'C', 'D', 'E', 'F'].entries()) w.vnet(name, [`10.${i + 1}.0.0/16`], { location: i < 3 ? 'westeurope' : 'northeurope' });
  return w;
}

function report(w: World, desired: ReturnType<typeof desiredPair>[], extra: Partial<AuditReportInput> = {}): AuditReport {
  const inventory = buildInventory(w.snapshots());
  const drift = classifyDrift({ desired, inventory, now: NOW });
  return buildAuditReport({ auditId: 'a', trigger: 'timer', startedAt: NOW, finishedAt: NOW, desiredSource: 'topology', remediation: 'off', prune: false, subscriptions: [SUB], armCalls: 1, inventory, desired, drift, ...extra });
}

describe('pairStatus', () => {
  const status = (setup: (w: World) => void) => {
    const w = world();
    setup(w);
    const inv = buildInventory(w.snapshots());
    const [a, b] = [w.id('A'), w.id('B')];
    return pairStatus(inv.side(a, b), inv.side(b, a), inv.vnet(a), inv.vnet(b));
  };

  it('connected: both sides Connected and in sync', () => assert.equal(status((w) => w.connect('A', 'B')), 'connected'));
  it('initiated: one side only', () => assert.equal(status((w) => w.createSide('A', 'B')), 'initiated'));
  it('initiated: a side still Initiated', () => assert.equal(status((w) => (w.connect('A', 'B'), w.setState('B', 'A', { state: 'Initiated' }))), 'initiated'));
  it('disconnected: a side Disconnected', () => assert.equal(status((w) => (w.connect('A', 'B'), w.deleteSide('B', 'A'))), 'disconnected'));
  it('notInSync: a resized space not routed by the other side', () => assert.equal(status((w) => (w.connect('A', 'B'), w.resize('B', ['10.2.0.0/16', '10.9.0.0/16']))), 'notInSync'));
  it('connected again once synced', () => assert.equal(status((w) => (w.connect('A', 'B'), w.resize('B', ['10.2.0.0/16', '10.9.0.0/16']), w.sync('A', 'B'))), 'connected'));
  it('a state ARM may add later is not trusted as connected', () => assert.equal(status((w) => (w.connect('A', 'B'), w.setState('A', 'B', { state: 'Degraded' }))), 'disconnected'));
  it('missing: no side', () => assert.equal(status(() => undefined), 'missing'));
});

describe('buildAuditReport', () => {
  it('holds every pair with a side, every desired pair without one as missing, sorted by key', () => {
    const w = world();
    w.connect('A', 'B');
    w.connect('D', 'E');
    w.createSide('C', 'A');
    const desired = [desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('B') }, 'topology', 'g1'), desiredPair({ vnetId: w.id('F') }, { vnetId: w.id('C') }, 'topology', 'g2')];
    const r = report(w, desired);
    const expected = [pairKey(w.id('A'), w.id('B')), pairKey(w.id('A'), w.id('C')), pairKey(w.id('C'), w.id('F')), pairKey(w.id('D'), w.id('E'))].sort();
    assert.deepEqual(r.pairs.map((p) => p.pairKey), expected);
    const byKey = new Map(r.pairs.map((p) => [p.pairKey, p]));
    assert.deepEqual(byKey.get(pairKey(w.id('C'), w.id('F'))), { pairKey: pairKey(w.id('C'), w.id('F')), vnetIds: [w.id('C'), w.id('F')], status: 'missing', desired: true, sides: {} });
    const ac = byKey.get(pairKey(w.id('A'), w.id('C')));
    assert.equal(ac?.status, 'initiated');
    assert.equal(ac?.desired, false);
    assert.equal(ac?.sides.a, undefined, 'no side on A');
    assert.equal(ac?.sides.b?.name, 'C-to-A');
    assert.deepEqual(Object.keys(ac?.sides.b ?? {}).sort(), ['name', 'options', 'peeringState', 'peeringSyncLevel', 'provisioningState']);
    assert.equal(byKey.get(pairKey(w.id('A'), w.id('B')))?.desired, true);
  });

  it('lists VNets by lower-cased id with their topology groups (from the desired pairs, or as given)', () => {
    const w = world();
    const desired = [desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('B') }, 'topology', 'prod'), desiredPair({ vnetId: w.id('B') }, { vnetId: w.id('C') }, 'topology', 'hub')];
    const r = report(w, desired);
    assert.deepEqual(r.vnets.map((v) => v.name), ['A', 'B', 'C', 'D', 'E', 'F']);
    assert.deepEqual(r.vnets.map((v) => v.groups), [['prod'], ['hub', 'prod'], ['hub'], [], [], []]);
    const given = report(w, desired, { groups: { [resourceKey(w.id('D'))]: ['solo'] } });
    assert.deepEqual(given.vnets.map((v) => v.groups), [[], [], [], ['solo'], [], []]);
    assert.deepEqual(r.vnets[0], { id: w.id('A'), name: 'A', subscriptionId: SUB, resourceGroup: 'rg-net', location: 'westeurope', addressPrefixes: ['10.1.0.0/16'], groups: ['prod'] });
  });

  it('counts subscriptions, VNets, peering sides, pairs, drifts by class and ARM calls', () => {
    const w = world();
    w.connect('A', 'B');
    w.createSide('C', 'A');
    const desired = [desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('B') }, 'topology'), desiredPair({ vnetId: w.id('D') }, { vnetId: w.id('E') }, 'topology')];
    const r = report(w, desired, { armCalls: 7, remediations: [{ vnetId: w.id('D'), ticketId: 't', pairKeys: [pairKey(w.id('D'), w.id('E'))], status: 'handedOver' }] });
    assert.deepEqual({ ...r.counts, byClass: undefined }, { subscriptions: 1, vnets: 6, peerings: 3, pairs: 3, drifts: 2, byClass: undefined, armCalls: 7 });
    assert.equal(r.counts.byClass.missingPair, 1);
    assert.equal(r.counts.byClass.unexpectedPeering, 1);
    assert.deepEqual(r.drifts.map((d) => d.class).sort(), ['missingPair', 'unexpectedPeering']);
    assert.equal(r.remediations.length, 1);
    assert.equal(r.schemaVersion, 1);
  });
});
