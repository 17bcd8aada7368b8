import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectivityResult, ProbeFacts } from '../../../src/domain/diagnosis.js';
import { GUEST_FIREWALL_FIX, diagnoseProbe, normalizeConnectionStatus } from '../../../src/domain/diagnosis.js';
import type { PeeringSide, VnetSnapshot } from '../../../src/domain/model.js';
import { World } from '../../fixtures/domain/world.js';

/** The Unreachable example of the Network Watcher CLI docs: NSG rule on the outbound link of an appliance hop. */
const NSG_BLOCKED: ConnectivityResult = {
  hops: [
    { type: 'Source', id: '2', address: '10.1.1.4', resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/appNic0/ipConfigurations/ipconfig1', issues: [] },
    {
      type: 'VirtualAppliance',
      id: '3',
      address: '10.1.2.4',
      resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/fwNic/ipConfigurations/ipconfig1',
      issues: [{ origin: 'Outbound', severity: 'Error', type: 'NetworkSecurityRule', context: [{ key: 'RuleName', value: 'UserRule_Port80' }] }],
    },
    { type: 'VnetLocal', id: '4', address: '10.2.0.4', issues: [] },
  ],
  connectionStatus: 'Unreachable',
  avgLatencyInMs: null,
  probesSent: 100,
  probesFailed: 100,
};

function lab() {
  const w = new World();
  w.vnet('London', ['10.1.0.0/16']);
  w.vnet('Madrid', ['10.2.0.0/16']);
  w.connect('London', 'Madrid');
  return w;
}

function facts(w: World, patch: Partial<ProbeFacts> = {}): ProbeFacts {
  const [london, madrid] = w.snapshots('London', 'Madrid') as [VnetSnapshot, VnetSnapshot];
  return {
    source: { vnetId: london.id, vmId: `${london.id}/vm`, address: '10.1.0.4' },
    destination: { vnetId: madrid.id, vmId: `${madrid.id}/vm`, address: '10.2.0.4' },
    protocol: 'Icmp',
    sourceSide: london.peerings[0] as PeeringSide,
    destinationSide: madrid.peerings[0] as PeeringSide,
    sourceAddressSpace: london.addressSpace,
    destinationAddressSpace: madrid.addressSpace,
    ...patch,
  };
}

describe('normalizeConnectionStatus', () => {
  const table: [string | undefined, string][] = [
    ['Reachable', 'reachable'],
    ['Connected', 'reachable'],
    ['Unreachable', 'unreachable'],
    ['Disconnected', 'unreachable'],
    ['Degraded', 'degraded'],
    ['Unknown', 'unknown'],
    ['Sideways', 'unknown'],
    [undefined, 'unknown'],
  ];
  for (const [input, expected] of table) it(`${input} → ${expected}`, () => assert.equal(normalizeConnectionStatus(input), expected));
});

describe('diagnoseProbe', () => {
  it('reachable (docs spelling and spec spelling)', () => {
    const w = lab();
    for (const connectionStatus of ['Reachable', 'Connected']) {
      const d = diagnoseProbe({ connectionStatus, hops: [] }, facts(w));
      assert.equal(d.ok, true);
      assert.equal(d.cause, 'reachable');
    }
  });

  it('degraded counts as reachable but says how many probes failed', () => {
    const d = diagnoseProbe({ connectionStatus: 'Degraded', probesSent: 100, probesFailed: 7 }, facts(lab()));
    assert.equal(d.ok, true);
    assert.match(d.message, /7 of 100 probes failed/);
  });

  it('NSG rule: names the rule, the direction and the hop', () => {
    const d = diagnoseProbe(NSG_BLOCKED, facts(lab()));
    assert.equal(d.cause, 'nsgDenies');
    assert.equal(d.ok, false);
    assert.match(d.message, /NSG rule UserRule_Port80 denies the traffic \(outbound\) at .*fwNic/);
    assert.equal(d.details?.rule, 'UserRule_Port80');
  });

  it('NSG rule with the context as a key→value map', () => {
    const result: ConnectivityResult = { connectionStatus: 'Unreachable', hops: [{ type: 'Destination', address: '10.2.0.4', issues: [{ origin: 'Inbound', severity: 'Error', type: 'NetworkSecurityRule', context: [{ RuleName: 'DenyIcmpIn' }] }] }] };
    const d = diagnoseProbe(result, facts(lab()));
    assert.match(d.message, /DenyIcmpIn denies the traffic \(inbound\) at 10\.2\.0\.4/);
  });

  it('guest firewall blocking ICMP, with the ICMPv4-In fix', () => {
    const result: ConnectivityResult = { connectionStatus: 'Unreachable', hops: [{ type: 'Destination', address: '10.2.0.4', issues: [{ origin: 'Local', severity: 'Error', type: 'GuestFirewall', context: [] }] }] };
    const d = diagnoseProbe(result, facts(lab()));
    assert.equal(d.cause, 'guestFirewall');
    assert.match(d.message, /blocks ICMP/);
    assert.match(d.message, /^the guest firewall of vm \(10\.2\.0\.4\) blocks ICMP/, 'names the VM, not its NIC configuration');
    assert.equal(d.fix, GUEST_FIREWALL_FIX);
    assert.match(d.fix ?? '', /ICMPv4-In/);
  });

  it('peering not Connected outranks what the hops say', () => {
    const w = lab();
    w.deleteSide('Madrid', 'London');
    const [london] = w.snapshots('London') as [VnetSnapshot];
    const d = diagnoseProbe(NSG_BLOCKED, facts(w, { sourceSide: london.peerings[0], destinationSide: undefined }));
    assert.equal(d.cause, 'peeringNotConnected');
    assert.match(d.message, /London → Madrid is Disconnected/);
    assert.match(d.fix ?? '', /delete the remaining side and create both/);
  });

  it('prefix not synced: names the prefix and the VNet that does not route it', () => {
    const w = lab();
    w.resize('London', ['10.1.0.0/16', '10.3.0.0/16']);
    const [london, madrid] = w.snapshots('London', 'Madrid') as [VnetSnapshot, VnetSnapshot];
    const d = diagnoseProbe(
      { connectionStatus: 'Unreachable', hops: [] },
      facts(w, {
        source: { vnetId: madrid.id, vmId: `${madrid.id}/vm`, address: '10.2.0.4' },
        destination: { vnetId: london.id, vmId: `${london.id}/vm3`, address: '10.3.0.4' },
        sourceSide: madrid.peerings[0],
        destinationSide: london.peerings[0],
        sourceAddressSpace: madrid.addressSpace,
        destinationAddressSpace: london.addressSpace,
      }),
    );
    assert.equal(d.cause, 'prefixNotSynced');
    assert.match(d.message, /prefix 10\.3\.0\.0\/16 of London is not synced to Madrid/);
    assert.match(d.fix ?? '', /sync peering Madrid-to-London on Madrid/);
  });

  it('no VM to probe from / to', () => {
    const w = lab();
    const f = facts(w);
    assert.equal(diagnoseProbe(undefined, { ...f, source: { vnetId: f.source.vnetId } }).cause, 'noVmToProbeFrom');
    assert.equal(diagnoseProbe(undefined, { ...f, destination: { vnetId: f.destination.vnetId } }).cause, 'noVmToProbeTo');
  });

  it('other: a route, a stopped agent, or nothing named', () => {
    const w = lab();
    const udr = diagnoseProbe({ connectionStatus: 'Unreachable', hops: [{ address: '10.1.0.4', issues: [{ severity: 'Error', type: 'UserDefinedRoute' }] }] }, facts(w));
    assert.equal(udr.cause, 'userDefinedRoute');
    const agent = diagnoseProbe({ connectionStatus: 'Unreachable', hops: [{ issues: [{ severity: 'Error', type: 'AgentStopped' }] }] }, facts(w));
    assert.equal(agent.cause, 'other');
    assert.match(agent.message, /agent is stopped/);
    const nothing = diagnoseProbe({ connectionStatus: 'Unreachable', hops: [] }, facts(w));
    assert.equal(nothing.cause, 'other');
    assert.match(nothing.message, /names no cause/);
  });
});
