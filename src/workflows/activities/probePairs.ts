/**
 * Activity `probePairs`: the connectivity checks of the pass's pairs through Network Watcher (ICMP first,
 * TCP when ICMP fails, each diagnosed). The VMs of every VNet involved are listed once (one NIC list per
 * subscription, one VM list per resource group), the Network Watchers once per subscription; the VNets as
 * the pass last saw them feed the diagnosis (no re-read). Checks run a few at a time: in Azure each takes
 * seconds to minutes.
 */
import pLimit from 'p-limit';
import { probeConnectivity, listNetworkWatchers, type NetworkWatcherRef, type ProbeOutcome } from '../../azure/probe.js';
import { listProbeVmsOf, type ProbeVm } from '../../azure/probeVms.js';
import type { Diagnosis } from '../../domain/diagnosis.js';
import { parseVnetId, resourceKey } from '../../domain/resourceId.js';
import type { CheckResult, FailureData, PairProbeResult, ProbeCheckSpec, ProbePairsInput, ProbePairsOutput } from '../reconcile/activityTypes.js';
import { failureData } from './activitySupport.js';

/** Checks running at once. */
const PARALLEL_CHECKS = 4;

function notRun(spec: ProbeCheckSpec, failure: FailureData): CheckResult {
  const diagnosis: Diagnosis = { ok: false, status: 'notRun', cause: 'other', message: `the probe could not run: ${failure.code} on ${failure.target}: ${failure.message}`, fix: 'see the ARM error' };
  return { ...spec, passed: false, trafficFlows: false, protocols: [], diagnosis, failure };
}

function checkResult(spec: ProbeCheckSpec, probe: ProbeOutcome): CheckResult {
  const icmp = probe.checks.find((c) => c.protocol === 'Icmp');
  return {
    ...spec,
    source: probe.source,
    destination: probe.destination,
    passed: icmp?.diagnosis.ok === true,
    trafficFlows: probe.trafficFlows,
    protocols: probe.checks.map((c) => ({ protocol: c.protocol, ...(c.port !== undefined ? { port: c.port } : {}), status: c.result.connectionStatus ?? 'Unknown' })),
    diagnosis: probe.diagnosis,
    ...(probe.checkFailure ? { failure: failureData(probe.checkFailure) } : {}),
  };
}

export async function probePairs(input: ProbePairsInput): Promise<ProbePairsOutput> {
  try {
    return await probeAll(input);
  } catch (error) {
    // A bug must not fail the orchestration (its tickets would be lost): every check reports it.
    const failure: FailureData = { kind: 'permanent', code: 'UnexpectedError', message: (error as Error).message ?? String(error), status: 0, target: 'probePairs' };
    return { results: input.pairs.map((pair) => ({ pairKey: pair.pairKey, vnetIds: pair.vnetIds, passed: false, checks: pair.checks.map((c) => notRun(c, failure)) })) };
  }
}

async function probeAll(input: ProbePairsInput): Promise<ProbePairsOutput> {
  const specs = input.pairs.flatMap((pair) => pair.checks);
  const vnetIds = [...new Map(specs.flatMap((c) => [c.sourceVnetId, c.destinationVnetId]).map((id) => [resourceKey(id), id])).values()];
  const listed = await listProbeVmsOf(vnetIds);
  const subscriptions = [...new Set(specs.map((c) => parseVnetId(c.sourceVnetId).subscriptionId.toLowerCase()))];
  const watchers = new Map<string, readonly NetworkWatcherRef[] | FailureData>();
  for (const sub of subscriptions) {
    const result = await listNetworkWatchers(sub);
    watchers.set(sub, result.ok ? result.watchers : failureData(result.failure));
  }
  const limit = pLimit(PARALLEL_CHECKS);
  const vmsOf = (vnetId: string): readonly ProbeVm[] => (listed.ok ? (listed.byVnet[resourceKey(vnetId)] ?? []) : []);
  const run = (spec: ProbeCheckSpec): Promise<CheckResult> =>
    limit(async () => {
      if (!listed.ok) return notRun(spec, failureData(listed.failure));
      const found = watchers.get(parseVnetId(spec.sourceVnetId).subscriptionId.toLowerCase());
      if (found && !Array.isArray(found)) return notRun(spec, found as FailureData);
      const result = await probeConnectivity({
        sourceVnetId: spec.sourceVnetId,
        destinationVnetId: spec.destinationVnetId,
        ...(spec.destinationPrefix ? { destinationPrefix: spec.destinationPrefix } : {}),
        snapshots: input.snapshots,
        sourceVms: vmsOf(spec.sourceVnetId),
        destinationVms: vmsOf(spec.destinationVnetId),
        ...(found ? { networkWatchers: found as readonly NetworkWatcherRef[] } : {}),
      });
      return result.ok ? checkResult(spec, result.probe) : notRun(spec, failureData(result.failure));
    });
  const results: PairProbeResult[] = await Promise.all(
    input.pairs.map(async (pair) => {
      const checks = await Promise.all(pair.checks.map(run));
      return { pairKey: pair.pairKey, vnetIds: pair.vnetIds, passed: checks.length > 0 && checks.every((c) => c.passed), checks };
    }),
  );
  return { results };
}
