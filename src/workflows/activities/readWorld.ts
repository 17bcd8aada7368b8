/**
 * Activity `readWorld`: the VNet, every VNet it is or should be peered with (its peerings' remotes, the
 * remotes of its remembered pairs, and any asked for), the remembered pairs, and the pass's settings.
 * ARM economy: one GET per VNet (a VNet GET carries its peerings), one Table query.
 */
import { readVnets, readVnetWithRemotes } from '../../azure/armReads.js';
import { listRememberedPairs } from '../../azure/storage/rememberedPairs.js';
import type { DesiredPair } from '../../domain/desired.js';
import type { VnetSnapshot } from '../../domain/model.js';
import { resourceKey, sameResourceId } from '../../domain/resourceId.js';
import { topologyPairsOf } from '../../domain/topology.js';
import { loadTopology } from './loadTopology.js';
import type { ReadWorldInput, ReadWorldOutput } from '../reconcile/activityTypes.js';
import { appTables, failureData, guarded, settings } from './activitySupport.js';

export async function readWorld(input: ReadWorldInput): Promise<ReadWorldOutput> {
  return guarded<ReadWorldOutput>(input.vnetId, async () => {
    const s = settings();
    const readAt = new Date().toISOString();
    const remembered = await listRememberedPairs(input.vnetId, { table: appTables(s).rememberedPairs });
    const remotes = remembered.map((p) => (sameResourceId(p.a.vnetId, input.vnetId) ? p.b.vnetId : p.a.vnetId));
    const read = await readVnetWithRemotes(input.vnetId, { alsoRead: [...remotes, ...(input.alsoRead ?? [])] });
    if (!read.ok) return { ok: false, failure: failureData(read.failure) };
    const snapshots = [...(read.vnet ? [read.vnet] : []), ...read.remotes];
    const missing = [...read.missing];
    let topology: DesiredPair[] | undefined;
    if (s.topologyFile && read.vnet) {
      topology = await topologyPairs(s.topologyFile, read.vnet);
      // A hub or named member not yet peered: one more GET each.
      const known = new Set([...snapshots.map((v) => resourceKey(v.id)), ...missing.map(resourceKey)]);
      const extra = [...new Set(topology.flatMap((p) => [p.a.vnetId, p.b.vnetId]).filter((id) => !known.has(resourceKey(id))))];
      if (extra.length > 0) {
        const more = await readVnets(extra);
        if (!more.ok) return { ok: false, failure: failureData(more.failure) };
        snapshots.push(...more.vnets);
        missing.push(...more.missing);
      }
    }
    return {
      ok: true,
      readAt,
      snapshots,
      missing,
      remembered,
      ...(topology ? { topology } : {}),
      settings: { strategy: s.addressChangeStrategy, scope: s.scopeSubscriptions, maxParallelWrites: s.maxParallelWrites },
    };
  });
}

/** The VNet's topology pairs; a topology file that cannot be read or is invalid gives none (the audit reports it). */
async function topologyPairs(file: string, vnet: VnetSnapshot): Promise<DesiredPair[]> {
  try {
    return topologyPairsOf((await loadTopology(file)).groups, vnet);
  } catch (error) {
    console.warn(`${vnet.id}: the topology file is not used for this pass: ${(error as Error).message}`);
    return [];
  }
}
