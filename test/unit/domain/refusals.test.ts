import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeeringOptions, VnetSnapshot } from '../../../src/domain/model.js';
import { DEFAULT_PEERING_OPTIONS } from '../../../src/domain/model.js';
import { refusalBody } from '../../../src/domain/refusal.js';
import type { PeeringRequest, RequestContext } from '../../../src/domain/refusals.js';
import { refusePeeringOnState, refusePeeringRequest, subscriptionOf, validatePeeringRequest } from '../../../src/domain/refusals.js';
import { SUB, SUB2, World } from '../../fixtures/domain/world.js';

const ctx: RequestContext = { scopeSubscriptions: [SUB.toUpperCase()], appTenantId: 'tenant-a', armEndpoint: 'https://management.azure.com' };

function request(local: string, remote: string, opts: { local?: Partial<PeeringOptions>; remote?: Partial<PeeringOptions>; localName?: string; remoteName?: string } = {}): PeeringRequest {
  return {
    local: { vnet: local, options: { ...DEFAULT_PEERING_OPTIONS, ...opts.local }, ...(opts.localName ? { name: opts.localName } : {}) },
    remote: { vnet: remote, options: { ...DEFAULT_PEERING_OPTIONS, ...opts.remote }, ...(opts.remoteName ? { name: opts.remoteName } : {}) },
  };
}

function codes(list: { code: string; status: number; target: string }[]): string[] {
  return list.map((r) => `${r.code} ${r.status} ${r.target}`);
}

