import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VNET_INSTANCE_PREFIX, isSafeKey, pairTableKey, vnetInstanceId, vnetTableKey } from '../../../src/domain/instanceKeys.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const LONDON = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/London`;
const MADRID = LONDON.replace('London', 'Madrid');

describe('vnetInstanceId', () => {
  it('is the fixed prefix plus a hash, the same for every spelling of the id', () => {
    const id = vnetInstanceId(LONDON);
    assert.match(id, new RegExp(`^${VNET_INSTANCE_PREFIX}[0-9a-f]{32}$`));
    for (const spelling of [LONDON.toLowerCase(), LONDON.toUpperCase(), LONDON.replace('resourceGroups', 'resourcegroups'), `${LONDON}/`]) {
      assert.equal(vnetInstanceId(spelling), id, spelling);
    }
  });

  it('differs between VNets', () => {
    assert.notEqual(vnetInstanceId(LONDON), vnetInstanceId(MADRID));
  });

  it('never contains characters durable instance ids and Table keys forbid', () => {
    const weird = LONDON.replace('London', 'a#b?c\\d');
    for (const key of [vnetInstanceId(LONDON), vnetTableKey(weird), pairTableKey(LONDON, weird)]) assert.ok(isSafeKey(key), key);
  });

  it('refuses an id that is not a VNet id', () => {
    assert.throws(() => vnetInstanceId(`${LONDON}/subnets/default`), /is not a virtual network id/);
  });
});

describe('pairTableKey', () => {
  it('is the same in both directions and for any spelling', () => {
    assert.equal(pairTableKey(LONDON, MADRID), pairTableKey(MADRID.toLowerCase(), LONDON));
    assert.notEqual(pairTableKey(LONDON, MADRID), pairTableKey(LONDON, LONDON));
  });
});

describe('isSafeKey', () => {
  const bad = ['a/b', 'a\\b', 'a#b', 'a?b', 'a\u0001b', 'a\u007fb', ''];
  for (const key of bad) it(`rejects ${JSON.stringify(key)}`, () => assert.equal(isSafeKey(key), false));
});
