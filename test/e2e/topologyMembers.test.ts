/**
 * Tag membership on the Event Grid path, end to end: with a topology file whose mesh group selects its members
 * by tag, a VNet created in the "portal" with the tag is peered with every member, on both sides, by its own
 * pass — no audit runs. The pass finds the members with one paged `VirtualNetworks_ListAll` of the selector's
 * subscription (no GET for a listed member); a VNet without the tag costs no list at all; an event on the hub of a
 * hub-spoke group whose spokes are picked by resource group peers the hub with them after one list of that
 * resource group. ARM calls counted in the emulator's call log (the app's principal; the probe's calls apart).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallRecord } from '../../local/arm/callLog.js';
import type { ScenarioInput } from '../../local/arm/scenario/scenarioSchema.js';
import type { KeeperStack } from './support/keeperStack.js';
import { startKeeperStack, stopStackStorage } from './support/keeperStack.js';
import { labIdentities } from '../../local/scenarios/labIdentities.js';

const SUB = '55555555-5555-5555-5555-555555555555';
const RG = 'rg-mesh';
const id = (name: string, rg = RG) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-${name}`;
const TAG = { 'peering-group': 'mesh' };
const PROBE_OPERATIONS = new Set(['NetworkInterfaces_ListAll', 'VirtualMachines_List', 'NetworkWatchers_ListAll', 'NetworkWatchers_CheckConnectivity']);

/** m1, m2, m3 tagged and peered as a mesh; other untagged, alone; a hub (rg-hub) and two spokes in rg-spokes, not peered. */
function scenario(): ScenarioInput {
  const vnets: [string, string, Record<string, string>?, string?][] = [
    ['m1', '10.1.0.0/16', TAG],
    ['m2', '10.2.0.0/16', TAG],
    ['m3', '10.3.0.0/16', TAG],
    ['other', '10.9.0.0/16'],
    ['hub', '10.20.0.0/16', undefined, 'rg-hub'],
    ['sp1', '10.21.0.0/16', undefined, 'rg-spokes'],
    ['sp2', '10.22.0.0/16', undefined, 'rg-spokes'],
  ];
  const peer = (a: string, b: string) => ({ from: id(a), to: id(b), name: `vnet-${a}-to-vnet-${b}` });
  return {
    name: 'tag-mesh',
    description: 'a mesh of three tagged VNets',
    subscriptions: [SUB],
    ...labIdentities([SUB]),
    resourceGroups: [RG, 'rg-hub', 'rg-spokes'].map((name) => ({ subscription: SUB, name, location: 'westeurope' })),
    virtualNetworks: vnets.map(([name, prefix, tags, rg]) => ({ subscription: SUB, resourceGroup: rg ?? RG, name: `vnet-${name}`, addressPrefixes: [prefix], ...(tags ? { tags } : {}) })),
    networkWatchers: [{ subscription: SUB, location: 'westeurope' }],
    peerings: [peer('m1', 'm2'), peer('m1', 'm3'), peer('m2', 'm3')],
  } as ScenarioInput;
}

const TOPOLOGY = [
  'groups:',
  '  - name: mesh',
  '    connectivity: mesh',
  '    members:',
  '      - tag: peering-group=mesh',
  `        subscription: ${SUB}`,
  '  - name: star',
  '    connectivity: hub-spoke',
  `    hub: ${id('hub', 'rg-hub')}`,
  '    members:',
  '      - resourceGroup: rg-spokes',
  `        subscription: ${SUB}`,
].join('\n');

