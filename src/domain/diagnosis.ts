/**
 * Probe diagnosis: a Network Watcher connectivity result plus what the app knows (peering states, routed
 * prefixes, the destination address) → a cause code and plain words with the fix.
 *
 * What the app knows comes first: a peering that is not Connected or a prefix not synced explains an
 * unreachable destination whatever the hops say. Then the hops' issues: an NSG rule, the guest firewall
 * (Windows blocks ICMP by default), a route. The result is shaped like ARM's `ConnectivityInformation`;
 * statuses from the docs (`Reachable`/`Unreachable`) and from the spec (`Connected`/`Disconnected`/
 * `Degraded`/`Unknown`) are both accepted.
 */
import { cidrContains, prefixContaining } from './cidr.js';
import type { PeeringSide } from './model.js';
import { parseVnetId } from './resourceId.js';

/** A connectivity issue on a hop (`ConnectivityIssue`). `context` is a list of one-entry maps. */
export interface ConnectivityIssue {
  readonly origin?: string;
  readonly severity?: string;
  readonly type?: string;
  readonly context?: readonly Readonly<Record<string, string>>[];
}

/** A hop of the path (`ConnectivityHop`), reduced to what diagnosis reads. */
export interface ConnectivityHop {
  readonly type?: string;
  readonly id?: string;
  readonly address?: string;
  readonly resourceId?: string;
  readonly issues?: readonly ConnectivityIssue[];
}

/** A connectivity-check result (`ConnectivityInformation`). */
export interface ConnectivityResult {
  readonly connectionStatus?: string;
  readonly hops?: readonly ConnectivityHop[];
  readonly probesSent?: number;
  readonly probesFailed?: number;
  readonly avgLatencyInMs?: number | null;
}

/** Normalised status: Reachable/Connected → reachable, Unreachable/Disconnected → unreachable. */
export type ProbeStatus = 'reachable' | 'unreachable' | 'degraded' | 'unknown' | 'notRun';

/** What the app knows about the probe. */
export interface ProbeFacts {
  /** Source VNet and VM; no `vmId` = no VM to probe from. */
  readonly source: { readonly vnetId: string; readonly vmId?: string; readonly address?: string };
  /** Destination VNet, VM and address; no `address` = no VM to probe to. */
  readonly destination: { readonly vnetId: string; readonly vmId?: string; readonly address?: string };
  readonly protocol?: string;
  /** The side on the source VNet pointing at the destination VNet, and the side back, as read. */
  readonly sourceSide?: PeeringSide;
  readonly destinationSide?: PeeringSide;
  /** Current address spaces of both VNets. */
  readonly sourceAddressSpace?: readonly string[];
  readonly destinationAddressSpace?: readonly string[];
}

/** Cause codes. */
export type DiagnosisCause =
  | 'reachable'
  | 'degraded'
  | 'noVmToProbeFrom'
  | 'noVmToProbeTo'
  | 'peeringNotConnected'
  | 'prefixNotSynced'
  | 'nsgDenies'
  | 'guestFirewall'
  | 'userDefinedRoute'
  | 'other';

/** The diagnosis, plain JSON for the orchestration output and the audit trail. */
export interface Diagnosis {
  readonly ok: boolean;
  readonly status: ProbeStatus;
  readonly cause: DiagnosisCause;
  readonly message: string;
  readonly fix?: string;
  /** Coordinates of the cause: the NSG rule, direction and hop, or the prefix and VNet. */
  readonly details?: Readonly<Record<string, string>>;
}

const STATUS: Record<string, ProbeStatus> = {
  reachable: 'reachable',
  connected: 'reachable',
  unreachable: 'unreachable',
  disconnected: 'unreachable',
  degraded: 'degraded',
  unknown: 'unknown',
};

/** Maps any documented `connectionStatus` spelling to a {@link ProbeStatus} (`unknown` for anything else). */
export function normalizeConnectionStatus(status: string | undefined): ProbeStatus {
  return STATUS[(status ?? '').toLowerCase()] ?? 'unknown';
}

