/**
 * The HTTP API end to end: the app in the local host, ARM in the emulator, storage in Azurite; one stack
 * for the file (tests run in order on one world: London ↔ Madrid peered first, then changed). Writes are
 * counted in the emulator's call log: a dry run's plan equals the writes the executed request made, and a
 * refusal makes none.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CallRecord } from '../../local/arm/callLog.js';
import type { ScenarioInput } from '../../local/arm/scenario/scenarioSchema.js';
import { labSubscriptionId, londonMadridScenario } from '../../local/scenarios/londonMadrid.js';
import { listRememberedPairs } from '../../src/azure/storage/rememberedPairs.js';
import { createStorageAccess } from '../../src/azure/storage/storageAccess.js';
import { sub2, vnetId } from '../arm/support/armTestKit.js';
import { FUNCTIONS_KEY, startKeeperStack, stopStackStorage, type KeeperStack } from './support/keeperStack.js';

const lab = labSubscriptionId;
const london = vnetId('rg-london', 'vnet-london', lab);
const madrid = vnetId('rg-madrid', 'vnet-madrid', lab);
const paris = vnetId('rg-paris', 'vnet-paris', sub2);
const clash = vnetId('rg-lab', 'vnet-clash', lab);
const madClash = vnetId('rg-lab', 'vnet-madclash', lab);
const noGateway = vnetId('rg-lab', 'vnet-nogw', lab);

/** The seed lab, plus Paris in a second subscription and a few VNets for the refusals. */
function scenario(): ScenarioInput {
  const seed = londonMadridScenario();
  return {
    ...seed,
    name: 'london-madrid-api',
    subscriptions: [lab, sub2],
    resourceGroups: [...(seed.resourceGroups ?? []), { name: 'rg-lab', location: 'uksouth' }, { subscription: sub2, name: 'rg-paris', location: 'francecentral' }],
    virtualNetworks: [
      ...(seed.virtualNetworks ?? []),
      { subscription: sub2, resourceGroup: 'rg-paris', name: 'vnet-paris', addressPrefixes: ['10.5.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.5.0.0/24' }] },
      { resourceGroup: 'rg-lab', name: 'vnet-clash', addressPrefixes: ['10.1.128.0/17'] },
      { resourceGroup: 'rg-lab', name: 'vnet-madclash', addressPrefixes: ['10.2.128.0/17'] },
      { resourceGroup: 'rg-lab', name: 'vnet-nogw', addressPrefixes: ['10.6.0.0/16'] },
    ],
  } as ScenarioInput;
}

let stack: KeeperStack;
let appPrincipalId: string;

