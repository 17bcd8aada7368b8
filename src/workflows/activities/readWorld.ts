/**
 * Activity `readWorld`: the VNet, every VNet it is or should be peered with (its peerings' remotes, the
 * remotes of its remembered pairs, any asked for, and its topology pairs' other ends), the remembered pairs,
 * and the pass's settings. ARM economy: one GET per VNet (a VNet GET carries its peerings), one Table query;
 * with a topology file whose tag or resource-group selectors pick the VNet's peers, one paged list per
 * subscription (or resource group) of those selectors instead of a GET per member it finds; and one more GET of
 * the VNet when its peers show it changed after it was read (`domain/tornRead.ts`).
 */
import { readVnet, readVnets } from '../../azure/armReads.js';
import { describeArmFailure } from '../../azure/armErrors.js';
import { listMemberCandidates } from '../../azure/listMemberCandidates.js';
import { listRememberedPairs } from '../../azure/storage/rememberedPairs.js';
import type { DesiredPair } from '../../domain/desired.js';
import type { VnetSnapshot } from '../../domain/model.js';
import { resourceKey, sameResourceId } from '../../domain/resourceId.js';
import { readBeforeItsPeers } from '../../domain/tornRead.js';
import type { TopologyGroup } from '../../domain/topology.js';
import { memberListingOf, topologyPairsOf } from '../../domain/topology.js';
import { loadTopology } from './loadTopology.js';
import type { ReadWorldInput, ReadWorldOutput } from '../reconcile/activityTypes.js';
import { appTables, failureData, guarded, settings } from './activitySupport.js';

export async function readWorld(input: ReadWorldInput): Promise<ReadWorldOutput> {
  return guarded<ReadWorldOutput>(input.vnetId, async () => {
    const s = settings();
    const readAt = new Date().toISOString();
    const remembered = await listRememberedPairs(input.vnetId, { table: appTables(s).rememberedPairs });
    const own = await readVnet(input.vnetId);
    if (!own.ok) return { ok: false, failure: failureData(own.failure) };
    const vnet = own.vnet;

    let topology: DesiredPair[] | undefined;
    let listed: VnetSnapshot[] = [];
    const groups = s.topologyFile && vnet ? await topologyGroups(s.topologyFile, vnet) : undefined;
    if (groups && vnet) {
      const listing = memberListingOf(groups, vnet, s.scopeSubscriptions);
      if (listing.subscriptions.length + listing.resourceGroups.length > 0) {
        const candidates = await listMemberCandidates(listing);
        if (!candidates.ok) return { ok: false, failure: failureData(candidates.failure) };
        for (const skipped of candidates.skipped) console.warn(`${vnet.id}: a topology member list was skipped: ${describeArmFailure(skipped)}`);
        listed = candidates.vnets;
      }
      topology = topologyPairsOf(groups, vnet, listed);
    }

    // Every VNet the pass needs besides its own; those a list already returned cost nothing more.
    const ownKey = resourceKey(input.vnetId);
    const wanted = new Map<string, string>();
    const want = (id: string): void => {
      if (id && resourceKey(id) !== ownKey) wanted.set(resourceKey(id), id);
    };
    for (const peering of vnet?.peerings ?? []) want(peering.remoteVnetId);
    for (const pair of remembered) want(sameResourceId(pair.a.vnetId, input.vnetId) ? pair.b.vnetId : pair.a.vnetId);
    for (const id of input.alsoRead ?? []) want(id);
    for (const pair of topology ?? []) for (const id of [pair.a.vnetId, pair.b.vnetId]) want(id);
    const fromList = listed.filter((v) => wanted.has(resourceKey(v.id)));
    for (const v of fromList) wanted.delete(resourceKey(v.id));
    const read = await readVnets([...wanted.values()]);
    if (!read.ok) return { ok: false, failure: failureData(read.failure) };
    const peers = [...fromList, ...read.vnets];
    // The VNet changed between its GET and its peers' (tornRead.ts): plan from it as it is now.
    let current = vnet;
    if (vnet && readBeforeItsPeers(vnet, peers)) {
      const again = await readVnet(input.vnetId);
      if (!again.ok) return { ok: false, failure: failureData(again.failure) };
      current = again.vnet;
    }
    return {
      ok: true,
      readAt,
      snapshots: [...(current ? [current] : []), ...peers],
      missing: read.missing,
      remembered,
      ...(topology ? { topology } : {}),
      settings: { strategy: s.addressChangeStrategy, scope: s.scopeSubscriptions, maxParallelWrites: s.maxParallelWrites },
    };
  });
}

/** The topology's groups; a topology file that cannot be read or is invalid gives none (the audit reports it). */
async function topologyGroups(file: string, vnet: VnetSnapshot): Promise<readonly TopologyGroup[]> {
  try {
    return (await loadTopology(file)).groups;
  } catch (error) {
    console.warn(`${vnet.id}: the topology file is not used for this pass: ${(error as Error).message}`);
    return [];
  }
}