describe('refusePeeringRequest (no ARM read)', () => {
  const w = new World();
  const london = w.vnet('London', ['10.1.0.0/16']);
  const madrid = w.vnet('Madrid', ['10.2.0.0/16']);
  const oslo = w.vnet('Oslo', ['10.5.0.0/16'], { sub: SUB2 });

  it('accepts a valid request', () => {
    assert.deepEqual(refusePeeringRequest(request(london, madrid), ctx), []);
  });

  const table: [string, PeeringRequest, string[], RegExp][] = [
    ['an id that is not a VNet id', request(`${london}/subnets/default`, madrid), ['InvalidResourceId 400 local'], /subnets\/default' is not a virtual network id: expected/],
    ['self-peering (any spelling)', request(london, london.toLowerCase()), ['SelfPeeringNotAllowed 400 remote'], /London.*cannot be peered with itself/],
    ['a subscription outside the scope', request(london, oslo), ['SubscriptionOutOfScope 403 remote'], new RegExp(`${SUB2}.*SCOPE_SUBSCRIPTIONS`)],
    ['another tenant', { ...request(london, madrid), remote: { ...request(london, madrid).remote, tenantId: 'tenant-b' } }, ['CrossTenantPeeringNotSupported 400 remote'], /tenant-b.*not supported yet/],
    ['another cloud', request(london, `https://management.usgovcloudapi.net${madrid}?api-version=2024-05-01`), ['CrossCloudPeeringNotSupported 400 remote'], /usgovcloudapi.*another cloud/],
    ['an invalid peering name', request(london, madrid, { localName: 'bad name-' }), ['InvalidPeeringName 400 local.name'], /'bad name-' breaks ARM's rule.*London/],
    ['useRemoteGateways without allowGatewayTransit on the other side', request(london, madrid, { local: { useRemoteGateways: true } }), ['RemoteGatewayTransitNotAllowed 400 remote.options.allowGatewayTransit'], /London sets useRemoteGateways.*Madrid must set allowGatewayTransit/],
    ['useRemoteGateways on both sides', request(london, madrid, { local: { useRemoteGateways: true, allowGatewayTransit: true }, remote: { useRemoteGateways: true, allowGatewayTransit: true } }), ['UseRemoteGatewaysOnBothSides 400 remote.options.useRemoteGateways'], /both sides/],
  ];
  for (const [name, req, expected, message] of table) {
    it(`refuses ${name}`, () => {
      const refusals = refusePeeringRequest(req, ctx);
      assert.deepEqual(codes(refusals), expected);
      assert.match(refusals[0]?.message ?? '', message);
    });
  }

  it('accepts the same cloud given as an ARM URL', () => {
    assert.deepEqual(refusePeeringRequest(request(london, `https://management.azure.com${madrid}`), ctx), []);
  });

  it('gives the error body ARM clients expect', () => {
    const [refusal] = refusePeeringRequest(request(london, london), ctx);
    assert.ok(refusal);
    assert.deepEqual(Object.keys(refusalBody(refusal).error), ['code', 'message', 'target']);
  });

  it('reads the subscription of a reference given as id or URL', () => {
    assert.equal(subscriptionOf(`https://management.azure.com${oslo}`), SUB2);
  });
});

describe('refusePeeringOnState (after reading the VNets)', () => {
  function setup(): { w: World; snap: (name: string) => VnetSnapshot } {
    const w = new World();
    w.vnet('London', ['10.1.0.0/16']);
    w.vnet('Madrid', ['10.2.0.0/16']);
    w.vnet('Overlap', ['10.1.128.0/17']);
    w.vnet('Paris', ['10.3.0.0/16']);
    w.vnet('Hub', ['10.0.0.0/16'], { hasGateway: true });
    w.vnet('Clash', ['10.2.5.0/24']);
    return { w, snap: (name) => w.snapshots(name)[0] as VnetSnapshot };
  }

  it('accepts two disjoint VNets', () => {
    const { w, snap } = setup();
    assert.deepEqual(refusePeeringOnState(request(w.id('London'), w.id('Madrid')), { local: snap('London'), remote: snap('Madrid') }), []);
  });

  it('refuses an unknown VNet with 404 ResourceNotFound naming it', () => {
    const { w, snap } = setup();
    const ghost = w.id('Madrid').replace('Madrid', 'Ghost');
    const refusals = refusePeeringOnState(request(w.id('London'), ghost), { local: snap('London') });
    assert.deepEqual(codes(refusals), ['ResourceNotFound 404 remote']);
    assert.match(refusals[0]?.message ?? '', /virtualNetworks\/Ghost' under resource group 'rg-net' was not found/);
  });

  it('refuses overlapping address spaces with ARM code and the overlapping prefixes', () => {
    const { w, snap } = setup();
    const refusals = refusePeeringOnState(request(w.id('London'), w.id('Overlap')), { local: snap('London'), remote: snap('Overlap') });
    assert.deepEqual(codes(refusals), ['VnetAddressSpacesOverlap 400 remote']);
    assert.match(refusals[0]?.message ?? '', /10\.1\.0\.0\/16 and 10\.1\.128\.0\/17/);
  });

  it('refuses a VNet overlapping one already peered with the other, in both directions', () => {
    const { w, snap } = setup();
    w.connect('Madrid', 'Paris');
    const req = request(w.id('Clash'), w.id('Paris'));
    const state = { local: snap('Clash'), remote: snap('Paris'), peersOfRemote: [snap('Madrid')], peersOfLocal: [] };
    const refusals = refusePeeringOnState(req, state);
    assert.deepEqual(codes(refusals), ['VnetAddressSpaceOverlapsWithAlreadyPeeredVnet 400 local']);
    assert.match(refusals[0]?.message ?? '', /Madrid already peered with the second virtual network. Overlapping address prefixes: 10\.2\.5\.0\/24/);
    const reversed = refusePeeringOnState(request(w.id('Paris'), w.id('Clash')), { local: snap('Paris'), remote: snap('Clash'), peersOfLocal: [snap('Madrid')] });
    assert.deepEqual(codes(reversed), ['VnetAddressSpaceOverlapsWithAlreadyPeeredVnet 400 remote']);
  });

  it('does not count the pair itself as an already-peered VNet (idempotent repeat)', () => {
    const { w, snap } = setup();
    w.connect('London', 'Madrid');
    const state = { local: snap('London'), remote: snap('Madrid'), peersOfLocal: [snap('Madrid')], peersOfRemote: [snap('London')] };
    assert.deepEqual(refusePeeringOnState(request(w.id('London'), w.id('Madrid')), state), []);
  });

  it('refuses useRemoteGateways towards a VNet without a gateway (ARM RemoteVnetHasNoGateways)', () => {
    const { w, snap } = setup();
    const req = request(w.id('London'), w.id('Madrid'), { local: { useRemoteGateways: true }, remote: { allowGatewayTransit: true } });
    const refusals = refusePeeringOnState(req, { local: snap('London'), remote: snap('Madrid') });
    assert.deepEqual(codes(refusals), ['RemoteVnetHasNoGateways 400 local.options.useRemoteGateways']);
    assert.match(refusals[0]?.message ?? '', /Madrid does not have any gateways/);
  });

  it('accepts useRemoteGateways towards a hub with a gateway offering transit', () => {
    const { w, snap } = setup();
    const req = request(w.id('London'), w.id('Hub'), { local: { useRemoteGateways: true }, remote: { allowGatewayTransit: true } });
    assert.deepEqual(refusePeeringOnState(req, { local: snap('London'), remote: snap('Hub') }), []);
  });

  it('refuses a second useRemoteGateways on one VNet and a VNet with its own gateway using a remote one', () => {
    const { w, snap } = setup();
    w.vnet('Hub2', ['10.20.0.0/16'], { hasGateway: true });
    w.connect('London', 'Hub2', { useRemoteGateways: true }, { allowGatewayTransit: true });
    const req = request(w.id('London'), w.id('Hub'), { local: { useRemoteGateways: true }, remote: { allowGatewayTransit: true } });
    assert.deepEqual(codes(refusePeeringOnState(req, { local: snap('London'), remote: snap('Hub') })), ['UseRemoteGatewaysAlreadySet 400 local.options.useRemoteGateways']);
    const fromHub = request(w.id('Hub'), w.id('Hub2'), { local: { useRemoteGateways: true }, remote: { allowGatewayTransit: true } });
    assert.deepEqual(codes(refusePeeringOnState(fromHub, { local: snap('Hub'), remote: snap('Hub2') })), ['UseRemoteGatewaysWithLocalGateway 400 local.options.useRemoteGateways']);
  });

  it('refuses a name already used by a peering to another VNet (409)', () => {
    const { w, snap } = setup();
    w.createSide('London', 'Paris', {}, 'main');
    const refusals = refusePeeringOnState(request(w.id('London'), w.id('Madrid'), { localName: 'MAIN' }), { local: snap('London'), remote: snap('Madrid') });
    assert.deepEqual(codes(refusals), ['PeeringNameInUse 409 local.name']);
  });
});

describe('validatePeeringRequest', () => {
  it('stops at static refusals without looking at the state', () => {
    const w = new World();
    const london = w.vnet('London', ['10.1.0.0/16']);
    assert.deepEqual(codes(validatePeeringRequest(request(london, london), ctx, {})), ['SelfPeeringNotAllowed 400 remote']);
  });
});
