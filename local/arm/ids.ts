/**
 * ARM resource ids: building them with ARM's casing, and comparing them case-insensitively (ARM ids
 * differ in case between sources: `resourceGroups` vs `resourcegroups`).
 */

/** The parts of a resource id under a resource group. */
export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  /** `Microsoft.Network`, `Microsoft.Compute` … */
  provider: string;
  /** Type segments and names: `[['virtualNetworks', 'vnet1'], ['virtualNetworkPeerings', 'p1']]`. */
  path: Array<[string, string]>;
}

/** The case-insensitive key a resource is stored under. */
export function idKey(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}

/** Whether two ids name the same resource. */
export function sameId(a: string, b: string): boolean {
  return idKey(a) === idKey(b);
}

/** `/subscriptions/{sub}/resourceGroups/{rg}`. */
export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** Builds `/subscriptions/{sub}/resourceGroups/{rg}/providers/{provider}/{type}/{name}[/{type}/{name}…]`. */
export function resourceId(parts: ResourceIdParts): string {
  const tail = parts.path.map(([type, name]) => `${type}/${name}`).join('/');
  return `${resourceGroupId(parts.subscriptionId, parts.resourceGroup)}/providers/${parts.provider}/${tail}`;
}

/** Parses a resource id under a resource group; `undefined` when it is not one. */
export function parseResourceId(id: string): ResourceIdParts | undefined {
  const segments = id.replace(/^\/+|\/+$/g, '').split('/');
  if (segments.length < 6 || segments.length % 2 !== 0) return undefined;
  const [subs, subscriptionId, rgs, resourceGroup, providers, provider, ...rest] = segments;
  if (subs?.toLowerCase() !== 'subscriptions' || rgs?.toLowerCase() !== 'resourcegroups') return undefined;
  if (providers?.toLowerCase() !== 'providers' || !subscriptionId || !resourceGroup || !provider || rest.length === 0) return undefined;
  const path: Array<[string, string]> = [];
  for (let i = 0; i < rest.length; i += 2) path.push([rest[i] as string, rest[i + 1] as string]);
  return { subscriptionId, resourceGroup, provider, path };
}

/** The id of the parent resource of a child id (`…/virtualNetworks/v/virtualNetworkPeerings/p` → `…/virtualNetworks/v`). */
export function parentId(id: string): string {
  return id.replace(/\/[^/]+\/[^/]+\/?$/, '');
}

/** The last segment of an id: the resource's name. */
export function nameOf(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? '';
}
