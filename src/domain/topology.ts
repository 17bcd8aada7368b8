/**
 * Desired topology: named groups of VNets (by id, by subscription + tag, by resource group) with a
 * connectivity (mesh, hub-spoke, explicit pairs) expand to desired pairs. Pure: membership is resolved
 * against an inventory the caller read; the file format and its schema live in `src/config`.
 */
import type { DesiredPair } from './desired.js';
import { desiredPair } from './desired.js';
import type { Inventory } from './inventory.js';
import type { PeeringOptions, VnetSnapshot } from './model.js';
import { sameOptions } from './model.js';
import { resourceKey, sameResourceId } from './resourceId.js';

/** How a group picks its members. Tag names compare case-insensitively (as in Azure), values exactly. */
export type MemberSelector =
  | { readonly ids: readonly string[] }
  | { readonly tag: { readonly name: string; readonly value: string }; readonly subscriptionId?: string }
  | { readonly resourceGroup: string; readonly subscriptionId: string };

/** Every member peers with every other member. */
export interface MeshConnectivity {
  readonly kind: 'mesh';
}

/** Every member (but the hub) peers with the hub. */
export interface HubSpokeConnectivity {
  readonly kind: 'hub-spoke';
  readonly hub: string;
  /** Spokes use the hub's gateway (`useRemoteGateways` on spoke → hub). Default false. */
  readonly spokesUseRemoteGateways?: boolean;
  /** The hub offers its gateway (`allowGatewayTransit` on hub → spoke). Default: `spokesUseRemoteGateways`. */
  readonly hubAllowGatewayTransit?: boolean;
}

/** Exactly the listed pairs. */
export interface PairsConnectivity {
  readonly kind: 'pairs';
  readonly pairs: readonly (readonly [string, string])[];
}

/** A named group of the topology. */
export interface TopologyGroup {
  readonly name: string;
  readonly members: readonly MemberSelector[];
  readonly connectivity: MeshConnectivity | HubSpokeConnectivity | PairsConnectivity;
  /** Options for every side of the group's pairs (gateway options of hub-spoke are set by the connectivity). */
  readonly options?: Partial<PeeringOptions>;
}

/** A pair asked for twice with different options; the first group wins. */
export interface TopologyConflict {
  readonly pairKey: string;
  readonly keptGroup: string;
  readonly droppedGroup: string;
  readonly message: string;
}

/** The expansion of a topology. */
export interface ExpandedTopology {
  readonly pairs: DesiredPair[];
  readonly conflicts: TopologyConflict[];
  /** Members and pair ends named by id that the inventory does not hold (reported; their pairs are still desired). */
  readonly unknownIds: string[];
}

function selects(selector: MemberSelector, vnet: VnetSnapshot): boolean {
  if ('ids' in selector) return selector.ids.some((id) => sameResourceId(id, vnet.id));
  const subOk = selector.subscriptionId === undefined || selector.subscriptionId.toLowerCase() === vnet.subscriptionId.toLowerCase();
  if ('tag' in selector) {
    const wanted = selector.tag.name.toLowerCase();
    const entry = Object.entries(vnet.tags).find(([name]) => name.toLowerCase() === wanted);
    return subOk && entry?.[1] === selector.tag.value;
  }
  return subOk && selector.resourceGroup.toLowerCase() === vnet.resourceGroup.toLowerCase();
}

/**
 * The member VNet ids of a group: inventory VNets any selector picks, plus ids listed explicitly even when
 * absent from the inventory. Sorted by lower-cased id, no duplicates.
 */
export function resolveMembers(group: TopologyGroup, inventory: Inventory): string[] {
  const found = new Map<string, string>();
  for (const vnet of inventory.vnets()) if (group.members.some((s) => selects(s, vnet))) found.set(resourceKey(vnet.id), vnet.id);
  for (const selector of group.members) {
    if ('ids' in selector) for (const id of selector.ids) if (!found.has(resourceKey(id))) found.set(resourceKey(id), id);
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, id]) => id);
}

