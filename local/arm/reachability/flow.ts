/**
 * A packet flow as the reachability evaluator sees it (a 5-tuple), and how NSG rule fields match it:
 * address prefixes (`*`, CIDR, single address, the `VirtualNetwork` / `Internet` / `AzureLoadBalancer`
 * service tags) and port ranges (`*`, `N`, `N-M`). ICMP has no ports: it matches only rules whose port
 * ranges are `*`.
 */
import { parseIpv4, parsePrefix, prefixContainsAddress, type Ipv4Prefix } from '../cidr.js';

/** The protocols a flow can have. */
export type FlowProtocol = 'Tcp' | 'Udp' | 'Icmp';

/** One direction of a connection: addresses as numbers, ports absent for ICMP. */
export interface Flow {
  protocol: FlowProtocol;
  sourceAddress: number;
  sourcePort?: number;
  destinationAddress: number;
  destinationPort?: number;
}

/** RFC 1918 ranges: private addresses never belong to the `Internet` tag. */
const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((p) => parsePrefix(p) as Ipv4Prefix);
/** Azure's host address for load-balancer probes (the `AzureLoadBalancer` tag). */
const azureLoadBalancer = parseIpv4('168.63.129.16') as number;

/** Whether an address is private (RFC 1918). */
export function isPrivateAddress(address: number): boolean {
  return privateRanges.some((p) => prefixContainsAddress(p, address));
}

/**
 * Whether a rule's address field matches an address. `virtualNetworkTag` is the `VirtualNetwork` service
 * tag of the VNet whose NSG is evaluated (its own space plus what its peerings let in). Service tags the
 * emulator does not model (`Storage`, `AzureCloud.*` …) match nothing.
 */
export function addressMatches(field: string, address: number, virtualNetworkTag: readonly Ipv4Prefix[]): boolean {
  const value = field.trim();
  const lower = value.toLowerCase();
  if (lower === '*' || lower === 'any' || lower === '0.0.0.0/0') return true;
  if (lower === 'virtualnetwork') return virtualNetworkTag.some((p) => prefixContainsAddress(p, address));
  if (lower === 'internet') return !isPrivateAddress(address) && !virtualNetworkTag.some((p) => prefixContainsAddress(p, address));
  if (lower === 'azureloadbalancer') return address === azureLoadBalancer;
  const prefix = parsePrefix(value.includes('/') ? value : `${value}/32`);
  return prefix ? prefixContainsAddress(prefix, address) : false;
}

/** Whether a rule's port field (`*`, `3389`, `1000-2000`) matches a port; ICMP (no port) matches `*` only. */
export function portMatches(field: string, port: number | undefined): boolean {
  const value = field.trim();
  if (value === '*') return true;
  if (port === undefined) return false;
  const range = /^(\d+)-(\d+)$/.exec(value);
  if (range) return Number(range[1]) <= port && port <= Number(range[2]);
  return /^\d+$/.test(value) && Number(value) === port;
}

/** Whether a rule's protocol (`*`, `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah`) covers the flow's. */
export function protocolMatches(field: string, protocol: FlowProtocol): boolean {
  return field === '*' || field.toLowerCase() === protocol.toLowerCase();
}
