/**
 * NSG evaluation as Azure does it: each NSG's rules of one direction by priority (user rules, then the
 * default rules `AllowVnetInBound` … `DenyAllOutBound`), first match wins. On the way out of a VM the
 * NIC's NSG is evaluated before the subnet's; on the way in, the subnet's before the NIC's; both must allow.
 *
 * The `VirtualNetwork` service tag of a VNet is its own address space plus the space (as synced) of every
 * `Connected` peering whose `allowVirtualNetworkAccess` is on — so turning that option off makes the
 * default `AllowVnet*` rules stop matching the peer, and `DenyAll*` drop the traffic, as in Azure.
 */
import { parsePrefixes, type Ipv4Prefix } from '../cidr.js';
import type { NetworkInterface, NetworkSecurityGroup, Subnet, VirtualNetwork } from '../model.js';
import { peeringView } from '../resources/peeringStatus.js';
import { effectiveRules, type RuleProperties } from '../resources/networkSecurityGroups.js';
import type { Store } from '../store.js';
import { addressMatches, portMatches, protocolMatches, type Flow } from './flow.js';

/** The `VirtualNetwork` service tag of a VNet. */
export function virtualNetworkTag(store: Store, vnet: VirtualNetwork): Ipv4Prefix[] {
  const prefixes = [...vnet.addressPrefixes];
  for (const link of vnet.peerings) {
    if (link.allowVirtualNetworkAccess && peeringView(store, vnet, link).peeringState === 'Connected') prefixes.push(...link.remotePeeredPrefixes);
  }
  return parsePrefixes(prefixes);
}

/** The rule that decided a flow in one NSG. */
export interface RuleVerdict {
  access: 'Allow' | 'Deny';
  nsg: NetworkSecurityGroup;
  ruleName: string;
  isDefault: boolean;
}

function fieldValues(single: string | undefined, many: readonly string[] | undefined): string[] {
  if (many && many.length) return [...many];
  return [single ?? '*'];
}

function ruleMatches(rule: RuleProperties, flow: Flow, tag: readonly Ipv4Prefix[]): boolean {
  return (
    protocolMatches(rule.protocol, flow.protocol) &&
    fieldValues(rule.sourceAddressPrefix, rule.sourceAddressPrefixes).some((f) => addressMatches(f, flow.sourceAddress, tag)) &&
    fieldValues(rule.destinationAddressPrefix, rule.destinationAddressPrefixes).some((f) => addressMatches(f, flow.destinationAddress, tag)) &&
    fieldValues(rule.sourcePortRange, rule.sourcePortRanges).some((f) => portMatches(f, flow.sourcePort)) &&
    fieldValues(rule.destinationPortRange, rule.destinationPortRanges).some((f) => portMatches(f, flow.destinationPort))
  );
}

/** The first rule of an NSG (one direction, by priority) that matches the flow; the default rules always end with a match. */
export function evaluateNsg(nsg: NetworkSecurityGroup, direction: 'Inbound' | 'Outbound', flow: Flow, tag: readonly Ipv4Prefix[]): RuleVerdict {
  const userRuleNames = new Set(nsg.securityRules.map((r) => r.name.toLowerCase()));
  for (const rule of effectiveRules(nsg, direction)) {
    if (ruleMatches(rule.properties, flow, tag)) {
      return { access: rule.properties.access, nsg, ruleName: rule.name, isDefault: !userRuleNames.has(rule.name.toLowerCase()) };
    }
  }
  // Unreachable: DenyAll* matches every flow.
  throw new Error(`NSG ${nsg.id} has no default ${direction} rules`);
}

/** Where a VM's traffic is filtered: its NIC and its subnet, with their NSGs. */
export interface FilterPoint {
  vnet: VirtualNetwork;
  subnet: Subnet;
  nic: NetworkInterface;
}

/**
 * Evaluates every NSG on one side of a connection in Azure's order; returns the denying verdict, or the
 * allowing verdicts (empty when no NSG applies: everything is allowed).
 */
export function evaluateSide(store: Store, point: FilterPoint, direction: 'Inbound' | 'Outbound', flow: Flow): { denied?: RuleVerdict; allowed: RuleVerdict[] } {
  const nicNsg = point.nic.networkSecurityGroupId ? store.nsg(point.nic.networkSecurityGroupId) : undefined;
  const subnetNsg = point.subnet.networkSecurityGroupId ? store.nsg(point.subnet.networkSecurityGroupId) : undefined;
  const order = direction === 'Outbound' ? [nicNsg, subnetNsg] : [subnetNsg, nicNsg];
  const tag = virtualNetworkTag(store, point.vnet);
  const allowed: RuleVerdict[] = [];
  for (const nsg of order) {
    if (!nsg) continue;
    const verdict = evaluateNsg(nsg, direction, flow, tag);
    if (verdict.access === 'Deny') return { denied: verdict, allowed };
    allowed.push(verdict);
  }
  return { allowed };
}

/** A rule's name as connectivity-check issues report it (`UserRule_<name>`, `DefaultRule_<name>`). */
export function reportedRuleName(verdict: RuleVerdict): string {
  return `${verdict.isDefault ? 'DefaultRule' : 'UserRule'}_${verdict.ruleName}`;
}