/** The fix for Windows' default firewall, which drops inbound ICMP echo. */
export const GUEST_FIREWALL_FIX =
  'allow ICMPv4-In inside the VM: New-NetFirewallRule -DisplayName "Allow ICMPv4-In" -Protocol ICMPv4 (or netsh advfirewall firewall add rule name=Allow-ping protocol=icmpv4 dir=in action=allow)';

function nameOf(vnetId: string): string {
  try {
    return parseVnetId(vnetId).name;
  } catch {
    return vnetId;
  }
}

function contextValue(issue: ConnectivityIssue, key: string): string | undefined {
  for (const entry of issue.context ?? []) {
    for (const [k, v] of Object.entries(entry)) if (k.toLowerCase() === key.toLowerCase()) return v;
  }
  // ARM's doc examples also show context as [{ key, value }].
  const pair = (issue.context ?? []).find((e) => e.key?.toLowerCase() === key.toLowerCase());
  return pair?.value;
}

/** Diagnoses a probe. `result` undefined means the check did not run (see `facts` for why). */
export function diagnoseProbe(result: ConnectivityResult | undefined, facts: ProbeFacts): Diagnosis {
  const src = nameOf(facts.source.vnetId);
  const dst = nameOf(facts.destination.vnetId);
  if (!facts.source.vmId) {
    return { ok: false, status: 'notRun', cause: 'noVmToProbeFrom', message: `no VM in ${src} to probe from: the connectivity check needs a running VM with the Network Watcher agent as its source`, fix: `add a VM to ${src} (or tag one peering-probe=true)` };
  }
  if (!facts.destination.address) {
    return { ok: false, status: 'notRun', cause: 'noVmToProbeTo', message: `no VM in ${dst} to probe to`, fix: `add a VM to ${dst} (or tag one peering-probe=true)` };
  }
  const status = normalizeConnectionStatus(result?.connectionStatus);
  if (status === 'reachable') return { ok: true, status, cause: 'reachable', message: `${src} reaches ${facts.destination.address} in ${dst}` };
  if (status === 'degraded') {
    return { ok: true, status, cause: 'degraded', message: `${src} reaches ${facts.destination.address} in ${dst}, but ${result?.probesFailed ?? 'some'} of ${result?.probesSent ?? '?'} probes failed` };
  }
  return peeringCause(facts, status, src, dst) ?? syncCause(facts, status, src, dst) ?? hopCause(result, facts, status) ?? {
    ok: false,
    status,
    cause: 'other',
    message: `${src} cannot reach ${facts.destination.address} in ${dst} (status ${result?.connectionStatus ?? 'none'}) and Network Watcher names no cause`,
    fix: 'check NSGs, route tables and the VM itself (is it running and listening?)',
  };
}

function peeringCause(facts: ProbeFacts, status: ProbeStatus, src: string, dst: string): Diagnosis | undefined {
  for (const [side, from, to] of [[facts.sourceSide, src, dst], [facts.destinationSide, dst, src]] as const) {
    if (side?.peeringState === 'Connected') continue;
    const state = side ? side.peeringState : 'missing';
    const fix = state === 'Disconnected' ? 'delete the remaining side and create both sides again' : `create the side on ${state === 'missing' ? from : to}`;
    return { ok: false, status, cause: 'peeringNotConnected', message: `peering ${from} → ${to} is ${state}: traffic cannot flow until both sides are Connected`, fix, details: { vnet: from, state } };
  }
  return undefined;
}

