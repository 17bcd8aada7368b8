/**
 * The Network Watcher connectivity check, computed from the model (never set by hand): from a running
 * source VM with the agent, along the source VNet's routes (its own space, or a `Connected` peering whose
 * spaces on **both** sides cover source and destination as synced — not transitive), through the NSGs
 * outbound at the source and inbound at the destination (default rules included), to the destination VM's
 * power state and guest firewall. The answer is `ConnectivityInformation` with the values Azure returns:
 * `Reachable`/`Unreachable`, hops with issues (`NetworkSecurityRule` naming the rule, `GuestFirewall`,
 * `Platform` with the routing reason), latency from the regions' table when reachable.
 */
import { parseIpv4 } from '../cidr.js';
import type { EmulatorEnv } from '../emulatorEnv.js';
import { invalidResourceReference } from '../errors.js';
import { sameId } from '../ids.js';
import type { VirtualMachine } from '../model.js';
import type { ConnectivityParameters } from '../schemas/networkWatcher.js';
import { addressEndpoint, vmEndpoint, type Endpoint } from './endpoints.js';
import type { Flow, FlowProtocol } from './flow.js';
import { regionRoundTrip } from './regionLatency.js';
import { routeTo, type IssueContextEntry, type Route } from './routing.js';
import { evaluateSide, reportedRuleName } from './securityRules.js';

/** A `ConnectivityIssue`. */
export interface ConnectivityIssue {
  origin: 'Local' | 'Inbound' | 'Outbound';
  severity: 'Error' | 'Warning';
  type: string;
  context: IssueContextEntry[];
}

/** A `ConnectivityHop`. */
export interface ConnectivityHop {
  type: string;
  id: string;
  address: string;
  resourceId?: string;
  nextHopIds: string[];
  previousHopIds: string[];
  issues: ConnectivityIssue[];
}

/** `ConnectivityInformation` (latencies only when reachable, as Azure sends them). */
export interface ConnectivityInformation {
  hops: ConnectivityHop[];
  connectionStatus: 'Reachable' | 'Unreachable';
  avgLatencyInMs?: number;
  minLatencyInMs?: number;
  maxLatencyInMs?: number;
  probesSent: number;
  probesFailed: number;
}

const probes = 100;
/** The source port a probe uses when the request gives none (an ephemeral port). */
const ephemeralPort = 49152;
/** Round trip to an Internet address: the model knows nothing past the VNet edge. */
const internetRoundTripMs = 12;

/** The protocol and destination port of a check (Tcp/Http default to 80, Https to 443; ICMP has no port). */
export function probeProtocol(protocol: string | undefined, port: number | undefined): { flow: FlowProtocol; port?: number; name: string } {
  const name = (protocol ?? 'Tcp').toLowerCase();
  if (name === 'icmp') return { flow: 'Icmp', name: 'Icmp' };
  if (name === 'https') return { flow: 'Tcp', port: port ?? 443, name: 'Https' };
  if (name === 'http') return { flow: 'Tcp', port: port ?? 80, name: 'Http' };
  return { flow: 'Tcp', port: port ?? 80, name: 'Tcp' };
}

function issue(origin: ConnectivityIssue['origin'], type: string, context: IssueContextEntry[]): ConnectivityIssue {
  return { origin, severity: 'Error', type, context };
}

/** Why the destination VM itself does not answer: power state, then the guest firewall. */
function destinationIssue(vm: VirtualMachine | undefined, protocol: FlowProtocol, port: number | undefined): ConnectivityIssue | undefined {
  if (!vm) return undefined;
  if (vm.powerState !== 'running') return issue('Local', 'Platform', [{ key: 'PowerState', value: vm.powerState }, { key: 'VirtualMachine', value: vm.id }]);
  if (protocol === 'Icmp' && vm.guestFirewall.blockIcmp) {
    return issue('Local', 'GuestFirewall', [{ key: 'Protocol', value: 'Icmp' }, { key: 'Reason', value: `the ${vm.osType} firewall of ${vm.name} drops inbound ICMPv4 echo requests` }]);
  }
  const open = vm.guestFirewall.openTcpPorts;
  if (protocol === 'Tcp' && port !== undefined && open && !open.includes(port)) {
    return issue('Local', 'GuestFirewall', [{ key: 'Protocol', value: 'Tcp' }, { key: 'Port', value: String(port) }, { key: 'Reason', value: `TCP port ${port} is closed in the firewall of ${vm.name}` }]);
  }
  return undefined;
}

/** Builds the answer from the hops: reachable when no hop has an error. */
function answer(hops: ConnectivityHop[], roundTrip: { avg: number; min: number; max: number } | undefined): ConnectivityInformation {
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i] as ConnectivityHop;
    hop.nextHopIds = hops[i + 1] ? [(hops[i + 1] as ConnectivityHop).id] : [];
    hop.previousHopIds = hops[i - 1] ? [(hops[i - 1] as ConnectivityHop).id] : [];
  }
  const reachable = roundTrip !== undefined && hops.every((h) => h.issues.length === 0);
  if (!reachable) return { hops, connectionStatus: 'Unreachable', probesSent: probes, probesFailed: probes };
  return { hops, connectionStatus: 'Reachable', avgLatencyInMs: roundTrip.avg, minLatencyInMs: roundTrip.min, maxLatencyInMs: roundTrip.max, probesSent: probes, probesFailed: 0 };
}