describe('tag members join at once through the Event Grid path', () => {
  let stack: KeeperStack;
  let dir: string;
  let appPrincipalId: string;

  /** The app's ARM calls since the last reset, the probe's apart. */
  async function appCalls(): Promise<CallRecord[]> {
    return (await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId && !PROBE_OPERATIONS.has(c.operationId) && !(c.kind === 'poll' && c.url.includes('connectivityCheck')));
  }

  /** Creates a VNet as the portal does and waits until its instance has finished. */
  async function createInPortal(name: string, prefix: string, tags?: Record<string, string>): Promise<void> {
    await stack.portal(SUB).virtualNetworks.beginCreateOrUpdateAndWait(RG, `vnet-${name}`, { location: 'westeurope', ...(tags ? { tags } : {}), addressSpace: { addressPrefixes: [prefix] } });
    await stack.until(`the Event Grid pass of vnet-${name}`, async () => (await stack.passes(id(name))).find((r) => r.trigger.kind === 'eventGrid'));
    const done = await stack.settled(id(name));
    assert.equal(done.runtimeStatus, 'Completed');
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keeper-members-'));
    const file = join(dir, 'topology.yaml');
    writeFileSync(file, TOPOLOGY);
    stack = await startKeeperStack({ scenario: scenario(), env: { TOPOLOGY_FILE: file } });
    appPrincipalId = (await stack.control.principals()).appPrincipalId;
  });
  after(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
    await stopStackStorage();
  });

  it('a new VNet with the tag is peered with every member on both sides by its own pass, found by one list', async (t) => {
    await stack.control.resetCalls();
    await createInPortal('m4', '10.4.0.0/16', TAG);
    const pass = (await stack.passes(id('m4'))).find((r) => r.trigger.kind === 'eventGrid');
    assert.equal(pass?.outcome, 'succeeded', JSON.stringify(pass?.summary));

    const net = stack.portal(SUB);
    for (const member of ['m1', 'm2', 'm3']) {
      const there = (await net.virtualNetworks.get(RG, `vnet-${member}`)).virtualNetworkPeerings?.find((p) => p.remoteVirtualNetwork?.id?.toLowerCase() === id('m4').toLowerCase());
      assert.equal(there?.peeringState, 'Connected', `${member}'s side to m4`);
    }
    const m4 = await net.virtualNetworks.get(RG, 'vnet-m4');
    assert.deepEqual(
      (m4.virtualNetworkPeerings ?? []).map((p) => [p.remoteVirtualNetwork?.id?.split('/').at(-1), p.peeringState]).sort(),
      [['vnet-m1', 'Connected'], ['vnet-m2', 'Connected'], ['vnet-m3', 'Connected']],
    );
    assert.equal((await net.virtualNetworks.get(RG, 'vnet-other')).virtualNetworkPeerings?.length ?? 0, 0, 'the untagged VNet is no member');

    const calls = await appCalls();
    const byOperation = (op: string) => calls.filter((c) => c.operationId === op).length;
    const writes = calls.filter((c) => c.kind === 'write' || c.kind === 'delete');
    t.diagnostic(
      `new tagged mesh member: ${byOperation('VirtualNetworks_ListAll')} list call(s), ${byOperation('VirtualNetworks_Get')} VNet GETs, ${byOperation('VirtualNetworkPeerings_Get')} peering GETs, ` +
        `${writes.length} writes (${[...new Set(writes.map((c) => c.operationId))].join(', ')}), ${calls.filter((c) => c.kind === 'poll').length} polls`,
    );
    assert.equal(byOperation('VirtualNetworks_ListAll'), 1, 'one paged list of the subscription finds the members');
    assert.equal(byOperation('VirtualNetworks_List'), 0);
    const memberGets = calls.filter((c) => c.operationId === 'VirtualNetworks_Get' && /virtualNetworks\/vnet-m[123](\?|$)/i.test(c.url));
    assert.deepEqual(memberGets.map((c) => c.url), [], 'no GET of a member the list returned');
    assert.equal(writes.length, 6, 'both sides of m4–m1, m4–m2, m4–m3');
    assert.ok(writes.every((c) => c.operationId === 'VirtualNetworkPeerings_CreateOrUpdate'));
  });

  it('DELETE /api/peerings of a pair the topology wants is refused (409, the group and the file named), nothing written', async () => {
    await stack.control.resetCalls();
    const answer = await stack.api('DELETE', '/api/peerings', { local: { vnetId: id('m1') }, remote: { vnetId: id('m2') } });
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    const error = (answer.body as { error: { code: string; message: string; target: string } }).error;
    assert.deepEqual([error.code, error.target], ['PairInTopology', 'remote.vnetId']);
    assert.match(error.message, /vnet-m1 ↔ vnet-m2 is wanted by group '[^']+' of the topology file \(.*topology\.yaml\)/);
    assert.deepEqual((await appCalls()).filter((c) => c.kind === 'write' || c.kind === 'delete'), []);
  });

  it('a new VNet without the tag costs no list call', async () => {
    await stack.control.resetCalls();
    await createInPortal('lone', '10.8.0.0/16');
    const calls = await appCalls();
    assert.ok(calls.some((c) => c.operationId === 'VirtualNetworks_Get'), 'the pass read the VNet');
    assert.deepEqual(calls.filter((c) => c.operationId === 'VirtualNetworks_ListAll' || c.operationId === 'VirtualNetworks_List'), []);
    assert.deepEqual(calls.filter((c) => c.kind === 'write' || c.kind === 'delete'), []);
  });

  it('an event on the hub peers it with the spokes its group picks by resource group, found by one list of that group', async (t) => {
    await stack.control.resetCalls();
    const net = stack.portal(SUB);
    const hub = await net.virtualNetworks.get('rg-hub', 'vnet-hub');
    await net.virtualNetworks.beginCreateOrUpdateAndWait('rg-hub', 'vnet-hub', { ...hub, tags: { owner: 'network-team' } });
    const hubId = id('hub', 'rg-hub');
    const pass = await stack.until('the Event Grid pass of vnet-hub', async () => (await stack.passes(hubId)).find((r) => r.trigger.kind === 'eventGrid'));
    assert.equal((await stack.settled(hubId)).runtimeStatus, 'Completed');
    assert.equal(pass.outcome, 'succeeded', JSON.stringify(pass.summary));
    const sides = (await net.virtualNetworks.get('rg-hub', 'vnet-hub')).virtualNetworkPeerings ?? [];
    assert.deepEqual(sides.map((p) => [p.remoteVirtualNetwork?.id?.split('/').at(-1), p.peeringState]).sort(), [['vnet-sp1', 'Connected'], ['vnet-sp2', 'Connected']]);

    const calls = await appCalls();
    const byOperation = (op: string) => calls.filter((c) => c.operationId === op).length;
    const writes = calls.filter((c) => c.kind === 'write' || c.kind === 'delete');
    t.diagnostic(`hub event, spokes by resource group: ${byOperation('VirtualNetworks_List')} resource-group list call(s), ${byOperation('VirtualNetworks_ListAll')} subscription lists, ${byOperation('VirtualNetworks_Get')} VNet GETs, ${writes.length} writes`);
    assert.deepEqual([byOperation('VirtualNetworks_List'), byOperation('VirtualNetworks_ListAll')], [1, 0]);
    assert.ok(calls.filter((c) => c.operationId === 'VirtualNetworks_List').every((c) => c.url.toLowerCase().includes('/resourcegroups/rg-spokes/')));
    assert.deepEqual(calls.filter((c) => c.operationId === 'VirtualNetworks_Get' && /vnet-sp[12](\?|$)/.test(c.url)).map((c) => c.url), [], 'no GET of a listed spoke');
    assert.equal(writes.length, 4, 'both sides of hub–sp1 and hub–sp2');
  });
});
