/**
 * Which connectivity checks prove a pair: from a VM on each side to a VM on the other, and into every
 * newly routed prefix from the other side (a VM inside the prefix is the destination). Pairs adopted by a
 * pass are new to the app and get probed too, as does every desired pair when a probe was asked for.
 * Pure.
 */
import { cidrContains } from '../../domain/cidr.js';
import type { DesiredPair } from '../../domain/desired.js';
import type { VnetSnapshot } from '../../domain/model.js';
import type { ProbeStep } from '../../domain/planTypes.js';
import { resourceKey } from '../../domain/resourceId.js';
import type { PairProbeSpec, ProbeCheckSpec } from './activityTypes.js';
import type { WorldView } from './worldView.js';

function contains(space: readonly string[] | undefined, prefix: string): boolean {
  return (space ?? []).some((p) => {
    try {
      return cidrContains(p, prefix);
    } catch {
      return false;
    }
  });
}

/** The checks of one probe step, with the VNets as known now (to tell which side owns a new prefix). */
export function checksOf(probe: ProbeStep, vnet: (id: string) => VnetSnapshot | undefined): ProbeCheckSpec[] {
  const [a, b] = probe.vnetIds;
  const checks: ProbeCheckSpec[] = [
    { sourceVnetId: a, destinationVnetId: b },
    { sourceVnetId: b, destinationVnetId: a },
  ];
  for (const prefix of probe.extraDestinationPrefixes) {
    const owner = contains(vnet(a)?.addressSpace, prefix) ? a : contains(vnet(b)?.addressSpace, prefix) ? b : undefined;
    if (!owner) continue;
    checks.push({ sourceVnetId: owner === a ? b : a, destinationVnetId: owner, destinationPrefix: prefix });
  }
  return checks;
}

/** Probe specs for the steps, one per pair (steps for the same pair merge their prefixes). */
export function probeSpecs(probes: readonly ProbeStep[], view: WorldView): PairProbeSpec[] {
  const byPair = new Map<string, ProbeStep>();
  for (const probe of probes) {
    const known = byPair.get(probe.pairKey);
    byPair.set(
      probe.pairKey,
      known ? { ...known, extraDestinationPrefixes: [...new Set([...known.extraDestinationPrefixes, ...probe.extraDestinationPrefixes])].sort() } : probe,
    );
  }
  return [...byPair.values()].map((probe) => ({ pairKey: probe.pairKey, vnetIds: probe.vnetIds, reason: probe.reason, checks: checksOf(probe, (id) => view.vnet(id)) }));
}

/**
 * Probe steps for pairs the plan does not probe already: those adopted just now (new to the app), and,
 * when `all`, every desired pair of the VNet (a pair that is down gets its diagnosis).
 */
export function extraProbes(planned: readonly ProbeStep[], vnetId: string, adopted: readonly DesiredPair[], desired: readonly DesiredPair[], all: boolean): ProbeStep[] {
  const probed = new Set(planned.map((p) => p.pairKey));
  const extra: ProbeStep[] = [];
  const add = (pair: DesiredPair, reason: string): void => {
    if (probed.has(pair.key)) return;
    probed.add(pair.key);
    const remote = resourceKey(pair.a.vnetId) === resourceKey(vnetId) ? pair.b.vnetId : pair.a.vnetId;
    extra.push({ kind: 'probe', pairKey: pair.key, vnetIds: [vnetId, remote], extraDestinationPrefixes: [], reason });
  };
  for (const pair of adopted) add(pair, 'a new healthy pair: prove traffic flows before remembering it');
  if (all) for (const pair of desired) add(pair, 'a probe was asked for');
  return extra;
}
