/**
 * The VNets a topology's tag and resource-group selectors can pick, for one reconcile pass on the Event Grid
 * path: one paged `VirtualNetworks_ListAll` per subscription and one paged `VirtualNetworks_List` per resource
 * group of a {@link MemberListing} (the lists run in parallel), never a GET per VNet. A transient failure
 * fails the whole read (waiting helps, and a member that could not be listed must not look absent); a
 * permanent one (a subscription the app cannot list, say) skips that list and is reported, so one bad
 * selector does not stop every pass of the group's members — the audit reports the selector too.
 */
import type { VnetSnapshot } from '../domain/model.js';
import { resourceKey } from '../domain/resourceId.js';
import type { MemberListing } from '../domain/topology.js';
import type { ArmReadOptions } from './armReads.js';
import { listVnets, listVnetsInResourceGroup } from './armReads.js';
import type { ArmFailure, ArmResult } from './armErrors.js';
import { mostPressingFailure } from './armErrors.js';

/** The listed VNets (de-duplicated), how many list calls (pages) were made, and the lists skipped. */
export interface MemberCandidates {
  readonly vnets: VnetSnapshot[];
  readonly pages: number;
  readonly skipped: ArmFailure[];
}

export async function listMemberCandidates(listing: MemberListing, options: ArmReadOptions = {}): Promise<ArmResult<MemberCandidates>> {
  const results = await Promise.all([
    ...listing.subscriptions.map((sub) => listVnets(sub, options)),
    ...listing.resourceGroups.map((ref) => listVnetsInResourceGroup(ref.subscriptionId, ref.resourceGroup, options)),
  ]);
  const transient = mostPressingFailure(results.flatMap((r) => (!r.ok && r.failure.kind === 'transient' ? [r.failure] : [])));
  if (transient) return { ok: false, failure: transient };
  const vnets = new Map<string, VnetSnapshot>();
  let pages = 0;
  const skipped: ArmFailure[] = [];
  for (const result of results) {
    if (!result.ok) {
      skipped.push(result.failure);
      continue;
    }
    pages += result.pages;
    for (const vnet of result.vnets) vnets.set(resourceKey(vnet.id), vnet);
  }
  return { ok: true, vnets: [...vnets.values()], pages, skipped };
}
