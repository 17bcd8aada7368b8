/**
 * ARM models → domain snapshots on shapes the emulator does not produce: a gateway (shown by ARM as a
 * `GatewaySubnet` holding a `virtualNetworkGateways` ip configuration), subnets with `addressPrefixes`,
 * and a peering whose optional fields are absent.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasGatewayInSubnets, toPeeringSide, toVnetSnapshot, UnexpectedArmShapeError } from '../../../src/azure/armSnapshots.js';

const vnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub';

describe('hasGatewayInSubnets', () => {
  test('a GatewaySubnet holding a virtual network gateway’s ip configuration means a gateway', () => {
    const gatewayConfig = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/hub-gw/ipConfigurations/default' };
    assert.equal(hasGatewayInSubnets([{ name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27', ipConfigurations: [gatewayConfig] }]), true);
  });
  test('an empty GatewaySubnet, or a gateway configuration in another subnet, is no gateway', () => {
    assert.equal(hasGatewayInSubnets([{ name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' }]), false);
    assert.equal(hasGatewayInSubnets([{ name: 'default', ipConfigurations: [{ id: '/x/virtualNetworkGateways/gw/ipConfigurations/a' }] }]), false);
  });
});

describe('toVnetSnapshot', () => {
  test('merges a subnet’s addressPrefix and addressPrefixes; copies tags; defaults missing peering fields', () => {
    const snapshot = toVnetSnapshot({
      id: vnetId,
      name: 'hub',
      location: 'westeurope',
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 'multi', addressPrefix: '10.0.1.0/24', addressPrefixes: ['10.0.1.0/24', '10.0.2.0/24'] }],
      virtualNetworkPeerings: [{ name: 'p', remoteVirtualNetwork: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke' } }],
    });
    assert.deepEqual(snapshot.subnets, [{ name: 'multi', addressPrefixes: ['10.0.1.0/24', '10.0.2.0/24'] }]);
    assert.deepEqual(snapshot.tags, {});
    assert.equal(snapshot.etag, undefined);
    const [side] = snapshot.peerings;
    assert.equal(side?.id, `${vnetId}/virtualNetworkPeerings/p`);
    assert.deepEqual([side?.peeringState, side?.peeringSyncLevel, side?.provisioningState], ['Unknown', 'Unknown', 'Unknown']);
    assert.deepEqual(side?.options, { allowVirtualNetworkAccess: true, allowForwardedTraffic: false, allowGatewayTransit: false, useRemoteGateways: false });
  });

  test('a VNet without an id is refused, naming it', () => {
    assert.throws(() => toVnetSnapshot({ name: 'ghost' }), (e: unknown) => e instanceof UnexpectedArmShapeError && /'ghost'/.test(e.message));
  });

  test('toPeeringSide keeps the side’s own spaces as ARM sent them', () => {
    const side = toPeeringSide(vnetId, { name: 'p', peeringState: 'Connected', remoteAddressSpace: { addressPrefixes: ['10.1.0.0/16'] }, remoteVirtualNetworkAddressSpace: { addressPrefixes: ['10.1.0.0/16', '10.9.0.0/16'] } });
    assert.deepEqual([side.remoteAddressSpace, side.remoteVirtualNetworkAddressSpace], [['10.1.0.0/16'], ['10.1.0.0/16', '10.9.0.0/16']]);
  });
});