before(async () => {
  stack = await startKeeperStack({ scenario: scenario(), subscribe: false });
  appPrincipalId = (await stack.control.principals()).appPrincipalId;
});
after(async () => {
  await stack?.close();
  await stopStackStorage();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  location: string | null;
}

async function call(method: string, path: string, body?: unknown, key: string | null = FUNCTIONS_KEY): Promise<Answer> {
  const response = await fetch(`${stack.host.baseUrl}${path}`, {
    method,
    headers: { ...(key === null ? {} : { 'x-functions-key': key }), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = { text };
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (the host's 401 is text)
  }
  return { status: response.status, body: parsed, location: response.headers.get('location') };
}

const addressPath = (id: string) => {
  const [, , sub, , group, , , , name] = id.split('/');
  return `/api/vnets/${sub}/${group}/${name}/address-space`;
};

/** The app's ARM writes (PUT/DELETE) in the call log since the last reset, as `METHOD path[?sync]`. */
async function appWrites(options: { failedToo?: boolean } = {}): Promise<string[]> {
  const { calls } = await stack.control.calls();
  return calls
    .filter((c: CallRecord) => c.principalId === appPrincipalId && (c.kind === 'write' || c.kind === 'delete') && (options.failedToo || c.status < 400))
    .map((c) => {
      const url = new URL(c.url, 'https://arm');
      const sync = url.searchParams.get('syncRemoteAddressSpace') === 'true' ? '?syncRemoteAddressSpace=true' : '';
      return `${c.method} ${decodeURIComponent(url.pathname).toLowerCase()}${sync}`;
    });
}

/** A dry run's writes in the same form. */
function plannedWrites(dryRun: Record<string, unknown>): string[] {
  return (dryRun.writes as { method: string; target: string; query?: Record<string, string> }[]).map(
    (w) => `${w.method} ${w.target.toLowerCase()}${w.query?.syncRemoteAddressSpace === 'true' ? '?syncRemoteAddressSpace=true' : ''}`,
  );
}

/** Waits until the operation has ended; returns its status. */
async function ended(location: string): Promise<Record<string, unknown>> {
  return stack.until(`operation ${location} to end`, async () => {
    const answer = await call('GET', location);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.status === 'succeeded' || answer.body.status === 'failed' ? answer.body : undefined;
  });
}

/** The checks of an operation's first probe: [destination VM name or prefix, passed, diagnosis when failed]. */
function probeChecks(op: Record<string, unknown>): unknown[][] {
  const checks = (op.probes as { checks: { to: string; passed: boolean; diagnosis: string }[] }[])[0]?.checks ?? [];
  return checks.map((c) => [c.to.startsWith('/') ? c.to.split('/').pop() : c.to, c.passed, ...(c.passed ? [] : [c.diagnosis])]);
}

async function accepted(method: string, path: string, body: unknown): Promise<string> {
  const answer = await call(method, path, body);
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  assert.equal(answer.location, `/api/operations/${answer.body.operationId as string}`);
  assert.equal(answer.body.status, 'queued');
  return answer.location as string;
}

const peerLondonMadrid = { local: { vnetId: london }, remote: { vnetId: madrid, options: { allowForwardedTraffic: true } } };

test('missing or invalid function key → 401, nothing read or written', async () => {
  await stack.control.resetCalls();
  assert.equal((await call('POST', '/api/peerings', peerLondonMadrid, null)).status, 401);
  assert.equal((await call('POST', '/api/peerings', peerLondonMadrid, 'wrong-key')).status, 401);
  assert.equal((await call('GET', '/api/openapi.json', undefined, null)).status, 401);
  assert.deepEqual((await stack.control.calls()).calls.filter((c) => c.principalId === appPrincipalId), []);
});

test('GET /api/openapi.json describes every endpoint with the schemas that validate the bodies', async () => {
  const answer = await call('GET', '/api/openapi.json');
  assert.equal(answer.status, 200);
  const doc = answer.body as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { additionalProperties?: boolean; properties?: Record<string, unknown> }> } };
  assert.match(doc.openapi, /^3\./);
  assert.deepEqual(Object.keys(doc.paths).sort(), ['/openapi.json', '/operations/{operationId}', '/peerings', '/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/address-space']);
  assert.deepEqual(Object.keys(doc.paths['/peerings'] ?? {}).sort(), ['delete', 'post']);
  assert.equal(doc.components.schemas.PeeringRequest?.additionalProperties, false);
  assert.deepEqual(Object.keys(doc.components.schemas.AddressSpaceRequest?.properties ?? {}), ['add', 'remove', 'strategy']);
});

test('peer London ↔ Madrid: the dry run writes nothing and plans exactly the writes the request then makes; both sides Connected, probed; the same request again changes nothing', async (t) => {
  await stack.control.resetCalls();
  const dry = await call('POST', '/api/peerings?dryRun=true', peerLondonMadrid);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.deepEqual(await appWrites(), [], 'a dry run writes nothing');
  const planned = plannedWrites(dry.body);
  assert.deepEqual(planned, [`PUT ${london.toLowerCase()}/virtualnetworkpeerings/vnet-london-to-vnet-madrid`, `PUT ${madrid.toLowerCase()}/virtualnetworkpeerings/vnet-madrid-to-vnet-london`]);
  assert.deepEqual((dry.body.pairs as { action: string; downtime: string }[]).map((p) => [p.action, p.downtime]), [['create', 'notConnectedNow']]);
  t.diagnostic(String(dry.body.text));

  const location = await accepted('POST', '/api/peerings', peerLondonMadrid);
  const op = await ended(location);
  assert.equal(op.status, 'succeeded', JSON.stringify(op));
  assert.deepEqual(await appWrites(), planned, 'the executed writes are the dry run\'s');
  // Madrid's guest firewall drops ICMP (the seed's trap): the peering is made, the probe says why ping fails.
  assert.equal(op.connectivity, 'failed');
  assert.match(JSON.stringify(op.probes), /guest firewall of vm-madrid/);

  const net = stack.portal(lab);
  const there = await net.virtualNetworkPeerings.get('rg-london', 'vnet-london', 'vnet-london-to-vnet-madrid');
  const back = await net.virtualNetworkPeerings.get('rg-madrid', 'vnet-madrid', 'vnet-madrid-to-vnet-london');
  assert.deepEqual([there.peeringState, back.peeringState], ['Connected', 'Connected']);
  assert.deepEqual([there.allowForwardedTraffic, back.allowForwardedTraffic, back.allowVirtualNetworkAccess], [false, true, true]);

  // Idempotent: the same request converges to the same pair, without a write.
  await stack.control.resetCalls();
  const again = await ended(await accepted('POST', '/api/peerings', peerLondonMadrid));
  assert.equal(again.status, 'succeeded', JSON.stringify(again));
  assert.deepEqual(await appWrites(), []);
  assert.equal((await net.virtualNetworks.get('rg-london', 'vnet-london')).virtualNetworkPeerings?.length, 1);
  assert.equal((await net.virtualNetworks.get('rg-madrid', 'vnet-madrid')).virtualNetworkPeerings?.length, 1);
});

test('add 10.3.0.0/16 to London (sync): the dry run plans the PUT with If-Match and Madrid\'s sync, the request makes exactly those; subnets, peerings and tags survive', async (t) => {
  // Madrid's firewall opened, so the probe can pass.
  await stack.control.patchVm({ resourceId: `/subscriptions/${lab}/resourceGroups/rg-madrid/providers/Microsoft.Compute/virtualMachines/vm-madrid`, guestFirewall: { blockIcmp: false } });
  await stack.control.resetCalls();
  const body = { add: ['10.3.0.0/16'] };
  const dry = await call('POST', `${addressPath(london)}?dryRun=true`, body);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  t.diagnostic(String(dry.body.text));
  assert.deepEqual(plannedWrites(dry.body), [`PUT ${london.toLowerCase()}`, `PUT ${madrid.toLowerCase()}/virtualnetworkpeerings/vnet-madrid-to-vnet-london?syncRemoteAddressSpace=true`]);
  assert.deepEqual((dry.body.pairs as { downtime: string }[]).map((p) => p.downtime), ['none']);
  assert.equal(dry.body.strategy, 'sync');
  assert.deepEqual(await appWrites(), []);

  const op = await ended(await accepted('POST', addressPath(london), body));
  assert.equal(op.status, 'succeeded', JSON.stringify(op));
  assert.deepEqual(await appWrites(), plannedWrites(dry.body));
  // The VMs reach each other across the synced pair; 10.3.0.0/16 has no VM yet, and the probe says so.
  assert.deepEqual(probeChecks(op), [['vm-madrid', true], ['vm-london', true], ['10.3.0.0/16', false, 'no VM in vnet-london to probe to']]);

  const vnet = await stack.portal(lab).virtualNetworks.get('rg-london', 'vnet-london');
  assert.deepEqual(vnet.addressSpace?.addressPrefixes, ['10.1.0.0/16', '10.3.0.0/16']);
  assert.deepEqual(vnet.subnets?.map((s) => s.name), ['default']);
  assert.deepEqual(vnet.tags, { office: 'london' });
  assert.deepEqual(vnet.virtualNetworkPeerings?.map((p) => [p.name, p.peeringState, p.peeringSyncLevel]), [['vnet-london-to-vnet-madrid', 'Connected', 'FullyInSync']]);
});

test('two requests for one VNet are queued, never interleaved: the second waits while the first runs', async () => {
  await stack.control.resetCalls();
  const hold = await stack.control.addFault({ match: { operationId: 'VirtualNetworks_CreateOrUpdate', principalId: appPrincipalId }, action: { type: 'hold' }, times: 1 });
  const first = await accepted('POST', addressPath(london), { add: ['10.7.0.0/16'] });
  await stack.control.waitUntilHeld(hold.id);
  const second = await accepted('POST', addressPath(london), { add: ['10.8.0.0/16'] });
  const running = (await call('GET', first)).body;
  assert.deepEqual([running.status, running.phase], ['running', 'writing'], JSON.stringify(running));
  assert.match(String(running.currentStep), /10\.7\.0\.0\/16/);
  assert.equal((await call('GET', second)).body.status, 'queued');
  await stack.control.releaseFault(hold.id);

  const [a, b] = [await ended(first), await ended(second)];
  assert.deepEqual([a.status, b.status], ['succeeded', 'succeeded'], JSON.stringify([a, b]));
  assert.ok(String(a.finishedAt) <= String(b.startedAt), `the second pass started (${String(b.startedAt)}) after the first ended (${String(a.finishedAt)})`);
  const sync = `PUT ${madrid.toLowerCase()}/virtualnetworkpeerings/vnet-madrid-to-vnet-london?syncRemoteAddressSpace=true`;
  assert.deepEqual(await appWrites(), [`PUT ${london.toLowerCase()}`, sync, `PUT ${london.toLowerCase()}`, sync]);
  assert.deepEqual((await stack.portal(lab).virtualNetworks.get('rg-london', 'vnet-london')).addressSpace?.addressPrefixes, ['10.1.0.0/16', '10.3.0.0/16', '10.7.0.0/16', '10.8.0.0/16']);
});

test('each refusal: its status, ARM\'s code (or ours), the field at fault, a message naming the resource and the rule, and no ARM write', async () => {
  await stack.control.resetCalls();
  const outOfScope = vnetId('rg-x', 'vnet-x', '99999999-9999-9999-9999-999999999999');
  const cases: [string, string, string, unknown, number, string, string, RegExp][] = [
    ['malformed JSON', 'POST', '/api/peerings', '{"local": ', 400, 'InvalidRequestContent', 'body', /not valid JSON/],
    ['unknown field', 'POST', '/api/peerings', { ...peerLondonMadrid, remote: { vnetId: madrid, options: { allowForwardedTrafic: true } } }, 400, 'UnknownField', 'remote.options.allowForwardedTrafic', /does not know the field 'remote\.options\.allowForwardedTrafic'/],
    ['unknown field (address space)', 'POST', addressPath(london), { add: ['10.9.0.0/16'], sync: true }, 400, 'UnknownField', 'sync', /does not know the field 'sync'/],
    ['not a VNet id', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: `${madrid}/subnets/default` } }, 400, 'InvalidResourceId', 'remote', /is not a virtual network id/],
    ['unknown VNet', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: vnetId('rg-madrid', 'vnet-nowhere', lab) } }, 404, 'ResourceNotFound', 'remote', /virtualNetworks\/vnet-nowhere' under resource group 'rg-madrid' was not found/],
    ['unknown VNet (address space)', 'POST', addressPath(vnetId('rg-london', 'vnet-nowhere', lab)), { add: ['10.9.0.0/16'] }, 404, 'ResourceNotFound', 'vnet', /vnet-nowhere/],
    ['overlapping spaces', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: clash } }, 400, 'VnetAddressSpacesOverlap', 'remote', /virtualNetworks\/vnet-london and .*vnet-clash cannot be peered because their address spaces overlap. Overlapping address prefixes: 10\.1\.0\.0\/16 and 10\.1\.128\.0\/17/],
    ['overlaps a VNet already peered with the other', 'POST', '/api/peerings', { local: { vnetId: madClash }, remote: { vnetId: london } }, 400, 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', 'local', /vnet-madclash.*overlaps with address space of virtual network .*vnet-madrid already peered with the second/],
    ['new prefix overlaps a peer', 'POST', addressPath(london), { add: ['10.2.5.0/24'] }, 400, 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', 'add[0]', /cannot gain 10\.2\.5\.0\/24: it overlaps the address space of virtual network .*vnet-madrid/],
    ['self-peering', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: london.replace('vnet-london', 'VNET-LONDON') } }, 400, 'SelfPeeringNotAllowed', 'remote', /cannot be peered with itself/],
    ['another tenant', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: paris, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' } }, 400, 'CrossTenantPeeringNotSupported', 'remote', /tenant 72f988bf.*not supported yet/],
    ['another cloud', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: `https://management.chinacloudapi.cn${paris}` } }, 400, 'CrossCloudPeeringNotSupported', 'remote', /management\.chinacloudapi\.cn, another cloud/],
    ['invalid CIDR', 'POST', addressPath(london), { add: ['10.300.0.0/16'] }, 400, 'InvalidAddressPrefixFormat', 'add[0]', /'10\.300\.0\.0\/16' for vnet-london has an invalid format/],
    ['not canonical', 'POST', addressPath(london), { add: ['10.9.0.1/16'] }, 400, 'InvalidCIDRNotation', 'add[0]', /the address prefix should be 10\.9\.0\.0\/16/],
    ['removing a prefix a subnet uses', 'POST', addressPath(london), { remove: ['10.1.0.0/16'] }, 400, 'NetcfgSubnetRangeOutsideVnet', 'remove[0]', /subnet 'default' \(10\.1\.0\.0\/24\) uses it/],
    ['useRemoteGateways without a gateway there', 'POST', '/api/peerings', { local: { vnetId: noGateway, options: { useRemoteGateways: true } }, remote: { vnetId: paris, options: { allowGatewayTransit: true } } }, 400, 'RemoteVnetHasNoGateways', 'local.options.useRemoteGateways', /remote virtual network .*vnet-paris does not have any gateways/],
    ['useRemoteGateways without allowGatewayTransit there', 'POST', '/api/peerings', { local: { vnetId: noGateway, options: { useRemoteGateways: true } }, remote: { vnetId: paris } }, 400, 'RemoteGatewayTransitNotAllowed', 'remote.options.allowGatewayTransit', /must set allowGatewayTransit/],
    ['subscription out of scope', 'POST', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: outOfScope } }, 403, 'SubscriptionOutOfScope', 'remote', /99999999-9999-9999-9999-999999999999, which is not in SCOPE_SUBSCRIPTIONS/],
    ['subscription out of scope (address space)', 'POST', addressPath(outOfScope), { add: ['10.9.0.0/16'] }, 403, 'SubscriptionOutOfScope', 'vnet', /not in SCOPE_SUBSCRIPTIONS/],
    ['subscription out of scope (removal)', 'DELETE', '/api/peerings', { local: { vnetId: london }, remote: { vnetId: outOfScope } }, 403, 'SubscriptionOutOfScope', 'remote.vnetId', /not in SCOPE_SUBSCRIPTIONS/],
    // A dry run asked for in a way the API cannot read is refused, never taken as "write it".
    ['dryRun=1', 'POST', `${addressPath(london)}?dryRun=1`, { add: ['10.9.0.0/16'] }, 400, 'InvalidQueryParameter', 'dryRun', /dryRun is '1': expected true .* or false; nothing was read or written/],
    ['dryRun as a bare flag', 'POST', '/api/peerings?dryRun', { local: { vnetId: london }, remote: { vnetId: paris } }, 400, 'InvalidQueryParameter', 'dryRun', /dryRun is '': expected true/],
  ];
  for (const [what, method, path, body, status, code, target, message] of cases) {
    const answer = await call(method, path, body);
    const error = answer.body.error as { code: string; message: string; target: string } | undefined;
    assert.deepEqual([answer.status, error?.code, error?.target], [status, code, target], `${what}: ${JSON.stringify(answer.body)}`);
    assert.match(error?.message ?? '', message, what);
  }
  // The parameter's name in another case is still a dry run.
  const lowerCase = await call('POST', `${addressPath(london)}?dryrun=TRUE`, { add: ['10.9.0.0/16'] });
  assert.deepEqual([lowerCase.status, lowerCase.body.dryRun], [200, true], JSON.stringify(lowerCase.body));
  assert.deepEqual(await appWrites({ failedToo: true }), [], 'no refusal wrote anything');
});

