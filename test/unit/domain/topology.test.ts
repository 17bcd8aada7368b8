import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orient } from '../../../src/domain/desired.js';
import { buildInventory, pairKey } from '../../../src/domain/inventory.js';
import type { TopologyGroup } from '../../../src/domain/topology.js';
import { expandGroup, expandTopology, memberListingOf, resolveMembers, topologyPairsOf } from '../../../src/domain/topology.js';
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

describe('topologyPairsOf (the Event Grid path: one VNet, no candidates listed)', () => {
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

describe('topologyPairsOf with listed candidates', () => {
  const tagged = { tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB } as const;

  it('a new tagged mesh member gets a pair with every member the candidates hold, and none with others', () => {
    const w = world();
    w.vnet('S5', ['10.5.0.0/16'], { tags: { 'peering-group': 'prod' } });
    const mesh: TopologyGroup = { name: 'mesh', members: [tagged], connectivity: { kind: 'mesh' }, options: { allowForwardedTraffic: true } };
    const all = w.snapshots();
    const s5 = all.find((v) => v.name === 'S5');
    assert.ok(s5);
    const pairs = topologyPairsOf([mesh], s5, all);
    assert.deepEqual(pairs.map((p) => p.key).sort(), [pairKey(w.id('S1'), w.id('S5')), pairKey(w.id('S2'), w.id('S5'))].sort(), 'S3 is dev, Other is in another subscription');
    assert.ok(pairs.every((p) => p.group === 'mesh' && p.a.options.allowForwardedTraffic && p.b.options.allowForwardedTraffic));
    assert.deepEqual(topologyPairsOf([mesh], s5), [], 'without candidates, the tagged members are unknown');
  });

  it('a hub gets its tagged and resource-group spokes; a spoke still gets only its hub pair; candidates of no group are ignored', () => {
    const w = world();
    w.vnet('R1', ['10.6.0.0/16'], { rg: 'rg-spokes' });
    const hs: TopologyGroup = { name: 'hs', members: [{ ids: [w.id('Hub')] }, tagged, { resourceGroup: 'RG-SPOKES', subscriptionId: SUB }], connectivity: { kind: 'hub-spoke', hub: w.id('Hub') } };
    const all = w.snapshots();
    const by = (name: string) => all.find((v) => v.name === name) as (typeof all)[number];
    assert.deepEqual(topologyPairsOf([hs], by('Hub'), all).map((p) => p.key).sort(), [pairKey(w.id('Hub'), w.id('S1')), pairKey(w.id('Hub'), w.id('S2')), pairKey(w.id('Hub'), w.id('R1'))].sort());
    assert.deepEqual(topologyPairsOf([hs], by('S1'), all).map((p) => p.key), [pairKey(w.id('Hub'), w.id('S1'))]);
    assert.deepEqual(topologyPairsOf([hs], by('S3'), all), [], 'S3 is not a member: candidates do not make it one');
  });
});

describe('memberListingOf (what the Event Grid path lists)', () => {
  const scope = [SUB, SUB2];

  it('lists the tag and resource-group selectors of a mesh the VNet is in; a tag without subscription lists the scope', () => {
    const w = world();
    const s1 = w.snapshots().find((v) => v.name === 'S1');
    assert.ok(s1);
    const groups: TopologyGroup[] = [
      {
        name: 'a',
        members: [{ tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB.toUpperCase() }, { resourceGroup: 'RG-X', subscriptionId: SUB2 }, { resourceGroup: 'rg-y', subscriptionId: SUB }],
        connectivity: { kind: 'mesh' },
      },
      { name: 'b', members: [{ resourceGroup: 'rg-other', subscriptionId: SUB2 }], connectivity: { kind: 'mesh' } },
    ];
    assert.deepEqual(
      memberListingOf(groups, s1, scope),
      { subscriptions: [SUB], resourceGroups: [{ subscriptionId: SUB2, resourceGroup: 'rg-x' }] },
      "rg-y is in SUB's list; S1 is not in group b",
    );
    const anywhere: TopologyGroup = { name: 'c', members: [{ tag: { name: 'peering-group', value: 'prod' } }], connectivity: { kind: 'mesh' } };
    assert.deepEqual(memberListingOf([anywhere], s1, scope), { subscriptions: [SUB, SUB2].map((s) => s.toLowerCase()).sort(), resourceGroups: [] });
  });

  it('lists nothing for a VNet outside the groups, a spoke, a pairs group, or a group of named members only', () => {
    const w = world();
    const by = (name: string) => w.snapshots().find((v) => v.name === name) as ReturnType<World['snapshots']>[number];
    const tagged = { tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB } as const;
    const none = { subscriptions: [], resourceGroups: [] };
    const mesh: TopologyGroup = { name: 'm', members: [tagged], connectivity: { kind: 'mesh' } };
    const hs: TopologyGroup = { name: 'hs', members: [{ ids: [w.id('Hub')] }, tagged], connectivity: { kind: 'hub-spoke', hub: w.id('Hub') } };
    const pairs: TopologyGroup = { name: 'p', members: [tagged], connectivity: { kind: 'pairs', pairs: [[w.id('S1'), w.id('S3')]] } };
    const named: TopologyGroup = { name: 'n', members: [{ ids: [w.id('S1'), w.id('S2')] }], connectivity: { kind: 'mesh' } };
    assert.deepEqual(memberListingOf([mesh], by('S3'), scope), none, 'S3 is tagged dev');
    assert.deepEqual(memberListingOf([hs], by('S1'), scope), none, 'a spoke peers with its hub only');
    assert.deepEqual(memberListingOf([hs], by('Hub'), scope), { subscriptions: [SUB], resourceGroups: [] }, 'the hub peers with every tagged spoke');
    assert.deepEqual(memberListingOf([pairs], by('S1'), scope), none);
    assert.deepEqual(memberListingOf([named], by('S1'), scope), none);
  });
});
