import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredPair } from '../../../src/domain/desired.js';
import { resourceKey } from '../../../src/domain/resourceId.js';
import { assessAudit, type AssessInput } from '../../../src/workflows/activities/assessAudit.js';
import { World } from '../../fixtures/domain/world.js';

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
