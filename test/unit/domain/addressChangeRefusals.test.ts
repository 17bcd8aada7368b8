import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AddressChangeRequestCheck } from '../../../src/domain/addressChangeRefusals.js';
import { refuseAddressChange, refuseAddressChangeOnState, validateAddressChange } from '../../../src/domain/addressChangeRefusals.js';
import type { VnetSnapshot } from '../../../src/domain/model.js';
import { SUB, SUB2, World } from '../../fixtures/domain/world.js';

const scope = [SUB];

function codes(list: { code: string; status: number; target: string }[]): string[] {
  return list.map((r) => `${r.code} ${r.status} ${r.target}`);
}

function lab() {
  const w = new World();
  w.vnet('London', ['10.1.0.0/16', '10.7.0.0/16'], { subnets: [{ name: 'vms', addressPrefixes: ['10.1.1.0/24'] }, { name: 'apps', addressPrefixes: ['10.7.4.0/24'] }] });
  w.vnet('Madrid', ['10.2.0.0/16']);
  w.connect('London', 'Madrid');
  const snap = (n: string) => w.snapshots(n)[0] as VnetSnapshot;
  return { w, london: snap('London'), madrid: snap('Madrid') };
}

describe('refuseAddressChange (no ARM read)', () => {
  const { w } = lab();
  const change = (add: string[], remove: string[] = [], vnetId = w.id('London')): AddressChangeRequestCheck => ({ vnetId, add, remove });

  it('accepts canonical prefixes', () => {
    assert.deepEqual(refuseAddressChange(change(['10.3.0.0/16']), scope), []);
  });

  const table: [string, AddressChangeRequestCheck, string[], RegExp][] = [
    ['a non-canonical prefix, saying the canonical form', change(['10.3.0.0/16', '10.1.0.1/16']), ['InvalidCIDRNotation 400 add[1]'], /10\.1\.0\.1\/16 .*should be 10\.1\.0\.0\/16/],
    ['a prefix that is not CIDR', change([], ['10.3.0.0']), ['InvalidAddressPrefixFormat 400 remove[0]'], /'10\.3\.0\.0' for London has an invalid format/],
    ['an empty change', change([]), ['EmptyAddressSpaceChange 400 add'], /adds and removes nothing/],
    ['a prefix both added and removed', change(['10.3.0.0/16'], ['10.3.0.0/16']), ['ConflictingAddressChange 400 add[0]'], /both added to and removed/],
    ['a VNet outside the scope', change(['10.3.0.0/16'], [], w.id('London').replace(SUB, SUB2)), ['SubscriptionOutOfScope 403 vnet'], /not in SCOPE_SUBSCRIPTIONS/],
    ['an id that is not a VNet id', change(['10.3.0.0/16'], [], `${w.id('London')}/subnets/x`), ['InvalidResourceId 400 vnet'], /not a virtual network id/],
  ];
  for (const [name, req, expected, message] of table) {
    it(`refuses ${name}`, () => {
      const refusals = refuseAddressChange(req, scope);
      assert.deepEqual(codes(refusals), expected);
      assert.match(refusals[0]?.message ?? '', message);
    });
  }
});

describe('refuseAddressChangeOnState', () => {
  it('accepts adding a free prefix and removing an unused one', () => {
    const { w, london, madrid } = lab();
    const check = { vnetId: w.id('London'), add: ['10.3.0.0/16'], remove: [] };
    assert.deepEqual(refuseAddressChangeOnState(check, { vnet: london, peers: [madrid] }), []);
  });

  it('is idempotent: adding a present prefix or removing an absent one is not refused', () => {
    const { w, london, madrid } = lab();
    assert.deepEqual(refuseAddressChangeOnState({ vnetId: w.id('London'), add: ['10.1.0.0/16'], remove: ['10.9.0.0/16'] }, { vnet: london, peers: [madrid] }), []);
  });

  it('refuses a prefix overlapping a peer (ARM code), naming the peer', () => {
    const { w, london, madrid } = lab();
    const refusals = refuseAddressChangeOnState({ vnetId: w.id('London'), add: ['10.3.0.0/16', '10.2.128.0/17'], remove: [] }, { vnet: london, peers: [madrid] });
    assert.deepEqual(codes(refusals), ['VnetAddressSpaceOverlapsWithAlreadyPeeredVnet 400 add[1]']);
    assert.match(refusals[0]?.message ?? '', /10\.2\.128\.0\/17.*Madrid/);
  });

  it('refuses a prefix overlapping the VNet’s own space', () => {
    const { w, london } = lab();
    const refusals = refuseAddressChangeOnState({ vnetId: w.id('London'), add: ['10.0.0.0/8'], remove: [] }, { vnet: london, peers: [] });
    assert.deepEqual(codes(refusals), ['VnetAddressPrefixesOverlap 400 add[0]', 'VnetAddressPrefixesOverlap 400 add[0]']);
  });

  it('refuses removing a range a subnet uses, naming the subnet', () => {
    const { w, london } = lab();
    const refusals = refuseAddressChangeOnState({ vnetId: w.id('London'), add: [], remove: ['10.7.0.0/16'] }, { vnet: london, peers: [] });
    assert.deepEqual(codes(refusals), ['NetcfgSubnetRangeOutsideVnet 400 remove[0]']);
    assert.match(refusals[0]?.message ?? '', /subnet 'apps' \(10\.7\.4\.0\/24\)/);
  });

  it('allows removing a range when a wider added prefix still holds the subnet', () => {
    const { w, london } = lab();
    assert.deepEqual(refuseAddressChangeOnState({ vnetId: w.id('London'), add: ['10.6.0.0/15'], remove: ['10.7.0.0/16'] }, { vnet: london, peers: [] }), []);
  });

  it('refuses emptying the address space and an unknown VNet', () => {
    const { w, london } = lab();
    const empty = refuseAddressChangeOnState({ vnetId: w.id('London'), add: [], remove: ['10.1.0.0/16', '10.7.0.0/16'] }, { vnet: { ...london, subnets: [] }, peers: [] });
    assert.deepEqual(codes(empty), ['AddressSpaceEmpty 400 remove']);
    assert.deepEqual(codes(refuseAddressChangeOnState({ vnetId: w.id('London'), add: ['10.3.0.0/16'], remove: [] }, { peers: [] })), ['ResourceNotFound 404 vnet']);
  });

  it('validateAddressChange stops at static refusals', () => {
    const { w } = lab();
    assert.deepEqual(codes(validateAddressChange({ vnetId: w.id('London'), add: ['10.3.0.5/16'], remove: [] }, scope, { peers: [] })), ['InvalidCIDRNotation 400 add[0]']);
  });
});
