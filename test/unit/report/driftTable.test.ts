import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import { classifyDrift } from '../../../src/domain/drift.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import { buildAuditReport } from '../../../src/report/buildAuditReport.js';
import { driftTable } from '../../../src/report/driftTable.js';
import { SUB, World } from '../../fixtures/domain/world.js';

describe('driftTable', () => {
  it('has a header, a rule and one row per drift entry with the pair, both sides, the level and the fix', () => {
    const w = new World();
    for (const [n, p] of [['A', '10.1.0.0/16'], ['B', '10.2.0.0/16'], ['C', '10.3.0.0/16']] as const) w.vnet(n, [p]);
    w.connect('A', 'B');
    w.deleteSide('B', 'A');
    const inventory = buildInventory(w.snapshots());
    const desired = [desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('B') }, 'topology', 'g'), desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('C') }, 'topology', 'g')];
    const drift = classifyDrift({ desired, inventory, now: '2025-06-01T00:00:00Z' });
    const report = buildAuditReport({ auditId: 'audit-1', trigger: 'http', startedAt: 'x', finishedAt: 'y', desiredSource: 'topology', remediation: 'off', prune: false, subscriptions: [SUB], armCalls: 1, inventory, desired, drift });
    const lines = driftTable(report).split('\n');
    assert.match(lines[0] ?? '', /^class\s+pair\s+side a\s+side b\s+repaired at\s+fix$/);
    assert.match(lines[1] ?? '', /^-+ {2}-+/);
    assert.deepEqual(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 5)), [
      ['disconnected', 'A ↔ B', 'Disconnected/FullyInSync', '—', 'safe'],
      ['missingPair', 'A ↔ C', '—', '—', 'safe'],
    ]);
  });
});
