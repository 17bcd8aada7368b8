/**
 * The connectivity probe across a peering: a Network Watcher connectivity check from a VM in one VNet to a
 * VM in the other, ICMP first (what a person tries: ping), then TCP to a port when ICMP fails (Windows drops
 * inbound ping by default, so TCP tells whether the peering carries traffic anyway). The result is mapped
 * to the domain's `ConnectivityResult` and explained by `diagnoseProbe` with what the app knows (peering
 * states, routed prefixes).
 *
 * Network Watcher runs the check from the source VM's region: the watcher of that region in the source
 * VM's subscription is found by listing the subscription's watchers (they usually live in `NetworkWatcherRG`
 * as `NetworkWatcher_<region>`, but that is a convention, not a rule).
 */
import type { ConnectivityInformation, NetworkManagementClient } from '@azure/arm-network';
import type { ConnectivityResult, Diagnosis, ProbeFacts } from '../domain/diagnosis.js';
import { diagnoseProbe } from '../domain/diagnosis.js';
import type { PeeringSide, VnetSnapshot } from '../domain/model.js';
import { parseVnetId, sameResourceId } from '../domain/resourceId.js';
import { armClientsFromEnv } from './armClients.js';
import { armCall, describeArmFailure, type ArmFailure, type ArmResult } from './armErrors.js';
import { readVnets, type ArmReadOptions } from './armReads.js';
import { pollInterval } from './armWrites.js';
import { listProbeVms, pickProbeVm, type ProbeVm } from './probeVms.js';

/** What to probe. */
export interface ProbeRequest {
  readonly sourceVnetId: string;
  readonly destinationVnetId: string;
  /** Probe to a VM inside this prefix of the destination (a newly added prefix). */
  readonly destinationPrefix?: string;
  /** TCP port for the fallback check; default 3389 for a Windows destination, else 22. */
  readonly tcpPort?: number;
  /** The VNets as just read, to spare the reads (both are read when absent). */
  readonly snapshots?: readonly VnetSnapshot[];
  /** VMs of the VNets as just listed, to spare the lists. */
  readonly sourceVms?: readonly ProbeVm[];
  readonly destinationVms?: readonly ProbeVm[];
  /** The source subscription's Network Watchers as just listed ({@link listNetworkWatchers}), to spare the list. */
  readonly networkWatchers?: readonly NetworkWatcherRef[];
}

/** A Network Watcher and its region. */
export interface NetworkWatcherRef {
  readonly id: string;
  readonly location: string;
}

/** One connectivity check that ran. */
export interface ProbeCheck {
  readonly protocol: 'Icmp' | 'Tcp';
  readonly port?: number;
  readonly result: ConnectivityResult;
  readonly diagnosis: Diagnosis;
}

/** The probe's outcome: plain JSON for the orchestration output, custom status and audit trail. */
export interface ProbeOutcome {
  readonly source: { readonly vnetId: string; readonly vmId?: string; readonly address?: string };
  readonly destination: { readonly vnetId: string; readonly vmId?: string; readonly address?: string };
  /** The Network Watcher that ran the checks. */
  readonly networkWatcherId?: string;
  /** The checks in the order they ran (ICMP, then TCP when ICMP failed); empty when none could run. */
  readonly checks: readonly ProbeCheck[];
  /** Whether traffic flows across the peering (any check reachable). */
  readonly trafficFlows: boolean;
  /** The explanation: of the ICMP check (what a person sees when ping fails), or why no check ran. */
  readonly diagnosis: Diagnosis;
  /** The ARM error that kept the check from running (agent missing, no permission …), when one did. */
  readonly checkFailure?: ArmFailure;
}