function syncCause(facts: ProbeFacts, status: ProbeStatus, src: string, dst: string): Diagnosis | undefined {
  const checks = [
    { address: facts.destination.address, space: facts.destinationAddressSpace, side: facts.sourceSide, owner: dst, routedIn: src },
    { address: facts.source.address, space: facts.sourceAddressSpace, side: facts.destinationSide, owner: src, routedIn: dst },
  ];
  for (const { address, space, side, owner, routedIn } of checks) {
    if (!address || !space || !side) continue;
    let prefix: string | undefined;
    try {
      prefix = prefixContaining(address, space);
    } catch {
      continue;
    }
    if (!prefix || side.remoteAddressSpace.some((p) => safeContains(p, address))) continue;
    return {
      ok: false,
      status,
      cause: 'prefixNotSynced',
      message: `prefix ${prefix} of ${owner} is not synced to ${routedIn}: peering ${side.name} still routes only ${side.remoteAddressSpace.join(', ') || 'nothing'}`,
      fix: `sync peering ${side.name} on ${routedIn} (PUT with syncRemoteAddressSpace=true)`,
      details: { prefix, vnet: routedIn, peering: side.name },
    };
  }
  return undefined;
}

function safeContains(prefix: string, address: string): boolean {
  try {
    return cidrContains(prefix, address);
  } catch {
    return false;
  }
}

function hopCause(result: ConnectivityResult | undefined, facts: ProbeFacts, status: ProbeStatus): Diagnosis | undefined {
  const issues = (result?.hops ?? []).flatMap((hop) => (hop.issues ?? []).map((issue) => ({ hop, issue })));
  const errorsFirst = [...issues].sort((x, y) => rank(x.issue) - rank(y.issue));
  const nsg = errorsFirst.find(({ issue }) => issue.type?.toLowerCase() === 'networksecurityrule');
  if (nsg) {
    const rule = contextValue(nsg.issue, 'RuleName') ?? 'unknown rule';
    const direction = (nsg.issue.origin ?? 'unknown').toLowerCase();
    const where = nsg.hop.resourceId || nsg.hop.address || nsg.hop.type || 'a hop';
    return {
      ok: false,
      status,
      cause: 'nsgDenies',
      message: `NSG rule ${rule} denies the traffic (${direction}) at ${where}`,
      fix: `allow the traffic in NSG rule ${rule}, or add a higher-priority allow rule for ${facts.destination.address}`,
      details: { rule, direction, where },
    };
  }
  const firewall = errorsFirst.find(({ issue }) => issue.type?.toLowerCase() === 'guestfirewall');
  if (firewall) {
    const icmp = (facts.protocol ?? 'Icmp').toLowerCase() === 'icmp';
    // The firewall is the destination VM's own: name the VM (and its address) rather than the hop's NIC config.
    const vm = facts.destination.vmId?.split('/').filter(Boolean).at(-1);
    const where = vm ? `${vm}${facts.destination.address ? ` (${facts.destination.address})` : ''}` : firewall.hop.resourceId || firewall.hop.address || 'the destination VM';
    return {
      ok: false,
      status,
      cause: 'guestFirewall',
      message: icmp ? `the guest firewall of ${where} blocks ICMP (Windows drops inbound ping by default)` : `the guest firewall of ${where} blocks the traffic`,
      fix: icmp ? GUEST_FIREWALL_FIX : `open the port in the firewall inside ${where}`,
      details: { where },
    };
  }
  const route = errorsFirst.find(({ issue }) => issue.type?.toLowerCase() === 'userdefinedroute');
  if (route) {
    const where = route.hop.resourceId || route.hop.address || 'a hop';
    return { ok: false, status, cause: 'userDefinedRoute', message: `a user-defined route at ${where} sends the traffic elsewhere`, fix: 'check the route table of the source subnet (next hop for the destination prefix)', details: { where } };
  }
  const first = errorsFirst[0];
  if (!first) return undefined;
  const type = first.issue.type ?? 'Unknown';
  const where = first.hop.resourceId || first.hop.address || 'a hop';
  const words = type.toLowerCase() === 'agentstopped' ? 'the Network Watcher agent is stopped on the source VM' : `Network Watcher reports ${type} at ${where}`;
  return { ok: false, status, cause: 'other', message: words, fix: type.toLowerCase() === 'agentstopped' ? 'start the VM / reinstall the Network Watcher agent extension' : 'see the hop issue in the probe result', details: { type, where } };
}

function rank(issue: ConnectivityIssue): number {
  return issue.severity?.toLowerCase() === 'error' ? 0 : 1;
}