/** The destination's endpoint and address from the request (a VM id, or an address). */
function destinationOf(env: EmulatorEnv, params: ConnectivityParameters, source: Endpoint): { endpoint?: Endpoint; address: string } {
  const { resourceId, address } = params.destination;
  if (resourceId) {
    const vm = env.store.vm(resourceId);
    const endpoint = vm ? vmEndpoint(env, vm) : undefined;
    if (!endpoint) throw invalidResourceReference(resourceId, 'the connectivity check destination');
    return { endpoint, address: endpoint.address };
  }
  if (!address) throw invalidResourceReference('(none)', 'the connectivity check destination: give destination.resourceId or destination.address');
  const preferred = [source.vnet.id, ...source.vnet.peerings.map((p) => p.remoteVirtualNetworkId)];
  const endpoint = parseIpv4(address) === undefined ? undefined : addressEndpoint(env, address, preferred);
  return { ...(endpoint ? { endpoint } : {}), address };
}

/**
 * Evaluates a connectivity check from `sourceVm` (already checked: exists, running, has the agent, in the
 * watcher's region).
 */
export function evaluateConnectivity(env: EmulatorEnv, sourceVm: VirtualMachine, params: ConnectivityParameters): ConnectivityInformation {
  const source = vmEndpoint(env, sourceVm);
  if (!source) throw invalidResourceReference(sourceVm.id, 'the connectivity check source (the VM has no NIC in an existing subnet)');
  const protocol = probeProtocol(params.protocol, params.destination.port);
  const destination = destinationOf(env, params, source);
  const sourceHop: ConnectivityHop = { type: 'Source', id: env.rng.uuid(), address: source.address, resourceId: source.ipConfigurationId, nextHopIds: [], previousHopIds: [], issues: [] };

  const destinationValue = parseIpv4(destination.address);
  if (destinationValue === undefined) {
    // FQDNs and URIs: the emulator has no DNS.
    sourceHop.issues.push(issue('Outbound', 'DnsResolution', [{ key: 'Address', value: destination.address }]));
    return answer([sourceHop], undefined);
  }
  const flow: Flow = {
    protocol: protocol.flow,
    sourceAddress: source.addressValue,
    ...(protocol.flow === 'Icmp' ? {} : { sourcePort: params.source.port || ephemeralPort, destinationPort: protocol.port as number }),
    destinationAddress: destinationValue,
  };
  const route: Route = routeTo(env.store, source.vnet, destinationValue);
  if (route.kind === 'none') {
    sourceHop.issues.push(issue('Outbound', 'Platform', [...route.context, { key: 'Reason', value: route.reason }]));
    return answer([sourceHop], undefined);
  }
  const outbound = evaluateSide(env.store, source, 'Outbound', flow);
  if (outbound.denied) sourceHop.issues.push(issue('Outbound', 'NetworkSecurityRule', [{ key: 'RuleName', value: reportedRuleName(outbound.denied) }]));
  if (route.kind === 'internet') {
    const internetHop: ConnectivityHop = { type: 'Internet', id: env.rng.uuid(), address: destination.address, resourceId: 'Internet', nextHopIds: [], previousHopIds: [], issues: [] };
    return answer([sourceHop, internetHop], { avg: internetRoundTripMs, min: internetRoundTripMs - 2, max: internetRoundTripMs + 8 });
  }

  const target = destination.endpoint && sameId(destination.endpoint.vnet.id, route.vnet.id) ? destination.endpoint : undefined;
  const destinationHop: ConnectivityHop = {
    type: route.kind === 'local' ? 'VnetLocal' : 'VirtualNetwork',
    id: env.rng.uuid(),
    address: destination.address,
    ...(target ? { resourceId: target.ipConfigurationId } : {}),
    nextHopIds: [],
    previousHopIds: [],
    issues: [],
  };
  const hops = [sourceHop, destinationHop];
  // Dropped on the way out: nothing past the source is known.
  if (outbound.denied) return answer(hops, undefined);
  if (!target) {
    destinationHop.issues.push(issue('Inbound', 'Platform', [{ key: 'Reason', value: `no network interface in ${route.vnet.name} holds ${destination.address}` }]));
    return answer(hops, undefined);
  }
  if (route.kind === 'peering' && !route.link.allowVirtualNetworkAccess && outbound.allowed.length === 0 && !outbound.denied) {
    sourceHop.issues.push(issue('Outbound', 'Platform', [{ key: 'AllowVirtualNetworkAccess', value: 'false' }, { key: 'Peering', value: `${source.vnet.id}/virtualNetworkPeerings/${route.link.name}` }]));
  }
  const back = routeTo(env.store, target.vnet, source.addressValue);
  if (back.kind === 'none' || back.kind === 'internet' || !sameId(back.vnet.id, source.vnet.id)) {
    const context = back.kind === 'none' ? back.context : [];
    destinationHop.issues.push(issue('Outbound', 'Platform', [...context, { key: 'Reason', value: `no return route from ${target.vnet.name} to ${source.address}${back.kind === 'none' ? `: ${back.reason}` : ''}` }]));
  }
  const inbound = evaluateSide(env.store, target, 'Inbound', flow);
  if (inbound.denied) destinationHop.issues.push(issue('Inbound', 'NetworkSecurityRule', [{ key: 'RuleName', value: reportedRuleName(inbound.denied) }]));
  else if (route.kind === 'peering' && !route.reverse.allowVirtualNetworkAccess && inbound.allowed.length === 0) {
    destinationHop.issues.push(issue('Inbound', 'Platform', [{ key: 'AllowVirtualNetworkAccess', value: 'false' }, { key: 'Peering', value: `${target.vnet.id}/virtualNetworkPeerings/${route.reverse.name}` }]));
  }
  const guest = destinationIssue(target.vm, protocol.flow, flow.destinationPort);
  if (guest) destinationHop.issues.push(guest);
  return answer(hops, regionRoundTrip(source.vm?.location ?? source.vnet.location, target.vm?.location ?? target.vnet.location));
}