/** Region names compare without case and spaces (`West Europe` = `westeurope`). */
function sameRegion(a: string | undefined, b: string | undefined): boolean {
  const norm = (r: string | undefined) => (r ?? '').replace(/\s+/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** The Network Watcher of `location` in the client's subscription (one list call), or `undefined`. */
export async function findNetworkWatcher(network: NetworkManagementClient, location: string): Promise<string | undefined> {
  for await (const watcher of network.networkWatchers.listAll()) {
    if (watcher.id && sameRegion(watcher.location, location)) return watcher.id;
  }
  return undefined;
}

/** The Network Watchers of a subscription (one list call). */
export async function listNetworkWatchers(subscriptionId: string, options: ArmReadOptions = {}): Promise<ArmResult<{ watchers: NetworkWatcherRef[] }>> {
  const clients = options.clients ?? armClientsFromEnv();
  return armCall(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/networkWatchers`, async () => {
    const network = await clients.network(subscriptionId);
    const watchers: NetworkWatcherRef[] = [];
    for await (const watcher of network.networkWatchers.listAll()) if (watcher.id) watchers.push({ id: watcher.id, location: watcher.location ?? '' });
    return { watchers };
  });
}

/** The SDK's connectivity answer as the domain's plain shape. */
export function toConnectivityResult(info: ConnectivityInformation): ConnectivityResult {
  return {
    ...(info.connectionStatus ? { connectionStatus: info.connectionStatus } : {}),
    ...(info.probesSent !== undefined ? { probesSent: info.probesSent } : {}),
    ...(info.probesFailed !== undefined ? { probesFailed: info.probesFailed } : {}),
    ...(info.avgLatencyInMs !== undefined ? { avgLatencyInMs: info.avgLatencyInMs } : {}),
    hops: (info.hops ?? []).map((hop) => ({
      ...(hop.type ? { type: hop.type } : {}),
      ...(hop.id ? { id: hop.id } : {}),
      ...(hop.address ? { address: hop.address } : {}),
      ...(hop.resourceId ? { resourceId: hop.resourceId } : {}),
      issues: (hop.issues ?? []).map((issue) => ({
        ...(issue.origin ? { origin: issue.origin } : {}),
        ...(issue.severity ? { severity: issue.severity } : {}),
        ...(issue.type ? { type: issue.type } : {}),
        context: (issue.context ?? []).map((entry) => ({ ...entry })),
      })),
    })),
  };
}

function sideBetween(snapshots: readonly VnetSnapshot[], localVnetId: string, remoteVnetId: string): { vnet?: VnetSnapshot; side?: PeeringSide } {
  const vnet = snapshots.find((v) => sameResourceId(v.id, localVnetId));
  const side = vnet?.peerings.find((p) => sameResourceId(p.remoteVnetId, remoteVnetId));
  return { ...(vnet ? { vnet } : {}), ...(side ? { side } : {}) };
}

async function vmsOf(vnetId: string, given: readonly ProbeVm[] | undefined, options: ArmReadOptions): Promise<ArmResult<{ vms: readonly ProbeVm[] }>> {
  return given ? { ok: true, vms: given } : listProbeVms(vnetId, options);
}

/**
 * Probes connectivity from a VM in `sourceVnetId` to a VM in `destinationVnetId` (inside
 * `destinationPrefix` when given) and diagnoses the result. A missing VM or Network Watcher is not a
 * failure: the outcome says so in its diagnosis (`noVmToProbeFrom`, `noVmToProbeTo`). ARM errors (reads,
 * the check itself) come back as the failure.
 */
export async function probeConnectivity(request: ProbeRequest, options: ArmReadOptions = {}): Promise<ArmResult<{ probe: ProbeOutcome }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const { sourceVnetId, destinationVnetId } = request;

  let vnets = request.snapshots;
  if (!vnets) {
    const read = await readVnets([sourceVnetId, destinationVnetId], options);
    if (!read.ok) return read;
    vnets = read.vnets;
  }
  const from = sideBetween(vnets, sourceVnetId, destinationVnetId);
  const to = sideBetween(vnets, destinationVnetId, sourceVnetId);

  const [sourceVms, destinationVms] = await Promise.all([vmsOf(sourceVnetId, request.sourceVms, options), vmsOf(destinationVnetId, request.destinationVms, options)]);
  if (!sourceVms.ok) return sourceVms;
  if (!destinationVms.ok) return destinationVms;
  const sourceVm = pickProbeVm(sourceVms.vms);
  const destinationVm = pickProbeVm(destinationVms.vms, request.destinationPrefix);

  const facts: ProbeFacts = {
    source: { vnetId: sourceVnetId, ...(sourceVm ? { vmId: sourceVm.vmId, address: sourceVm.privateIpAddress } : {}) },
    destination: { vnetId: destinationVnetId, ...(destinationVm ? { vmId: destinationVm.vmId, address: destinationVm.privateIpAddress } : {}) },
    ...(from.side ? { sourceSide: from.side } : {}),
    ...(to.side ? { destinationSide: to.side } : {}),
    ...(from.vnet ? { sourceAddressSpace: from.vnet.addressSpace } : {}),
    ...(to.vnet ? { destinationAddressSpace: to.vnet.addressSpace } : {}),
  };
  const notRun = (diagnosis: Diagnosis): ProbeOutcome => ({ source: facts.source, destination: facts.destination, checks: [], trafficFlows: false, diagnosis });
  if (!sourceVm || !destinationVm) return { ok: true, probe: notRun(diagnoseProbe(undefined, facts)) };

  const subscriptionId = parseVnetId(sourceVnetId).subscriptionId;
  const checked = await armCall(sourceVm.vmId, async () => {
    const network = await clients.network(subscriptionId);
    const watcherId = request.networkWatchers
      ? request.networkWatchers.find((w) => sameRegion(w.location, sourceVm.location))?.id
      : await findNetworkWatcher(network, sourceVm.location);
    if (!watcherId) {
      const fix = `enable Network Watcher in ${sourceVm.location} for subscription ${subscriptionId} (az network watcher configure --locations ${sourceVm.location} --enabled true)`;
      return { probe: notRun({ ok: false, status: 'notRun', cause: 'other', message: `no Network Watcher in region ${sourceVm.location} of subscription ${subscriptionId}: the connectivity check cannot run`, fix }) };
    }
    const watcher = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/networkWatchers\/([^/]+)$/i.exec(watcherId);
    const [, group = '', name = ''] = watcher ?? [];
    const check = async (protocol: 'Icmp' | 'Tcp', port?: number): Promise<ProbeCheck> => {
      const info = await network.networkWatchers.checkConnectivity(group, name, {
        source: { resourceId: sourceVm.vmId },
        destination: { address: destinationVm.privateIpAddress, ...(port !== undefined ? { port } : {}) },
        protocol,
      }, pollInterval(clients));
      const result = toConnectivityResult(info);
      return { protocol, ...(port !== undefined ? { port } : {}), result, diagnosis: diagnoseProbe(result, { ...facts, protocol }) };
    };

    const icmp = await check('Icmp');
    const checks: ProbeCheck[] = [icmp];
    if (!icmp.diagnosis.ok) {
      const port = request.tcpPort ?? (destinationVm.osType?.toLowerCase() === 'windows' ? 3389 : 22);
      checks.push(await check('Tcp', port));
    }
    const tcp = checks[1];
    // ICMP's explanation is what a person sees when ping fails; TCP's only when ICMP's names no cause.
    const diagnosis = icmp.diagnosis.cause === 'other' && tcp && !tcp.diagnosis.ok && tcp.diagnosis.cause !== 'other' ? tcp.diagnosis : icmp.diagnosis;
    const probe: ProbeOutcome = {
      source: facts.source,
      destination: facts.destination,
      networkWatcherId: watcherId,
      checks,
      trafficFlows: checks.some((c) => c.diagnosis.ok),
      diagnosis,
    };
    return { probe };
  });
  // A check ARM refuses for good (agent missing, VM stopped, no permission) is a probe that could not run,
  // said precisely; a transient refusal stays a failure, for the orchestrator to wait and retry.
  if (checked.ok || checked.failure.kind === 'transient') return checked;
  const failure = checked.failure;
  const agent = /agent|extension/i.test(`${failure.code} ${failure.message}`);
  const diagnosis: Diagnosis = {
    ok: false,
    status: 'notRun',
    cause: 'other',
    message: `the connectivity check from ${sourceVm.vmName} could not run: ${describeArmFailure(failure)}`,
    fix: agent ? `install the Network Watcher agent extension (AzureNetworkWatcherExtension) on ${sourceVm.vmName} and make sure it is running` : 'see the ARM error; the app needs Network Contributor and Reader on the source VM’s subscription',
  };
  return { ok: true, probe: { ...notRun(diagnosis), checkFailure: failure } };
}
