/**
 * Activity `readWorld`: the VNet, every VNet it is or should be peered with (its peerings' remotes, the
 * remotes of its remembered pairs, and any asked for), the remembered pairs, and the pass's settings.
 * ARM economy: one GET per VNet (a VNet GET carries its peerings), one Table query.
 */
import { readVnetWithRemotes } from '../../azure/armReads.js';
import { listRememberedPairs } from '../../azure/storage/rememberedPairs.js';
import { sameResourceId } from '../../domain/resourceId.js';
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
    return {
      ok: true,
      readAt,
      snapshots: [...(read.vnet ? [read.vnet] : []), ...read.remotes],
      missing: read.missing,
      remembered,
      settings: { strategy: s.addressChangeStrategy, scope: s.scopeSubscriptions, maxParallelWrites: s.maxParallelWrites },
    };
  });
}