/** Desired pairs of one group given its resolved members. Throws `ResourceIdError` on an id that is not a VNet id. */
export function expandGroup(group: TopologyGroup, members: readonly string[]): DesiredPair[] {
  const base = group.options ?? {};
  const c = group.connectivity;
  switch (c.kind) {
    case 'mesh':
      return members.flatMap((a, i) => members.slice(i + 1).map((b) => desiredPair({ vnetId: a, options: base }, { vnetId: b, options: base }, 'topology', group.name)));
    case 'hub-spoke': {
      const useRemote = c.spokesUseRemoteGateways ?? false;
      const transit = c.hubAllowGatewayTransit ?? useRemote;
      return members
        .filter((m) => !sameResourceId(m, c.hub))
        .map((spoke) =>
          desiredPair(
            { vnetId: c.hub, options: { ...base, allowGatewayTransit: transit, useRemoteGateways: false } },
            { vnetId: spoke, options: { ...base, useRemoteGateways: useRemote, allowGatewayTransit: false } },
            'topology',
            group.name,
          ),
        );
    }
    case 'pairs':
      return c.pairs.map(([a, b]) => desiredPair({ vnetId: a, options: base }, { vnetId: b, options: base }, 'topology', group.name));
  }
}

function samePairWish(x: DesiredPair, y: DesiredPair): boolean {
  const yForX = sameResourceId(x.a.vnetId, y.a.vnetId) ? [y.a, y.b] : [y.b, y.a];
  return sameOptions(x.a.options, yForX[0]!.options) && sameOptions(x.b.options, yForX[1]!.options);
}

/**
 * Expands every group against the inventory. A pair asked for by several groups is kept once: with the
 * same options silently, with different options as a {@link TopologyConflict} (the first group wins).
 * Self-pairs (a VNet with itself) are dropped.
 */
