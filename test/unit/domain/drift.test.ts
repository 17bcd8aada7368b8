import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import type { DesiredPair } from '../../../src/domain/desired.js';
import type { DriftInput } from '../../../src/domain/drift.js';
import { classifyDrift, trackInitiated } from '../../../src/domain/drift.js';
import { buildInventory, pairKey } from '../../../src/domain/inventory.js';
import { resourceKey } from '../../../src/domain/resourceId.js';
import { World } from '../../fixtures/domain/world.js';

const NOW = '2025-06-01T12:00:00.000Z';

function world(): World {
  const w = new World();
  w.vnet('A', ['10.1.0.0/16']);
  w.vnet('B', ['10.2.0.0/16']);
  w.vnet('C', ['10.3.0.0/16']);
  return w;
}

function pair(w: World, x: string, y: string, group?: string): DesiredPair {
  return desiredPair({ vnetId: w.id(x) }, { vnetId: w.id(y) }, 'topology', group);
}

function classify(w: World, desired: DesiredPair[], extra: Partial<DriftInput> = {}) {
  return classifyDrift({ desired, inventory: buildInventory(w.snapshots()), now: NOW, ...extra });
}

function classes(report: ReturnType<typeof classify>): string[] {
  return report.entries.map((e) => e.class);
}

