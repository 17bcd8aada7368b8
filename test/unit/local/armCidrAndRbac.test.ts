/**
 * The emulator's own IPv4 prefix math and RBAC matching (independent of `src/`'s).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpv4, overlappingPrefixes, parseIpv4, parsePrefix, prefixContains, samePrefixes } from '../../../local/arm/cidr.js';
import { actionMatches, scopeCovers } from '../../../local/arm/auth/rbac.js';

test('parsePrefix refuses malformed text and host bits, like Azure', () => {
  assert.equal(parsePrefix('10.1.0.0/16')?.length, 16);
  for (const bad of ['10.1.1.0/16', '10.1.0.0', '10.1.0.0/33', '256.0.0.0/8', '10.01.0.0/16', 'a.b.c.d/8', '10.1.0.0/16/1']) assert.equal(parsePrefix(bad), undefined, bad);
  assert.equal(formatIpv4(parseIpv4('10.200.3.4') ?? 0), '10.200.3.4');
});

test('overlap and containment', () => {
  assert.deepEqual(overlappingPrefixes(['10.1.0.0/16', '10.2.0.0/16'], ['10.1.128.0/17']), ['10.1.0.0/16']);
  assert.deepEqual(overlappingPrefixes(['10.1.0.0/16'], ['10.2.0.0/16']), []);
  assert.equal(prefixContains(parsePrefix('10.0.0.0/8')!, parsePrefix('10.255.255.0/24')!), true);
  assert.equal(prefixContains(parsePrefix('10.1.0.0/24')!, parsePrefix('10.1.0.0/23')!), false);
  assert.equal(samePrefixes(['10.1.0.0/16', '10.2.0.0/16'], ['10.2.0.0/16', '10.1.0.0/16']), true);
});

test('RBAC actions match with wildcards, case-insensitively; scopes cover their descendants only', () => {
  assert.equal(actionMatches('Microsoft.Network/*', 'microsoft.network/virtualNetworks/peer/action'), true);
  assert.equal(actionMatches('*/read', 'Microsoft.Network/virtualNetworks/read'), true);
  assert.equal(actionMatches('*/read', 'Microsoft.Network/virtualNetworks/write'), false);
  assert.equal(scopeCovers('/subscriptions/S/resourceGroups/rg', '/subscriptions/s/resourcegroups/RG/providers/x/y/z'), true);
  assert.equal(scopeCovers('/subscriptions/S/resourceGroups/rg', '/subscriptions/S/resourceGroups/rg2'), false);
});