test('a pair across two subscriptions: created on both sides, then removed on both sides and forgotten (dry runs equal the writes)', async () => {
  const request = { local: { vnetId: london }, remote: { vnetId: paris } };
  await stack.control.resetCalls();
  const dry = await call('POST', '/api/peerings?dryRun=true', request);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  const op = await ended(await accepted('POST', '/api/peerings', request));
  assert.equal(op.status, 'succeeded', JSON.stringify(op));
  assert.deepEqual(await appWrites(), plannedWrites(dry.body));
  assert.equal((await stack.portal(sub2).virtualNetworkPeerings.get('rg-paris', 'vnet-paris', 'vnet-paris-to-vnet-london')).peeringState, 'Connected');
  assert.equal((await stack.portal(lab).virtualNetworkPeerings.get('rg-london', 'vnet-london', 'vnet-london-to-vnet-paris')).peeringState, 'Connected');
  const storage = createStorageAccess({ AzureWebJobsStorage: stack.storageConnection });
  const table = `${stack.tablePrefix}RememberedPeerings`;
  assert.ok((await listRememberedPairs(paris, { storage, table })).some((p) => p.key.includes('vnet-london')), 'the requested pair is remembered');

  await stack.control.resetCalls();
  const removal = { local: { vnetId: london }, remote: { vnetId: paris } };
  const dryRemove = await call('DELETE', '/api/peerings?dryRun=true', removal);
  assert.equal(dryRemove.status, 200, JSON.stringify(dryRemove.body));
  assert.deepEqual(plannedWrites(dryRemove.body).map((w) => w.split(' ')[0]), ['DELETE', 'DELETE']);
  assert.deepEqual((dryRemove.body.pairs as { action: string; expectedDowntime: string }[]).map((p) => [p.action, p.expectedDowntime]), [['remove', 'down for good: the pair is removed']]);
  const removed = await ended(await accepted('DELETE', '/api/peerings', removal));
  assert.equal(removed.status, 'succeeded', JSON.stringify(removed));
  assert.deepEqual((await appWrites()).sort(), plannedWrites(dryRemove.body).sort());
  assert.deepEqual((await stack.portal(sub2).virtualNetworks.get('rg-paris', 'vnet-paris')).virtualNetworkPeerings, []);
  assert.deepEqual((await stack.portal(lab).virtualNetworks.get('rg-london', 'vnet-london')).virtualNetworkPeerings?.map((p) => p.name), ['vnet-london-to-vnet-madrid']);
  assert.deepEqual(await listRememberedPairs(paris, { storage, table }), [], 'the pair is forgotten');
  // A pass on London afterwards (a probe request) does not bring the removed pair back.
  await stack.control.resetCalls();
  const probe = await call('POST', `/api/vnets/${lab}/rg-london/vnet-london/probe`);
  assert.equal(probe.status, 202);
  assert.equal(probe.location, `/api/operations/${probe.body.operationId as string}`);
  assert.equal((await ended(probe.location as string)).status, 'succeeded');
  assert.deepEqual(await appWrites(), []);
});

