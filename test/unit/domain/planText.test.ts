import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adoptHealthyPairs } from '../../../src/domain/desired.js';
import { buildInventory } from '../../../src/domain/inventory.js';
import { planVnet } from '../../../src/domain/plan.js';
import { formatPlan } from '../../../src/domain/planText.js';
import { World } from '../../fixtures/domain/world.js';

describe('formatPlan', () => {
  function lab() {
    const w = new World();
    w.vnet('London', ['10.1.0.0/16']);
    w.vnet('Madrid', ['10.2.0.0/16']);
    w.connect('London', 'Madrid');
    return { w, desired: adoptHealthyPairs(buildInventory(w.snapshots())) };
  }

  it('shows the seed change planned with recreate: writes with targets, waits, probe, downtime', () => {
    const { w, desired } = lab();
    const text = formatPlan(planVnet({ vnetId: w.id('London'), desired, snapshots: w.snapshots(), strategy: 'recreate', addressChange: { add: ['10.3.0.0/16'] } }));
    const lines = text.split('\n');
    assert.equal(lines[0], 'Plan for London (strategy recreate)');
    assert.ok(lines.includes('  address change: add [10.3.0.0/16], remove []'));
    assert.ok(lines.includes(`    1.1 DELETE ${w.id('London')}/virtualNetworkPeerings/London-to-Madrid`));
    assert.ok(lines.includes(`    2.1 PUT ${w.id('London')}`));
    assert.ok(lines.includes('    wait Connected: London ↔ Madrid'));
    assert.ok(lines.includes('    probe London ↔ Madrid (also into 10.3.0.0/16)'));
    assert.ok(lines.includes('    London ↔ Madrid: recreate, down from the delete until both sides are Connected again'));
  });

  it('shows the sync query and says when there is nothing to do', () => {
    const { w, desired } = lab();
    const sync = formatPlan(planVnet({ vnetId: w.id('London'), desired, snapshots: w.snapshots(), strategy: 'sync', addressChange: { add: ['10.3.0.0/16'] } }));
    assert.match(sync, /PUT .*Madrid-to-London\?syncRemoteAddressSpace=true/);
    assert.match(sync, /London ↔ Madrid: sync, no downtime/);
    assert.equal(formatPlan(planVnet({ vnetId: w.id('London'), desired, snapshots: w.snapshots(), strategy: 'sync' })), 'Plan for London (strategy sync): nothing to do');
  });

  it('says a removed pair is down for good, not "no downtime"', () => {
    const { w } = lab();
    const text = formatPlan(planVnet({ vnetId: w.id('London'), desired: [], snapshots: w.snapshots(), strategy: 'sync', removePairs: [[w.id('London'), w.id('Madrid')]] }));
    assert.match(text, /London ↔ Madrid: remove, down for good: the pair is removed/);
    assert.doesNotMatch(text, /remove, no downtime/);
  });
});
