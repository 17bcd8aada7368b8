import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ResourceIdError,
  canonicalVnetId,
  classifyNetworkId,
  formatPeeringId,
  parentVnetId,
  parsePeeringId,
  parseVnetId,
  peeringIdOf,
  sameResourceId,
  tryParseVnetId,
  vnetKey,
} from '../../../src/domain/resourceId.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-London/providers/Microsoft.Network/virtualNetworks/London`;

describe('parseVnetId', () => {
  const cases: [string, string][] = [
    ['canonical spelling', VNET],
    ['Event Grid lower-case resourcegroups', VNET.replace('resourceGroups', 'resourcegroups')],
    ['all lower case fixed segments', VNET.replace('providers/Microsoft.Network/virtualNetworks', 'providers/microsoft.network/virtualnetworks')],
    ['trailing slash', `${VNET}/`],
    ['surrounding whitespace', `  ${VNET} `],
  ];
  for (const [name, id] of cases) {
    it(`reads the coordinates from ${name}`, () => {
      assert.deepEqual(parseVnetId(id), { subscriptionId: SUB, resourceGroup: 'rg-London', name: 'London' });
    });
  }

  const rejected: [string, string][] = [
    ['a peering id', `${VNET}/virtualNetworkPeerings/London-to-Madrid`],
    ['a subnet id', `${VNET}/subnets/default`],
    ['another resource type', VNET.replace('virtualNetworks', 'networkSecurityGroups')],
    ['a missing provider segment', `/subscriptions/${SUB}/resourceGroups/rg/virtualNetworks/London`],
    ['an empty name', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/ `],
    ['a name alone', 'London'],
    ['an empty string', ''],
  ];
  for (const [name, id] of rejected) {
    it(`refuses ${name}, naming the id and the expected shape`, () => {
      assert.equal(tryParseVnetId(id), undefined);
      assert.throws(
        () => parseVnetId(id),
        (error: unknown) =>
          error instanceof ResourceIdError &&
          error.code === 'InvalidResourceId' &&
          error.message.includes(`'${id}'`) &&
          error.message.includes('/providers/Microsoft.Network/virtualNetworks/{vnetName}'),
      );
    });
  }
});

describe('peering ids', () => {
  const peering = `${VNET.toLowerCase()}/virtualnetworkpeerings/London-to-Madrid`;

  it('parses a peering id in any case and gives its parent VNet canonically spelled', () => {
    assert.deepEqual(parsePeeringId(peering), {
      vnet: { subscriptionId: SUB, resourceGroup: 'rg-london', name: 'london' },
      name: 'London-to-Madrid',
    });
    assert.equal(parentVnetId(peering), `/subscriptions/${SUB}/resourceGroups/rg-london/providers/Microsoft.Network/virtualNetworks/london`);
  });

  it('formats a peering id under the canonical VNet id', () => {
    assert.equal(peeringIdOf(VNET, 'p1'), `${VNET}/virtualNetworkPeerings/p1`);
    assert.equal(formatPeeringId(parsePeeringId(`${VNET}/virtualNetworkPeerings/p1`)), `${VNET}/virtualNetworkPeerings/p1`);
  });

  it('refuses a VNet id where a peering id is needed', () => {
    assert.throws(() => parsePeeringId(VNET), /is not a virtual network peering id: expected .*virtualNetworkPeerings\/\{peeringName\}/);
  });
});

describe('comparison and keys', () => {
  it('treats ids that differ only in case as the same resource', () => {
    assert.ok(sameResourceId(VNET, VNET.toUpperCase()));
    assert.ok(!sameResourceId(VNET, VNET.replace('London', 'Madrid')));
  });

  it('gives one key for every spelling of a VNet id', () => {
    const spellings = [VNET, VNET.toLowerCase(), VNET.replace('resourceGroups', 'resourcegroups'), `${VNET}/`];
    assert.equal(new Set(spellings.map(vnetKey)).size, 1);
    assert.equal(vnetKey(VNET), VNET.toLowerCase());
  });

  it('re-spells fixed segments canonically but keeps the names as given', () => {
    assert.equal(
      canonicalVnetId(`/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/rg-London/PROVIDERS/MICROSOFT.NETWORK/VIRTUALNETWORKS/London`),
      VNET,
    );
  });
});

describe('classifyNetworkId', () => {
  it('tells VNets, peerings and other ids apart', () => {
    assert.equal(classifyNetworkId(VNET).kind, 'vnet');
    assert.equal(classifyNetworkId(`${VNET}/virtualNetworkPeerings/p`).kind, 'peering');
    assert.equal(classifyNetworkId(`${VNET}/subnets/default`).kind, 'other');
    assert.equal(classifyNetworkId('/subscriptions/x').kind, 'other');
  });
});
