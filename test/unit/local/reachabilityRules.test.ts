/**
 * The reachability evaluator's building blocks: NSG field matching (service tags, CIDR, ports, ICMP without
 * ports), rule order by priority with the default rules last, and the region latency table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIpv4, parsePrefixes } from '../../../local/arm/cidr.js';
import type { NetworkSecurityGroup } from '../../../local/arm/model.js';
import { addressMatches, portMatches } from '../../../local/arm/reachability/flow.js';
import { regionRoundTrip } from '../../../local/arm/reachability/regionLatency.js';
import { evaluateNsg, reportedRuleName } from '../../../local/arm/reachability/securityRules.js';

const ip = (text: string) => parseIpv4(text) as number;
const tag = parsePrefixes(['10.1.0.0/16', '10.2.0.0/16']);

describe('NSG fields', () => {
  test('service tags, CIDR and single addresses', () => {
    assert.equal(addressMatches('VirtualNetwork', ip('10.2.0.4'), tag), true);
    assert.equal(addressMatches('VirtualNetwork', ip('10.3.0.4'), tag), false);
    assert.equal(addressMatches('Internet', ip('10.3.0.4'), tag), false, 'private addresses are never Internet');
    assert.equal(addressMatches('Internet', ip('13.107.21.200'), tag), true);
    assert.equal(addressMatches('AzureLoadBalancer', ip('168.63.129.16'), tag), true);
    assert.equal(addressMatches('10.1.0.0/24', ip('10.1.0.200'), tag), true);
    assert.equal(addressMatches('10.1.0.4', ip('10.1.0.5'), tag), false);
    assert.equal(addressMatches('Storage', ip('10.1.0.5'), tag), false, 'unmodelled tags match nothing');
  });

  test('ports: *, single, range; ICMP (no port) matches only *', () => {
    assert.deepEqual([portMatches('*', 22), portMatches('3389', 3389), portMatches('1000-2000', 1500), portMatches('1000-2000', 2001)], [true, true, true, false]);
    assert.deepEqual([portMatches('*', undefined), portMatches('3389', undefined)], [true, false]);
  });
});

describe('NSG evaluation', () => {
  const nsg: NetworkSecurityGroup = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n',
    subscriptionId: 's',
    resourceGroup: 'rg',
    name: 'n',
    location: 'westeurope',
    tags: {},
    extra: {},
    etag: 'W/"1"',
    resourceGuid: 'g',
    provisioningState: 'Succeeded',
    securityRules: [
      { name: 'allow-rdp', properties: { priority: 200, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '3389' } },
      { name: 'deny-london', properties: { priority: 100, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '10.1.0.0/16', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*' } },
    ],
  };

  test('the lowest priority number wins; the default rules come last', () => {
    const fromLondon = evaluateNsg(nsg, 'Inbound', { protocol: 'Tcp', sourceAddress: ip('10.1.0.4'), sourcePort: 50000, destinationAddress: ip('10.2.0.4'), destinationPort: 3389 }, tag);
    assert.deepEqual([fromLondon.access, reportedRuleName(fromLondon)], ['Deny', 'UserRule_deny-london']);
    const fromInternet = evaluateNsg(nsg, 'Inbound', { protocol: 'Tcp', sourceAddress: ip('13.107.21.200'), sourcePort: 50000, destinationAddress: ip('10.2.0.4'), destinationPort: 3389 }, tag);
    assert.deepEqual([fromInternet.access, reportedRuleName(fromInternet)], ['Allow', 'UserRule_allow-rdp']);
    const ping = evaluateNsg(nsg, 'Inbound', { protocol: 'Icmp', sourceAddress: ip('13.107.21.200'), destinationAddress: ip('10.2.0.4') }, tag);
    assert.deepEqual([ping.access, reportedRuleName(ping)], ['Deny', 'DefaultRule_DenyAllInBound']);
  });
});

describe('region latency', () => {
  test('London ↔ Madrid about 30 ms, same region 1 ms, symmetric', () => {
    assert.equal(regionRoundTrip('uksouth', 'spaincentral').avg, 30);
    assert.deepEqual(regionRoundTrip('spaincentral', 'uksouth'), regionRoundTrip('uksouth', 'spaincentral'));
    assert.equal(regionRoundTrip('westeurope', 'West Europe').avg, 1);
  });
});
