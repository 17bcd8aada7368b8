import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import { classifyDrift } from '../../../src/domain/drift.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import { remediationTargets, repairs } from '../../../src/domain/remediationTargets.js';
import { SUB2, World } from '../../fixtures/domain/world.js';

/** Hub with three spokes wanted (none peered; S3 outside the scope), S1–S2 peered outside the topology, T1–T2 with options drifted. */
function drift() {
  const w = new World();
  w.vnet('Hub', ['10.0.0.0/16']);
  w.vnet('S1', ['10.1.0.0/16']);
  w.vnet('S2', ['10.2.0.0/16']);
  w.vnet('S3', ['10.3.0.0/16'], { sub: SUB2 });
  w.vnet('T1', ['10.11.0.0/16']);
  w.vnet('T2', ['10.12.0.0/16']);
  w.connect('S1', 'S2');
  w.connect('T1', 'T2', { allowForwardedTraffic: true });
  const desired = [
    ...['S1', 'S2', 'S3'].map((s) => desiredPair({ vnetId: w.id('Hub') }, { vnetId: w.id(s) }, 'topology', 'core')),
    desiredPair({ vnetId: w.id('T1') }, { vnetId: w.id('T2') }, 'topology', 'trio'),
  ];
  const report = classifyDrift({ desired, inventory: buildInventory(w.snapshots()), now: '2025-06-01T00:00:00Z' });
  return { w, entries: report.entries };
}

describe('remediationTargets', () => {
  it('the levels: safe repairs safe classes; all adds options; prune needs all and PRUNE; none never', () => {
    assert.deepEqual(
      (['off', 'safe', 'all'] as const).flatMap((level) => [false, true].map((prune) => (['safe', 'all', 'prune', 'none'] as const).filter((l) => repairs({ level, prune }, l)).join(','))),
      ['', '', 'safe', 'safe', 'safe,all', 'safe,all,prune'],
    );
  });

  it('gives each entry to the VNet of its pair with more repairs (the hub), leaves out-of-scope pairs, and prunes only when asked', () => {
    const { w, entries } = drift();
    const inScope = (id: string) => !id.includes(SUB2);
    const safe = remediationTargets(entries, { level: 'safe', prune: true }, inScope);
    assert.deepEqual(safe.map((t) => [t.vnetId, t.pairKeys.length, t.pairs.length, t.prune.length]), [[w.id('Hub'), 2, 2, 0]]);
    assert.equal(safe[0]?.pairs[0]?.source, 'topology');

    const all = remediationTargets(entries, { level: 'all', prune: false }, inScope);
    assert.deepEqual(all.map((t) => [t.vnetId.split('/').at(-1), t.pairKeys.length, t.prune.length]), [['Hub', 2, 0], ['T1', 1, 0]]);

    const pruning = remediationTargets(entries, { level: 'all', prune: true }, inScope);
    const s1 = pruning.find((t) => t.prune.length > 0);
    assert.ok(s1, JSON.stringify(pruning));
    assert.deepEqual(s1.prune.map(([a, b]) => [a.split('/').at(-1), b.split('/').at(-1)]), [['S1', 'S2']]);
    assert.deepEqual(remediationTargets(entries, { level: 'off', prune: true }, inScope), []);
  });
});
