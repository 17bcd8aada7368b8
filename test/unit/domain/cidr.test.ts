import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CidrError,
  canonicalCidr,
  cidrContains,
  cidrsOverlap,
  diffAddressSpace,
  findOverlaps,
  findSelfOverlaps,
  normalizeAddressSpace,
  parseCidr,
  prefixContaining,
  sameAddressSpace,
  tryParseCidr,
} from '../../../src/domain/cidr.js';

describe('parseCidr', () => {
  const valid: [string, string, boolean][] = [
    ['10.1.0.0/16', '10.1.0.0/16', true],
    ['10.1.0.1/16', '10.1.0.0/16', false],
    ['192.168.7.255/22', '192.168.4.0/22', false],
    ['0.0.0.0/0', '0.0.0.0/0', true],
    ['10.0.0.5/32', '10.0.0.5/32', true],
    ['fd00:1::/64', 'fd00:1::/64', true],
    ['fd00:1::5/64', 'fd00:1::/64', false],
    ['FD00:0001::/64', 'fd00:1::/64', false],
    [' 10.0.0.0/8', '10.0.0.0/8', false],
  ];
  for (const [input, canonical, isCanonical] of valid) {
    it(`${JSON.stringify(input)} → ${canonical}${isCanonical ? '' : ' (not canonical)'}`, () => {
      const parsed = parseCidr(input);
      assert.equal(parsed.canonical, canonical);
      assert.equal(parsed.isCanonical, isCanonical);
      assert.equal(canonicalCidr(input), canonical);
    });
  }

  const invalid = ['10.1.0.0', '10.1/16', '010.1.0.0/16', '10.1.0.0/33', '10.1.0.0/016', '10.1.0.256/24', 'fd00::/129', 'abc', '', '10.0.0.0/-1', 'fe80::1%eth0/64'];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input)} with ARM's code`, () => {
      assert.equal(tryParseCidr(input), undefined);
      assert.throws(() => parseCidr(input), (e: unknown) => e instanceof CidrError && e.code === 'InvalidAddressPrefixFormat' && e.message.includes(`'${input}'`));
    });
  }
});

describe('containment and overlap', () => {
  const contains: [string, string, boolean][] = [
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/8', false],
    ['10.1.0.0/16', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.1.200.7', true],
    ['10.1.0.0/16', '10.2.0.1', false],
    ['10.1.0.0/16', 'fd00::1', false],
    ['fd00::/48', 'fd00:0:0:1::/64', true],
  ];
  for (const [outer, inner, expected] of contains) {
    it(`${outer} contains ${inner}: ${expected}`, () => assert.equal(cidrContains(outer, inner), expected));
  }

  const overlaps: [string, string, boolean][] = [
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['10.0.0.0/15', '10.1.0.0/16', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/8', 'fd00::/8', false],
  ];
  for (const [a, b, expected] of overlaps) {
    it(`${a} overlaps ${b}: ${expected}`, () => assert.equal(cidrsOverlap(a, b), expected));
  }

  it('lists every overlapping pair between two address spaces, canonically', () => {
    assert.deepEqual(findOverlaps(['10.1.0.0/16', '172.16.0.0/12', '10.9.0.1/16'], ['10.0.0.0/8', '192.168.0.0/16']), [
      { a: '10.1.0.0/16', b: '10.0.0.0/8' },
      { a: '10.9.0.0/16', b: '10.0.0.0/8' },
    ]);
    assert.deepEqual(findOverlaps(['10.1.0.0/16'], ['10.2.0.0/16']), []);
  });

  it('finds overlaps inside one list once per pair', () => {
    assert.deepEqual(findSelfOverlaps(['10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16']), [{ a: '10.0.0.0/8', b: '10.1.0.0/16' }]);
  });
});

describe('address-space differences', () => {
  it('reports added and removed prefixes, treating spellings of one prefix as equal', () => {
    assert.deepEqual(diffAddressSpace(['10.1.0.0/16', '10.2.0.0/16'], ['10.2.0.1/16', '10.3.0.0/16']), {
      added: ['10.3.0.0/16'],
      removed: ['10.1.0.0/16'],
    });
  });

  it('compares spaces ignoring order and duplicates', () => {
    assert.ok(sameAddressSpace(['10.2.0.0/16', '10.1.0.0/16', '10.1.0.0/16'], ['10.1.0.0/16', '10.2.0.0/16']));
    assert.ok(!sameAddressSpace(['10.1.0.0/16'], ['10.1.0.0/17']));
  });

  it('normalizes in numeric order, IPv4 first', () => {
    assert.deepEqual(normalizeAddressSpace(['fd00::/64', '10.10.0.0/16', '10.9.0.0/16', '10.9.0.0/24']), ['10.9.0.0/16', '10.9.0.0/24', '10.10.0.0/16', 'fd00::/64']);
  });
});

describe('prefixContaining', () => {
  it('finds the most specific prefix holding an address', () => {
    assert.equal(prefixContaining('10.3.0.4', ['10.0.0.0/8', '10.3.0.0/16', 'junk']), '10.3.0.0/16');
    assert.equal(prefixContaining('192.168.1.1', ['10.0.0.0/8']), undefined);
  });

  it('refuses a malformed address', () => {
    assert.throws(() => prefixContaining('10.3', ['10.0.0.0/8']), CidrError);
  });
});
