/**
 * Reads with ARM economy: a VNet GET carries its subnets and peerings inline, so reading a VNet and its
 * remotes costs one GET each and never a per-peering GET; an audit lists per subscription, paged.
 * Results are values ({@link ArmResult}); a 404 is not a failure but `null` / `missing`.
 */
import pLimit from 'p-limit';
import type { VnetSnapshot } from '../domain/model.js';
import { parseVnetId, resourceKey } from '../domain/resourceId.js';
import { armClientsFromEnv, type ArmClients } from './armClients.js';
import { armCall, isNotFound, mostPressingFailure, type ArmFailure, type ArmResult } from './armErrors.js';
import { toVnetSnapshot } from './armSnapshots.js';

/** Options every read takes. */
export interface ArmReadOptions {
  /** The client factory; default the process-wide one from the app settings. */
  readonly clients?: ArmClients;
}

/** Default cap on parallel GETs of {@link readVnets}. */
export const DEFAULT_READ_CONCURRENCY = 8;

/** Reads one VNet with its peerings (one GET). `vnet: null` when it does not exist (404). */
export async function readVnet(vnetId: string, options: ArmReadOptions = {}): Promise<ArmResult<{ vnet: VnetSnapshot | null }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const ref = parseVnetId(vnetId);
  const result = await armCall(vnetId, async () => {
    const network = await clients.network(ref.subscriptionId);
    return { vnet: toVnetSnapshot(await network.virtualNetworks.get(ref.resourceGroup, ref.name)) };
  });
  if (!result.ok && isNotFound(result.failure)) return { ok: true, vnet: null };
  return result;
}

/**
 * Reads several VNets in parallel (at most `concurrency` GETs at once; ids de-duplicated case-insensitively).
 * `vnets` in the order asked, `missing` the ids that do not exist. Any other failure fails the whole read
 * (the most pressing one: a permanent failure, else the longest wait), because a VNet that could not be
 * read must never look like a VNet that is gone.
 */
export async function readVnets(
  vnetIds: readonly string[],
  options: ArmReadOptions & { readonly concurrency?: number } = {},
): Promise<ArmResult<{ vnets: VnetSnapshot[]; missing: string[] }>> {
  const unique = [...new Map(vnetIds.map((id) => [resourceKey(id), id])).values()];
  const limit = pLimit(options.concurrency ?? DEFAULT_READ_CONCURRENCY);
  const results = await Promise.all(unique.map((id) => limit(() => readVnet(id, options))));
  const failures: ArmFailure[] = [];
  const vnets: VnetSnapshot[] = [];
  const missing: string[] = [];
  results.forEach((result, i) => {
    if (!result.ok) failures.push(result.failure);
    else if (result.vnet) vnets.push(result.vnet);
    else missing.push(unique[i] as string);
  });
  const failure = mostPressingFailure(failures);
  return failure ? { ok: false, failure } : { ok: true, vnets, missing };
}

/**
 * Reads a VNet and every VNet it is (or should be) peered with: one GET for the VNet, then one GET per
 * remote — the remotes its peerings name plus `alsoRead` (remotes of desired pairs that have no side yet),
 * de-duplicated. A VNet and its 3 remotes cost exactly 4 resource reads. `vnet: null` when the VNet does
 * not exist (the `alsoRead` VNets are still read); `missing` lists remotes that do not exist.
 */
export async function readVnetWithRemotes(
  vnetId: string,
  options: ArmReadOptions & { readonly alsoRead?: readonly string[]; readonly concurrency?: number } = {},
): Promise<ArmResult<{ vnet: VnetSnapshot | null; remotes: VnetSnapshot[]; missing: string[] }>> {
  const own = await readVnet(vnetId, options);
  if (!own.ok) return own;
  const ownKey = resourceKey(vnetId);
  const remoteIds = [...(own.vnet?.peerings.map((p) => p.remoteVnetId) ?? []), ...(options.alsoRead ?? [])].filter((id) => id && resourceKey(id) !== ownKey);
  const remotes = await readVnets(remoteIds, options);
  if (!remotes.ok) return remotes;
  return { ok: true, vnet: own.vnet, remotes: remotes.vnets, missing: remotes.missing };
}

/**
 * Lists every VNet of a subscription, peerings inline, page by page (`VirtualNetworks_ListAll` with
 * `nextLink`). `onPage` sees each page as it arrives (an audit can stream pages to blob storage instead of
 * holding them); the result still carries all VNets unless `keep: false`.
 */
export async function listVnets(
  subscriptionId: string,
  options: ArmReadOptions & { readonly onPage?: (vnets: VnetSnapshot[]) => void | Promise<void>; readonly keep?: boolean } = {},
): Promise<ArmResult<{ vnets: VnetSnapshot[]; count: number; pages: number }>> {
  const clients = options.clients ?? armClientsFromEnv();
  return armCall(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/virtualNetworks`, async () => {
    const network = await clients.network(subscriptionId);
    const vnets: VnetSnapshot[] = [];
    let count = 0;
    let pages = 0;
    for await (const page of network.virtualNetworks.listAll().byPage()) {
      const snapshots = page.map(toVnetSnapshot);
      pages++;
      count += snapshots.length;
      await options.onPage?.(snapshots);
      if (options.keep !== false) vnets.push(...snapshots);
    }
    return { vnets, count, pages };
  });
}

/**
 * Lists the VNets of one resource group, peerings inline, page by page (`VirtualNetworks_List` with
 * `nextLink`). A resource group that does not exist (404) holds no VNets: `vnets: []`.
 */
export async function listVnetsInResourceGroup(
  subscriptionId: string,
  resourceGroup: string,
  options: ArmReadOptions = {},
): Promise<ArmResult<{ vnets: VnetSnapshot[]; pages: number }>> {
  const clients = options.clients ?? armClientsFromEnv();
  const result = await armCall(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks`, async () => {
    const network = await clients.network(subscriptionId);
    const vnets: VnetSnapshot[] = [];
    let pages = 0;
    for await (const page of network.virtualNetworks.list(resourceGroup).byPage()) {
      pages++;
      vnets.push(...page.map(toVnetSnapshot));
    }
    return { vnets, pages };
  });
  if (!result.ok && isNotFound(result.failure)) return { ok: true, vnets: [], pages: 0 };
  return result;
}
