/**
 * Which connectivity checks prove a pair: from a VM on each side to a VM on the other, and into every
 * newly routed prefix from the other side (a VM inside the prefix is the destination). Pairs adopted by a
 * pass are new to the app and get probed too, as does every desired pair when a probe was asked for.
 *
 * Newly routed prefixes come from the plan and, again, from the view after the writes: the pass reads its
 * VNet and then each peer, so a range added between those GETs shows only as the peer's sync level. The
 * plan (delete → re-create, or sync) then routes a prefix it never saw, and only the sides as the writes
 * left them tell. Pure.
 */
import { cidrContains, diffAddressSpace } from '../../domain/cidr.js';
import type { DesiredPair } from '../../domain/desired.js';
import type { PeeringSide, VnetSnapshot } from '../../domain/model.js';
import type { ProbeStep } from '../../domain/planTypes.js';
import { resourceKey, sameResourceId } from '../../domain/resourceId.js';
import type { PairProbeSpec, ProbeCheckSpec } from './activityTypes.js';
import { WorldView } from './worldView.js';

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
  // The owner of a prefix: the VNet whose space holds it as known now, else the one the other side routes
  // it to (the VNet itself may not have been read since the prefix was added).
  const routes = (local: string, remote: string, prefix: string): boolean => contains(sideOf(vnet, local, remote)?.remoteAddressSpace, prefix);
  for (const prefix of probe.extraDestinationPrefixes) {
    const owner = contains(vnet(a)?.addressSpace, prefix) ? a : contains(vnet(b)?.addressSpace, prefix) ? b : routes(b, a, prefix) ? a : routes(a, b, prefix) ? b : undefined;
    if (!owner) continue;
    checks.push({ sourceVnetId: owner === a ? b : a, destinationVnetId: owner, destinationPrefix: prefix });
  }
  return checks;
}

function sideOf(vnet: (id: string) => VnetSnapshot | undefined, local: string, remote: string): PeeringSide | undefined {
  return vnet(local)?.peerings.find((p) => sameResourceId(p.remoteVnetId, remote));
}

/**
 * Prefixes a side of the pair routes now (`view`, after the writes and waits) that the same side did not
 * route when the pass read it (`read`). A side new to the pass adds none: the pair's own checks prove it.
 */
export function routedSinceRead(vnetIds: readonly [string, string], read: (id: string) => VnetSnapshot | undefined, view: (id: string) => VnetSnapshot | undefined): string[] {
  const found = new Set<string>();
  for (const [local, remote] of [vnetIds, [vnetIds[1], vnetIds[0]]] as const) {
    const before = sideOf(read, local, remote);
    const now = sideOf(view, local, remote);
    if (!before || !now) continue;
    try {
      for (const p of diffAddressSpace(before.remoteAddressSpace, now.remoteAddressSpace).added) found.add(p);
    } catch {
      // Malformed prefixes from ARM: nothing reliable to add to the probe.
    }
  }
  return [...found];
}

/**
 * Probe specs for the steps, one per pair (steps for the same pair merge their prefixes), with every prefix
 * a side routes now and did not when `read` (the pass's first read; none given: the plan's prefixes only).
 */
export function probeSpecs(probes: readonly ProbeStep[], view: WorldView, read?: readonly VnetSnapshot[]): PairProbeSpec[] {
  const byPair = new Map<string, ProbeStep>();
  for (const probe of probes) {
    const known = byPair.get(probe.pairKey);
    byPair.set(
      probe.pairKey,
      known ? { ...known, extraDestinationPrefixes: [...new Set([...known.extraDestinationPrefixes, ...probe.extraDestinationPrefixes])].sort() } : probe,
    );
  }
  const before = read ? new WorldView(read) : undefined;
  return [...byPair.values()].map((probe) => {
    const routed = before ? routedSinceRead(probe.vnetIds, (id) => before.vnet(id), (id) => view.vnet(id)) : [];
    const prefixes = [...new Set([...probe.extraDestinationPrefixes, ...routed])].sort();
    return { pairKey: probe.pairKey, vnetIds: probe.vnetIds, reason: probe.reason, checks: checksOf({ ...probe, extraDestinationPrefixes: prefixes }, (id) => view.vnet(id)) };
  });
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