test('the seed workflow where ARM cannot change a peered VNet\'s space (legacy): delete both sides, change, re-create, probe — subnets, tags and options kept', async () => {
  await stack.control.updateSettings({ legacyAddressSpace: true });
  try {
    await stack.control.resetCalls();
    const body = { add: ['10.4.0.0/16'], strategy: 'recreate' };
    const dry = await call('POST', `${addressPath(madrid)}?dryRun=true`, body);
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(plannedWrites(dry.body).map((w) => w.split(' ')[0]), ['DELETE', 'DELETE', 'PUT', 'PUT', 'PUT']);
    assert.deepEqual((dry.body.pairs as { downtime: string }[]).map((p) => p.downtime), ['deleteToCreate']);
    const op = await ended(await accepted('POST', addressPath(madrid), body));
    assert.equal(op.status, 'succeeded', JSON.stringify(op));
    assert.deepEqual(await appWrites(), plannedWrites(dry.body));
    // Both VMs reach each other again; the new prefix has no VM yet, and the probe says so.
    assert.deepEqual(probeChecks(op), [['vm-london', true], ['vm-madrid', true], ['10.4.0.0/16', false, 'no VM in vnet-madrid to probe to']]);

    // No strategy asked (setting: sync): ARM refuses the change while peered, so the app re-plans it as the seed's recreate.
    await stack.control.resetCalls();
    const legacy = await ended(await accepted('POST', addressPath(madrid), { add: ['10.44.0.0/16'] }));
    assert.equal(legacy.status, 'succeeded', JSON.stringify(legacy));
    const kinds = (await appWrites({ failedToo: true })).map((w) => w.split(' ')[0]);
    assert.deepEqual(kinds, ['PUT', 'DELETE', 'DELETE', 'PUT', 'PUT', 'PUT'], 'the refused PUT, then delete, change, re-create');

    const net = stack.portal(lab);
    const vnet = await net.virtualNetworks.get('rg-madrid', 'vnet-madrid');
    assert.deepEqual(vnet.addressSpace?.addressPrefixes, ['10.2.0.0/16', '10.4.0.0/16', '10.44.0.0/16']);
    assert.deepEqual(vnet.subnets?.map((s) => s.name), ['default']);
    assert.deepEqual(vnet.tags, { office: 'madrid' });
    const back = vnet.virtualNetworkPeerings?.find((p) => p.name === 'vnet-madrid-to-vnet-london');
    assert.deepEqual([back?.peeringState, back?.allowForwardedTraffic], ['Connected', true], 'the pair\'s options survive the re-creation');
    const there = await net.virtualNetworkPeerings.get('rg-london', 'vnet-london', 'vnet-london-to-vnet-madrid');
    assert.deepEqual(there.remoteAddressSpace?.addressPrefixes, ['10.2.0.0/16', '10.4.0.0/16', '10.44.0.0/16']);
  } finally {
    await stack.control.updateSettings({ legacyAddressSpace: false });
  }
});

test('an unknown operation id → 404', async () => {
  const answer = await call('GET', '/api/operations/00000000-0000-0000-0000-000000000000');
  assert.deepEqual([answer.status, (answer.body.error as { code: string }).code], [404, 'OperationNotFound']);
});