describe('classifyDrift', () => {
  it('reports nothing when the desired pair is healthy', () => {
    const w = world();
    w.connect('A', 'B');
    const report = classify(w, [pair(w, 'A', 'B')]);
    assert.deepEqual(report.entries, []);
    assert.equal(Object.values(report.counts).reduce((s, n) => s + n, 0), 0);
  });

  it('missing pair, with both sides state empty and the fix naming both sides', () => {
    const w = world();
    const [entry] = classify(w, [pair(w, 'A', 'B', 'prod')]).entries;
    assert.equal(entry?.class, 'missingPair');
    assert.deepEqual(entry?.sides, {});
    assert.equal(entry?.group, 'prod');
    assert.equal(entry?.remediation, 'safe');
    assert.match(entry?.fix ?? '', /A-to-B on A, B-to-A on B/);
  });

  it('missing side while the other side is Initiated (within the grace period)', () => {
    const w = world();
    w.createSide('A', 'B');
    const report = classify(w, [pair(w, 'A', 'B')]);
    assert.deepEqual(classes(report), ['missingSide']);
    assert.equal(report.entries[0]?.sides.a?.peeringState, 'Initiated');
    assert.equal(report.entries[0]?.sides.b, undefined);
    assert.match(report.entries[0]?.fix ?? '', /create B-to-A on B/);
  });

  it('Initiated too long, using the first-seen time given', () => {
    const w = world();
    w.createSide('A', 'B');
    const since = { [resourceKey(`${w.id('A')}/virtualNetworkPeerings/A-to-B`)]: '2025-06-01T10:00:00.000Z' };
    const report = classify(w, [pair(w, 'A', 'B')], { initiatedSince: since });
    assert.deepEqual(classes(report), ['initiatedTooLong']);
    assert.match(report.entries[0]?.message ?? '', /Initiated for 120 minutes/);
    assert.deepEqual(classes(classify(w, [pair(w, 'A', 'B')], { initiatedSince: since, initiatedTooLongMs: 3 * 3600_000 })), ['missingSide']);
  });

  it('Disconnected', () => {
    const w = world();
    w.connect('A', 'B');
    w.deleteSide('B', 'A');
    const [entry] = classify(w, [pair(w, 'A', 'B')]).entries;
    assert.equal(entry?.class, 'disconnected');
    assert.equal(entry?.sides.a?.peeringState, 'Disconnected');
  });

  it('not in sync after a resize', () => {
    const w = world();
    w.connect('A', 'B');
    w.resize('A', ['10.1.0.0/16', '10.9.0.0/16']);
    const [entry] = classify(w, [pair(w, 'A', 'B')]).entries;
    assert.equal(entry?.class, 'notInSync');
    assert.match(entry?.message ?? '', /RemoteNotInSync.*LocalNotInSync/);
  });

  it('options differ, listing each differing option per side (remediation all)', () => {
    const w = world();
    w.connect('A', 'B', {}, { allowForwardedTraffic: true });
    const [entry] = classify(w, [pair(w, 'A', 'B')]).entries;
    assert.equal(entry?.class, 'optionsDiffer');
    assert.equal(entry?.remediation, 'all');
    assert.deepEqual(entry?.optionDifferences, { a: [], b: [{ option: 'allowForwardedTraffic', actual: true, wanted: false }] });
  });

  it('unexpected peering (reported only when asked, remediation prune)', () => {
    const w = world();
    w.connect('A', 'B');
    w.connect('B', 'C');
    const report = classify(w, [pair(w, 'A', 'B')]);
    assert.deepEqual(classes(report), ['unexpectedPeering']);
    assert.equal(report.entries[0]?.pairKey, pairKey(w.id('B'), w.id('C')));
    assert.equal(report.entries[0]?.remediation, 'prune');
    assert.deepEqual(classify(w, [pair(w, 'A', 'B')], { reportUnexpected: false }).entries, []);
  });

  it('overlapping address spaces that block a desired pair', () => {
    const w = world();
    w.vnet('D', ['10.1.128.0/17']);
    const [entry] = classify(w, [pair(w, 'A', 'D')]).entries;
    assert.equal(entry?.class, 'overlapBlocksPair');
    assert.equal(entry?.remediation, 'none');
    assert.match(entry?.message ?? '', /10\.1\.0\.0\/16\/10\.1\.128\.0\/17/);
  });

  it('a VNet overlapping one already peered with the other blocks the pair too', () => {
    const w = world();
    w.vnet('D', ['10.3.5.0/24']);
    w.connect('B', 'C');
    const report = classify(w, [pair(w, 'B', 'C'), pair(w, 'D', 'B')]);
    const entry = report.entries.find((e) => e.pairKey === pairKey(w.id('B'), w.id('D')));
    assert.equal(entry?.class, 'overlapBlocksPair');
    assert.match(entry?.message ?? '', /D overlaps C, already peered with B/);
  });

  it('transitive expectation not met: A–C wanted, only A–B–C exists', () => {
    const w = world();
    w.connect('A', 'B');
    w.connect('B', 'C');
    const report = classify(w, [pair(w, 'A', 'B'), pair(w, 'B', 'C'), pair(w, 'A', 'C')]);
    assert.deepEqual(classes(report), ['transitiveNotMet']);
    assert.match(report.entries[0]?.message ?? '', /both peered with B, but peering is not transitive/);
  });

  it('a desired pair with a VNet that does not exist', () => {
    const w = world();
    const ghost = w.id('A').replace('/A', '/Ghost');
    const [entry] = classify(w, [desiredPair({ vnetId: w.id('A') }, { vnetId: ghost }, 'topology')]).entries;
    assert.equal(entry?.class, 'vnetMissing');
    assert.equal(entry?.remediation, 'none');
  });

  it('counts every class and orders entries by pair', () => {
    const w = world();
    w.connect('A', 'B', { allowForwardedTraffic: true });
    w.resize('A', ['10.1.0.0/16', '10.9.0.0/16']);
    const report = classify(w, [pair(w, 'A', 'B'), pair(w, 'A', 'C')]);
    assert.equal(report.counts.notInSync, 1);
    assert.equal(report.counts.optionsDiffer, 1);
    assert.equal(report.counts.missingPair, 1);
    assert.deepEqual(report.entries.map((e) => e.pairKey), [...report.entries.map((e) => e.pairKey)].sort());
  });

  it('refuses a time that is not ISO 8601', () => {
    const w = world();
    assert.throws(() => classify(w, [], { now: 'yesterday' }), /'now' as an ISO 8601 time: got 'yesterday'/);
  });
});

describe('trackInitiated', () => {
  it('keeps first-seen times of sides still Initiated and drops the others', () => {
    const w = world();
    w.createSide('A', 'B');
    w.createSide('A', 'C');
    const inv = buildInventory(w.snapshots());
    const first = trackInitiated({}, inv, '2025-06-01T10:00:00.000Z');
    assert.equal(Object.keys(first).length, 2);
    w.createSide('C', 'A');
    const second = trackInitiated(first, buildInventory(w.snapshots()), NOW);
    assert.deepEqual(Object.values(second), ['2025-06-01T10:00:00.000Z']);
  });
});
