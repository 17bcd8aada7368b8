import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import { classifyDrift } from '../../../src/domain/drift.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import { buildAuditReport, driftTable } from '../../../src/report/buildAuditReport.js';
import { SUB, World } from '../../fixtures/domain/world.js';

describe('buildAuditReport', () => {
  it('has one node per VNet and one edge per pair (found, or desired and missing), each with its status, and the counts', () => {
    const w = new World();
    for (const [n, p] of [['A', '10.1.0.0/16'], ['B', '10.2.0.0/16'], ['C', '10.3.0.0/16'], ['D', '10.4.0.0/16'], ['E', '10.5.0.0/16']] as const) w.vnet(n, [p]);
    w.connect('A', 'B');
    w.createSide('A', 'C');
    w.connect('A', 'D');
    w.deleteSide('D', 'A');
    w.connect('B', 'C');
    w.resize('C', ['10.3.0.0/16', '10.6.0.0/16']);
    const inventory = buildInventory(w.snapshots());
    const desired = [desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('B') }, 'topology', 'g'), desiredPair({ vnetId: w.id('A') }, { vnetId: w.id('E') }, 'topology', 'g')];
    const drift = classifyDrift({ desired, inventory, now: '2025-06-01T00:00:00Z' });
    const report = buildAuditReport({
      auditId: 'audit-1',
      trigger: 'http',
      startedAt: '2025-06-01T00:00:00Z',
      finishedAt: '2025-06-01T00:00:01Z',
      desiredSource: 'topology',
      remediation: 'off',
      prune: false,
      subscriptions: [SUB],
      inventory,
      desired,
      drift,
      groupsOf: new Map([[w.id('A').toLowerCase(), ['g']]]),
      armCalls: 1,
    });
    assert.equal(report.vnets.length, 5);
    assert.deepEqual(report.vnets.map((v) => v.groups.length), [1, 0, 0, 0, 0]);
    const status = Object.fromEntries(report.pairs.map((p) => [p.vnetIds.map((id) => id.split('/').at(-1)).join('-'), `${p.status}${p.desired ? '*' : ''}`]));
    assert.deepEqual(status, { 'A-B': 'connected*', 'A-C': 'initiated', 'A-D': 'disconnected', 'A-E': 'missing*', 'B-C': 'notInSync' });
    assert.deepEqual({ pairs: report.counts.pairs, peerings: report.counts.peerings, drifts: report.counts.drifts }, { pairs: 5, peerings: 6, drifts: report.drifts.length });
    const table = driftTable(report).split('\n');
    assert.match(table[0] ?? '', /^class\s+pair\s+side a\s+side b\s+repaired at\s+fix$/);
    assert.equal(table.length, 2 + report.drifts.length);
  });
});