export function expandTopology(groups: readonly TopologyGroup[], inventory: Inventory): ExpandedTopology {
  const pairs = new Map<string, DesiredPair>();
  const conflicts: TopologyConflict[] = [];
  const unknown = new Map<string, string>();
  for (const group of groups) {
    const members = resolveMembers(group, inventory);
    const pairEnds = group.connectivity.kind === 'pairs' ? group.connectivity.pairs.flat() : [];
    const hub = group.connectivity.kind === 'hub-spoke' ? [group.connectivity.hub] : [];
    for (const id of [...members, ...pairEnds, ...hub]) if (!inventory.vnet(id)) unknown.set(resourceKey(id), id);
    for (const pair of expandGroup(group, members)) {
      if (sameResourceId(pair.a.vnetId, pair.b.vnetId)) continue;
      const kept = pairs.get(pair.key);
      if (!kept) {
        pairs.set(pair.key, pair);
      } else if (!samePairWish(kept, pair)) {
        conflicts.push({
          pairKey: pair.key,
          keptGroup: kept.group ?? '',
          droppedGroup: group.name,
          message: `groups '${kept.group}' and '${group.name}' both want ${pair.a.vnetId} ↔ ${pair.b.vnetId} with different options; '${kept.group}' wins`,
        });
      }
    }
  }
  const sorted = [...pairs.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
  return { pairs: sorted, conflicts, unknownIds: [...unknown.values()].sort() };
}

/** A resource group a member selector names. */
export interface ResourceGroupRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

/**
 * The lists that find a VNet's co-members picked by tag or resource group: `VirtualNetworks_ListAll` per
 * subscription, `VirtualNetworks_List` per resource group. Lower-cased, sorted, no duplicates; a resource
 * group whose subscription is listed whole is left out (the subscription's list holds it).
 */
export interface MemberListing {
  readonly subscriptions: readonly string[];
  readonly resourceGroups: readonly ResourceGroupRef[];
}

function isMember(group: TopologyGroup, vnet: VnetSnapshot): boolean {
  const c = group.connectivity;
  return (
    group.members.some((s) => selects(s, vnet)) ||
    (c.kind === 'hub-spoke' && sameResourceId(c.hub, vnet.id)) ||
    (c.kind === 'pairs' && c.pairs.some((pair) => pair.some((id) => sameResourceId(id, vnet.id))))
  );
}

/**
 * What must be listed so that {@link topologyPairsOf} knows every member the VNet should be peered with:
 * the tag and resource-group selectors of the groups where such members are the VNet's peers — a mesh it
 * belongs to, a hub-spoke it is the hub of. A spoke's only pair is its hub and a `pairs` group names its
 * pairs, so those need no list. A tag selector without a subscription is looked for in every subscription
 * of `scope` (as the audit does). Nothing to list: both arrays empty.
 */
export function memberListingOf(groups: readonly TopologyGroup[], vnet: VnetSnapshot, scope: readonly string[]): MemberListing {
  const subscriptions = new Set<string>();
  const groupsByKey = new Map<string, ResourceGroupRef>();
  for (const group of groups) {
    const c = group.connectivity;
    const peersWithMembers = c.kind === 'mesh' || (c.kind === 'hub-spoke' && sameResourceId(c.hub, vnet.id));
    if (!peersWithMembers || !isMember(group, vnet)) continue;
    for (const selector of group.members) {
      if ('ids' in selector) continue;
      if ('tag' in selector) {
        for (const sub of selector.subscriptionId === undefined ? scope : [selector.subscriptionId]) subscriptions.add(sub.toLowerCase());
      } else {
        const ref = { subscriptionId: selector.subscriptionId.toLowerCase(), resourceGroup: selector.resourceGroup.toLowerCase() };
        groupsByKey.set(`${ref.subscriptionId}/${ref.resourceGroup}`, ref);
      }
    }
  }
  const resourceGroups = [...groupsByKey.entries()]
    .filter(([, ref]) => !subscriptions.has(ref.subscriptionId))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, ref]) => ref);
  return { subscriptions: [...subscriptions].sort(), resourceGroups };
}

/**
 * The desired pairs of one VNet that the topology fixes without an inventory of the estate: for every group
 * the VNet belongs to (a selector picks it, it is the hub, or a listed pair names it), its pairs with the hub,
 * with members named by id, and with the `candidates` a selector picks — the VNets the caller listed as
 * {@link memberListingOf} says (on the Event Grid path), so a new VNet tagged into a mesh is peered with every
 * member at once, and a hub with its tagged spokes. Without candidates, members picked by tag or resource
 * group are not known here (the audit's listing finds them). The first group wins a pair asked for twice.
 */
export function topologyPairsOf(groups: readonly TopologyGroup[], vnet: VnetSnapshot, candidates: readonly VnetSnapshot[] = []): DesiredPair[] {
  const pairs = new Map<string, DesiredPair>();
  for (const group of groups) {
    const c = group.connectivity;
    if (!isMember(group, vnet)) continue;
    const named = group.members.flatMap((s) => ('ids' in s ? s.ids : []));
    const selected = candidates.filter((v) => group.members.some((s) => selects(s, v))).map((v) => v.id);
    const members = [...new Map([vnet.id, ...named, ...(c.kind === 'hub-spoke' ? [c.hub] : []), ...selected].map((id) => [resourceKey(id), id])).values()];
    for (const pair of expandGroup(group, members)) {
      if (sameResourceId(pair.a.vnetId, pair.b.vnetId)) continue;
      if (!sameResourceId(pair.a.vnetId, vnet.id) && !sameResourceId(pair.b.vnetId, vnet.id)) continue;
      if (!pairs.has(pair.key)) pairs.set(pair.key, pair);
    }
  }
  return [...pairs.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
}
