import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orient } from '../../../src/domain/desired.js';
import { buildInventory, pairKey } from '../../../src/domain/inventory.js';
import type { TopologyGroup } from '../../../src/domain/topology.js';
import { expandGroup, expandTopology, resolveMembers, topologyPairsOf } from '../../../src/domain/topology.js';
import { SUB, SUB2, World } from '../../fixtures/domain/world.js';

function world(): World {
  const w = new World();
  w.vnet('Hub', ['10.0.0.0/16'], { hasGateway: true, rg: 'rg-hub' });
  w.vnet('S1', ['10.1.0.0/16'], { tags: { 'Peering-Group': 'prod' } });
  w.vnet('S2', ['10.2.0.0/16'], { tags: { 'peering-group': 'prod' } });
  w.vnet('S3', ['10.3.0.0/16'], { tags: { 'peering-group': 'dev' } });
  w.vnet('Other', ['10.4.0.0/16'], { tags: { 'peering-group': 'prod' }, sub: SUB2 });
  return w;
}

describe('resolveMembers', () => {
  it('selects by tag (name case-insensitive, value exact) within a subscription', () => {
    const w = world();
    const group: TopologyGroup = { name: 'prod', members: [{ tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB }], connectivity: { kind: 'mesh' } };
    assert.deepEqual(resolveMembers(group, buildInventory(w.snapshots())), [w.id('S1'), w.id('S2')]);
  });

  it('selects by tag across subscriptions when none is given, by resource group, and by id (even unknown ids)', () => {
    const w = world();
    const inv = buildInventory(w.snapshots());
    const anySub: TopologyGroup = { name: 'g', members: [{ tag: { name: 'peering-group', value: 'prod' } }], connectivity: { kind: 'mesh' } };
    assert.equal(resolveMembers(anySub, inv).length, 3);
    const byRg: TopologyGroup = { name: 'g', members: [{ resourceGroup: 'RG-HUB', subscriptionId: SUB }], connectivity: { kind: 'mesh' } };
    assert.deepEqual(resolveMembers(byRg, inv), [w.id('Hub')]);
    const ghost = w.id('S1').replace('S1', 'Ghost');
    const byId: TopologyGroup = { name: 'g', members: [{ ids: [w.id('S3').toLowerCase(), ghost] }], connectivity: { kind: 'mesh' } };
    assert.deepEqual(resolveMembers(byId, inv), [ghost, w.id('S3')]);
  });
});

describe('expandGroup', () => {
  it('mesh: every member with every other, n(n-1)/2 pairs', () => {
    const ids = ['A', 'B', 'C', 'D'].map((n) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${n}`);
    const pairs = expandGroup({ name: 'm', members: [], connectivity: { kind: 'mesh' }, options: { allowForwardedTraffic: true } }, ids);
    assert.equal(pairs.length, 6);
    assert.equal(new Set(pairs.map((p) => p.key)).size, 6);
    assert.ok(pairs.every((p) => p.a.options.allowForwardedTraffic && p.b.options.allowForwardedTraffic && p.group === 'm' && p.source === 'topology'));
  });

  it('hub-spoke: spokes use the hub gateway, the hub offers transit, the hub is not its own spoke', () => {
    const w = world();
    const group: TopologyGroup = {
      name: 'hs',
      members: [{ ids: [w.id('Hub'), w.id('S1'), w.id('S2')] }],
      connectivity: { kind: 'hub-spoke', hub: w.id('Hub'), spokesUseRemoteGateways: true },
      options: { allowForwardedTraffic: true },
    };
    const pairs = expandGroup(group, resolveMembers(group, buildInventory(w.snapshots())));
    assert.equal(pairs.length, 2);
    for (const p of pairs) {
      const hub = orient(p, w.id('Hub'));
      assert.deepEqual(hub.local.options, { allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: true, useRemoteGateways: false });
      assert.deepEqual(hub.remote.options, { allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: true });
    }
  });

  it('pairs: exactly the listed pairs', () => {
    const w = world();
    const pairs = expandGroup({ name: 'p', members: [], connectivity: { kind: 'pairs', pairs: [[w.id('S1'), w.id('S3')]] } }, []);
    assert.deepEqual(pairs.map((p) => p.key), [pairKey(w.id('S1'), w.id('S3'))]);
  });
});

describe('expandTopology', () => {
  it('keeps a pair asked for twice once, reports conflicting options and unknown ids', () => {
    const w = world();
    const ghost = w.id('S1').replace('S1', 'Ghost');
    const groups: TopologyGroup[] = [
      { name: 'prod', members: [{ tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB }], connectivity: { kind: 'mesh' } },
      { name: 'same', members: [], connectivity: { kind: 'pairs', pairs: [[w.id('S2'), w.id('S1')]] } },
      { name: 'clash', members: [], connectivity: { kind: 'pairs', pairs: [[w.id('S1'), w.id('S2')], [w.id('S3'), ghost], [w.id('S3'), w.id('S3')]] }, options: { allowForwardedTraffic: true } },
    ];
    const result = expandTopology(groups, buildInventory(w.snapshots()));
    assert.deepEqual(result.pairs.map((p) => p.key).sort(), [pairKey(w.id('S1'), w.id('S2')), pairKey(w.id('S3'), ghost)].sort());
    assert.equal(result.conflicts.length, 1);
    assert.equal(result.conflicts[0]?.keptGroup, 'prod');
    assert.equal(result.conflicts[0]?.droppedGroup, 'clash');
    assert.deepEqual(result.unknownIds, [ghost]);
  });
});

describe('topologyPairsOf (the Event Grid path: one VNet, no listing)', () => {
  it('gives a tagged spoke its hub pair, a mesh member its pairs with named members, a listed pair its pair; nothing for non-members', () => {
    const w = world();
    const groups: TopologyGroup[] = [
      { name: 'core', members: [{ tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB }], connectivity: { kind: 'hub-spoke', hub: w.id('Hub'), spokesUseRemoteGateways: true } },
      { name: 'named', members: [{ ids: [w.id('S3')] }, { tag: { name: 'peering-group', value: 'prod' } }], connectivity: { kind: 'mesh' } },
      { name: 'links', members: [], connectivity: { kind: 'pairs', pairs: [[w.id('S1'), w.id('Other')]] } },
    ];
    const s1 = w.snapshots().find((v) => v.name === 'S1');
    assert.ok(s1);
    const pairs = topologyPairsOf(groups, s1);
    assert.deepEqual(
      pairs.map((p) => [p.group, p.key]),
      [
        ['core', pairKey(w.id('Hub'), w.id('S1'))],
        ['links', pairKey(w.id('S1'), w.id('Other'))],
        ['named', pairKey(w.id('S1'), w.id('S3'))],
      ].sort((x, y) => ((x[1] as string) < (y[1] as string) ? -1 : 1)),
    );
    assert.equal(orient(pairs.find((p) => p.group === 'core') as (typeof pairs)[number], w.id('S1')).local.options.useRemoteGateways, true);
    const s3dev = w.snapshots().find((v) => v.name === 'S3');
    assert.ok(s3dev);
    assert.deepEqual(topologyPairsOf([groups[0] as TopologyGroup], s3dev), [], 'S3 is tagged dev: not a member of core');
    const hub = w.snapshots().find((v) => v.name === 'Hub');
    assert.ok(hub);
    assert.deepEqual(topologyPairsOf([groups[0] as TopologyGroup], hub), [], 'the hub\'s tagged spokes need the audit\'s listing');
  });
});
