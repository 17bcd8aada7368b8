/**
 * One-line, readable results of the portal CLI (`npm run az`), what a person wants to see after each step;
 * `--json` prints the full object instead.
 */
import type { ConnectivityInformation, NetworkInterface, SecurityRule, Subnet, VirtualNetwork, VirtualNetworkPeering } from '@azure/arm-network';

function nameOf(id: string | undefined): string {
  return id?.split('/').pop() ?? '?';
}

function tags(value: Record<string, string> | undefined): string {
  const entries = Object.entries(value ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '-';
}

/** `vnet-london (uksouth) 10.1.0.0/16 | subnets default=10.1.0.0/24 | peerings london-to-madrid→vnet-madrid Connected/FullyInSync | tags office=london`. */
export function formatVnet(vnet: VirtualNetwork): string {
  const subnets = (vnet.subnets ?? []).map((s) => `${s.name}=${s.addressPrefix ?? s.addressPrefixes?.join('+') ?? '?'}`).join(' ') || '-';
  const peerings = (vnet.virtualNetworkPeerings ?? []).map((p) => `${p.name}→${nameOf(p.remoteVirtualNetwork?.id)} ${p.peeringState}/${p.peeringSyncLevel}`).join(' ') || '-';
  return `${vnet.name} (${vnet.location}) ${(vnet.addressSpace?.addressPrefixes ?? []).join(',')} | subnets ${subnets} | peerings ${peerings} | tags ${tags(vnet.tags)}`;
}

/** `london-to-madrid on vnet-london → vnet-madrid: Connected, FullyInSync (access on, forwarded off, …)`. */
export function formatPeering(vnetName: string, peering: VirtualNetworkPeering): string {
  const flag = (on: boolean | undefined): string => (on ? 'on' : 'off');
  return `${peering.name} on ${vnetName} → ${nameOf(peering.remoteVirtualNetwork?.id)}: ${peering.peeringState}, ${peering.peeringSyncLevel} (access ${flag(peering.allowVirtualNetworkAccess)}, forwarded ${flag(peering.allowForwardedTraffic)}, gateway transit ${flag(peering.allowGatewayTransit)}, remote gateways ${flag(peering.useRemoteGateways)}; routes ${(peering.remoteAddressSpace?.addressPrefixes ?? []).join(',') || '-'})`;
}

export function formatSubnet(vnetName: string, subnet: Subnet): string {
  return `subnet ${subnet.name} in ${vnetName}: ${subnet.addressPrefix ?? subnet.addressPrefixes?.join(',') ?? '?'}${subnet.networkSecurityGroup?.id ? `, NSG ${nameOf(subnet.networkSecurityGroup.id)}` : ''} (${subnet.provisioningState})`;
}

export function formatRule(nsgName: string, rule: SecurityRule): string {
  return `rule ${rule.name} in ${nsgName}: ${rule.direction} ${rule.access} ${rule.protocol} ${rule.sourceAddressPrefix ?? '*'} → ${rule.destinationAddressPrefix ?? '*'}:${rule.destinationPortRange ?? '*'} (priority ${rule.priority})`;
}

export function formatNic(nic: NetworkInterface): string {
  const config = nic.ipConfigurations?.[0];
  return `NIC ${nic.name}: ${config?.privateIPAddress ?? '?'} in ${nameOf(config?.subnet?.id?.replace(/\/subnets\/[^/]+$/, ''))}/${nameOf(config?.subnet?.id)}`;
}

function contextText(context: Array<Record<string, string>> | undefined): string {
  const pairs = (context ?? []).map((entry) => ('key' in entry && 'value' in entry ? [entry.key, entry.value] : Object.entries(entry)[0] ?? ['', '']));
  const reason = pairs.find(([k]) => k === 'Reason')?.[1];
  const rule = pairs.find(([k]) => k === 'RuleName')?.[1];
  return rule ? `rule ${rule}` : (reason ?? pairs.map(([k, v]) => `${k}=${v}`).join(', '));
}

/** `Reachable vm-london → vm-madrid (Icmp): 30 ms avg, 0/100 probes failed` or `Unreachable …: GuestFirewall (…)`. */
export function formatConnectivity(source: string, destination: string, protocol: string, result: ConnectivityInformation): string {
  const head = `${result.connectionStatus} ${source} → ${destination} (${protocol})`;
  if (result.connectionStatus === 'Reachable' || result.connectionStatus === 'Connected') {
    return `${head}: ${result.avgLatencyInMs} ms avg (${result.minLatencyInMs}-${result.maxLatencyInMs}), ${result.probesFailed}/${result.probesSent} probes failed`;
  }
  const issues = (result.hops ?? []).flatMap((hop) => (hop.issues ?? []).map((issue) => `${issue.type} ${issue.origin?.toLowerCase() ?? ''} at ${hop.type} ${hop.address ?? ''}: ${contextText(issue.context)}`));
  return `${head}: ${issues.join('; ') || 'no issue reported'}`;
}
