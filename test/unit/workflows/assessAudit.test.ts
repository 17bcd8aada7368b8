import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import { resourceKey } from '../../../src/domain/resourceId.js';
import { assessAudit, type AssessInput } from '../../../src/workflows/activities/assessAudit.js';
import { SUB, SUB2, World } from '../../fixtures/domain/world.js';

describe('assessAudit: the Initiated grace period', () => {
  const now = '2026-12-03T12:00:00.000Z';
  const halfAnHourAgo = '2026-12-03T11:30:00.000Z';

  function input(initiatedTooLongMs?: number): AssessInput {
    const w = new World();
    w.vnet('London', ['10.1.0.0/16']);
    w.vnet('Madrid', ['10.2.0.0/16']);
    w.createSide('London', 'Madrid'); // Madrid's side was never created: London's stays Initiated
    const snapshots = w.snapshots();
    const side = snapshots.flatMap((v) => v.peerings).find((p) => p.peeringState === 'Initiated');
    assert.ok(side);
    const sub = w.id('London').split('/')[2] ?? '';
    return {
      auditId: 'audit-test',
      trigger: 'http',
      startedAt: now,
      now,
      snapshots,
      subscriptions: [sub],
      unread: [],
      remembered: [desiredPair({ vnetId: w.id('London') }, { vnetId: w.id('Madrid') }, 'remembered')],
      initiatedSince: { [resourceKey(side.id)]: halfAnHourAgo },
      ...(initiatedTooLongMs !== undefined ? { initiatedTooLongMs } : {}),
      remediation: 'off',
      prune: false,
      scope: [sub],
      armCalls: 1,
    };
  }

  it('a side Initiated for 30 minutes is within the default hour, and too long with a 15-minute grace', () => {
    assert.equal(assessAudit(input()).drift.counts.initiatedTooLong, 0);
    assert.equal(assessAudit(input(15 * 60_000)).drift.counts.initiatedTooLong, 1);
  });
});

describe('assessAudit: a subscription that could not be read keeps its Initiated times', () => {
  const now = '2026-12-03T12:00:00.000Z';
  const twoHoursAgo = '2026-12-03T10:00:00.000Z';

  it("an unread subscription's stuck side keeps its first-seen time, so the next audit still finds it Initiated too long", () => {
    const w = new World();
    w.vnet('London', ['10.1.0.0/16'], { sub: SUB });
    w.vnet('Madrid', ['10.2.0.0/16'], { sub: SUB });
    w.vnet('Paris', ['10.3.0.0/16'], { sub: SUB2 });
    w.vnet('Oslo', ['10.4.0.0/16'], { sub: SUB2 });
    w.createSide('London', 'Madrid');
    w.createSide('Paris', 'Oslo'); // stuck Initiated for two hours
    const stuck = w.snapshots('Paris').flatMap((v) => v.peerings)[0];
    assert.ok(stuck);
    const londonSide = w.snapshots('London').flatMap((v) => v.peerings)[0];
    assert.ok(londonSide);
    const base = {
      auditId: 'audit-test',
      trigger: 'http' as const,
      startedAt: now,
      now,
      remembered: [desiredPair({ vnetId: w.id('London') }, { vnetId: w.id('Madrid') }, 'remembered'), desiredPair({ vnetId: w.id('Paris') }, { vnetId: w.id('Oslo') }, 'remembered')],
      remediation: 'off' as const,
      prune: false,
      scope: [SUB, SUB2],
      armCalls: 1,
    };
    const since = { [resourceKey(stuck.id)]: twoHoursAgo, [resourceKey(londonSide.id)]: twoHoursAgo };
    // SUB2's list failed (throttled): its VNets are unknown, not gone.
    const partial = assessAudit({ ...base, snapshots: w.snapshots('London', 'Madrid'), subscriptions: [SUB], unread: [SUB2], initiatedSince: since });
    assert.equal(partial.initiatedSince[resourceKey(stuck.id)], twoHoursAgo, "the unread subscription's first-seen time is carried to the next audit");
    assert.equal(partial.initiatedSince[resourceKey(londonSide.id)], twoHoursAgo);
    // The next audit reads both: the side has been Initiated for two hours, not zero.
    const next = assessAudit({ ...base, snapshots: w.snapshots(), subscriptions: [SUB, SUB2], unread: [], initiatedSince: partial.initiatedSince });
    assert.equal(next.drift.entries.filter((e) => e.class === 'initiatedTooLong').length, 2);
  });
});

describe('assessAudit: peerings into a subscription that could not be read', () => {
  const now = '2026-12-03T12:00:00.000Z';

  it('a desired cross-subscription pair is not reported as an unexpected peering when the other subscription was unread', () => {
    const w = new World();
    w.vnet('Hub', ['10.0.0.0/16'], { sub: SUB, tags: { 'peering-group': 'prod' } });
    w.vnet('SpokeA', ['10.1.0.0/16'], { sub: SUB, tags: { 'peering-group': 'prod' } });
    w.vnet('SpokeB', ['10.2.0.0/16'], { sub: SUB2, tags: { 'peering-group': 'prod' } });
    w.connect('Hub', 'SpokeA');
    w.connect('Hub', 'SpokeB');
    const groups = [{ name: 'prod', members: [{ tag: { name: 'peering-group', value: 'prod' } }], connectivity: { kind: 'hub-spoke' as const, hub: w.id('Hub') } }];
    const base = { auditId: 'audit-test', trigger: 'http' as const, startedAt: now, now, groups, initiatedSince: {}, remediation: 'all' as const, prune: true, scope: [SUB, SUB2], armCalls: 1 };
    // Everything read: as desired, no drift.
    assert.equal(assessAudit({ ...base, snapshots: w.snapshots(), subscriptions: [SUB, SUB2], unread: [] }).drift.entries.length, 0);
    // SUB2's list failed: SpokeB is unknown, not gone — and Hub ↔ SpokeB is not "peered but not in the topology".
    const partial = assessAudit({ ...base, snapshots: w.snapshots('Hub', 'SpokeA'), subscriptions: [SUB], unread: [SUB2] });
    assert.deepEqual(partial.drift.entries.map((e) => `${e.class} ${e.pairKey}`), []);
    assert.equal(partial.drift.counts.unexpectedPeering, 0);
    assert.equal(partial.report.counts.drifts, 0);
    assert.deepEqual(partial.targets, []);
  });
});
