/**
 * Validation of a peering request before any write: checks that need no ARM read first
 * ({@link refusePeeringRequest}), then checks against the VNets as read ({@link refusePeeringOnState}).
 * Each refusal carries ARM's code where ARM has one (`VnetAddressSpacesOverlap`,
 * `VnetAddressSpaceOverlapsWithAlreadyPeeredVnet`, `RemoteVnetHasNoGateways`, `ResourceNotFound`),
 * else our own. Address-space changes are validated in `addressChangeRefusals.ts`.
 */
import { findOverlaps } from './cidr.js';
import type { PeeringOptions, VnetSnapshot } from './model.js';
import { peeringNameProblem } from './peeringName.js';
import type { Refusal } from './refusal.js';
import { displayName, outOfScope, refuse, vnetNotFound } from './refusal.js';
import { parseVnetId, peeringIdOf, sameResourceId, splitArmReference, tryParseVnetId } from './resourceId.js';

/** One side of a peering request: a VNet (id or ARM URL), an optional name, the options. */
export interface PeeringRequestSide {
  readonly vnet: string;
  readonly name?: string;
  readonly options: PeeringOptions;
  /** Tenant of the VNet when the caller states it. */
  readonly tenantId?: string;
}

/** A request to peer two VNets (`local` and `remote` are just the two ends; both sides are created). */
export interface PeeringRequest {
  readonly local: PeeringRequestSide;
  readonly remote: PeeringRequestSide;
}

/** What the app knows about itself, for static checks. */
export interface RequestContext {
  /** `SCOPE_SUBSCRIPTIONS` (any case). */
  readonly scopeSubscriptions: readonly string[];
  /** The app's tenant, when known (from its token). */
  readonly appTenantId?: string;
  /** The ARM endpoint the app talks to (`ARM_ENDPOINT`). */
  readonly armEndpoint?: string;
}

type End = 'local' | 'remote';
const ENDS: readonly End[] = ['local', 'remote'];
const other = (end: End): End => (end === 'local' ? 'remote' : 'local');

/** Checks that need no ARM read: ids, names, self-peering, scope, other tenant or cloud, gateway flags. */
export function refusePeeringRequest(request: PeeringRequest, ctx: RequestContext): Refusal[] {
  const refusals: Refusal[] = [];
  const ids: Partial<Record<End, string>> = {};
  for (const end of ENDS) {
    const side = request[end];
    const ref = splitArmReference(side.vnet);
    const parsed = tryParseVnetId(ref.id);
    if (!parsed) {
      refusals.push(refuse('InvalidResourceId', 400, end, `${end} '${side.vnet}' is not a virtual network id: expected /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/{vnetName}`));
      continue;
    }
    ids[end] = ref.id;
    const appHost = ctx.armEndpoint ? hostOf(ctx.armEndpoint) : undefined;
    if (ref.host && appHost && ref.host !== appHost) {
      refusals.push(refuse('CrossCloudPeeringNotSupported', 400, end, `VNet ${ref.id} is addressed through ${ref.host}, another cloud than the app's ${appHost}: peering across clouds is not possible`));
    }
    if (side.tenantId && ctx.appTenantId && side.tenantId.toLowerCase() !== ctx.appTenantId.toLowerCase()) {
      refusals.push(refuse('CrossTenantPeeringNotSupported', 400, end, `VNet ${ref.id} is in tenant ${side.tenantId}, not the app's tenant ${ctx.appTenantId}: cross-tenant peering needs auxiliary tokens and is not supported yet`));
    }
    if (!inScope(ctx.scopeSubscriptions, parsed.subscriptionId)) refusals.push(outOfScope(ref.id, parsed.subscriptionId, end));
    if (side.name !== undefined) {
      const problem = peeringNameProblem(side.name);
      if (problem) refusals.push(refuse('InvalidPeeringName', 400, `${end}.name`, `${problem} (side on ${parsed.name})`));
    }
  }
  if (ids.local && ids.remote && sameResourceId(ids.local, ids.remote)) {
    refusals.push(refuse('SelfPeeringNotAllowed', 400, 'remote', `VNet ${ids.local} cannot be peered with itself: a peering joins two different VNets`));
  }
  refusals.push(...gatewayFlagRefusals(request));
  return refusals;
}

function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether a subscription is in the allow-list (case-insensitive). */
function inScope(scope: readonly string[], subscriptionId: string): boolean {
  return scope.some((s) => s.toLowerCase() === subscriptionId.toLowerCase());
}

function gatewayFlagRefusals(request: PeeringRequest): Refusal[] {
  const refusals: Refusal[] = [];
  if (request.local.options.useRemoteGateways && request.remote.options.useRemoteGateways) {
    refusals.push(refuse('UseRemoteGatewaysOnBothSides', 400, 'remote.options.useRemoteGateways', `useRemoteGateways is set on both sides of ${request.local.vnet} ↔ ${request.remote.vnet}: only the side without a gateway may use the other's`));
    return refusals;
  }
  for (const end of ENDS) {
    const side = request[end];
    const there = request[other(end)];
    if (side.options.useRemoteGateways && !there.options.allowGatewayTransit) {
      refusals.push(refuse('RemoteGatewayTransitNotAllowed', 400, `${other(end)}.options.allowGatewayTransit`, `the side on ${displayName(side.vnet)} sets useRemoteGateways, so the side on ${displayName(there.vnet)} must set allowGatewayTransit: a VNet can only use a gateway the other side offers`));
    }
  }
  return refusals;
}

/** The VNets as read for a peering request; `undefined` = not found (404). */
export interface PeeringState {
  readonly local?: VnetSnapshot;
  readonly remote?: VnetSnapshot;
  /** VNets already peered with `local` (remotes of its peerings), as read. */
  readonly peersOfLocal?: readonly VnetSnapshot[];
  /** VNets already peered with `remote`, as read. */
  readonly peersOfRemote?: readonly VnetSnapshot[];
}

/** Checks against the VNets as read: existence, overlaps (ARM's rules), gateways, name clashes. */
export function refusePeeringOnState(request: PeeringRequest, state: PeeringState): Refusal[] {
  const local = state.local;
  const remote = state.remote;
  const missing: Refusal[] = [];
  if (!local) missing.push(vnetNotFound(splitArmReference(request.local.vnet).id, 'local'));
  if (!remote) missing.push(vnetNotFound(splitArmReference(request.remote.vnet).id, 'remote'));
  if (!local || !remote) return missing;

  const refusals: Refusal[] = [];
  const overlaps = findOverlaps(local.addressSpace, remote.addressSpace);
  if (overlaps.length > 0) {
    refusals.push(refuse('VnetAddressSpacesOverlap', 400, 'remote', `Virtual networks ${local.id} and ${remote.id} cannot be peered because their address spaces overlap. Overlapping address prefixes: ${overlaps.map((o) => `${o.a} and ${o.b}`).join(', ')}`));
  }
  refusals.push(...alreadyPeeredOverlaps(local, remote, state.peersOfRemote ?? [], 'local'));
  refusals.push(...alreadyPeeredOverlaps(remote, local, state.peersOfLocal ?? [], 'remote'));
  const vnets: Record<End, VnetSnapshot> = { local, remote };
  for (const end of ENDS) refusals.push(...gatewayStateRefusals(request, end, vnets[end], vnets[other(end)]), ...nameClash(request, end, vnets[end], vnets[other(end)]));
  return refusals;
}

/** `vnet` overlapping any VNet already peered with `with` (other than `vnet` itself). */
function alreadyPeeredOverlaps(vnet: VnetSnapshot, withVnet: VnetSnapshot, peersOfWith: readonly VnetSnapshot[], target: End): Refusal[] {
  const refusals: Refusal[] = [];
  for (const peer of peersOfWith) {
    if (sameResourceId(peer.id, vnet.id) || sameResourceId(peer.id, withVnet.id)) continue;
    const overlaps = findOverlaps(vnet.addressSpace, peer.addressSpace);
    if (overlaps.length === 0) continue;
    refusals.push(refuse('VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', 400, target, `Virtual networks ${vnet.id} and ${withVnet.id} cannot be peered because address space of the first virtual network overlaps with address space of virtual network ${peer.id} already peered with the second virtual network. Overlapping address prefixes: ${overlaps.map((o) => o.a).join(', ')}`));
  }
  return refusals;
}

function gatewayStateRefusals(request: PeeringRequest, end: End, vnet: VnetSnapshot, there: VnetSnapshot): Refusal[] {
  if (!request[end].options.useRemoteGateways) return [];
  const target = `${end}.options.useRemoteGateways`;
  const refusals: Refusal[] = [];
  if (!there.hasGateway) {
    refusals.push(refuse('RemoteVnetHasNoGateways', 400, target, `the peering on ${vnet.name} cannot have useRemoteGateways set to true because remote virtual network ${there.id} does not have any gateways`));
  }
  if (vnet.hasGateway) {
    refusals.push(refuse('UseRemoteGatewaysWithLocalGateway', 400, target, `${vnet.name} has its own gateway, so its peering cannot use the remote one (useRemoteGateways): remove the flag or the local gateway`));
  }
  const already = vnet.peerings.find((p) => p.options.useRemoteGateways && !sameResourceId(p.remoteVnetId, there.id));
  if (already) {
    refusals.push(refuse('UseRemoteGatewaysAlreadySet', 400, target, `${vnet.name} already uses the gateway of ${already.remoteVnetId} (peering ${already.name}): only one peering of a VNet may set useRemoteGateways`));
  }
  return refusals;
}

function nameClash(request: PeeringRequest, end: End, vnet: VnetSnapshot, there: VnetSnapshot): Refusal[] {
  const name = request[end].name;
  if (name === undefined) return [];
  const clash = vnet.peerings.find((p) => p.name.toLowerCase() === name.toLowerCase() && !sameResourceId(p.remoteVnetId, there.id));
  if (!clash) return [];
  return [refuse('PeeringNameInUse', 409, `${end}.name`, `peering ${peeringIdOf(vnet.id, name)} already exists and points at ${clash.remoteVnetId}: a peering cannot be re-pointed; choose another name`)];
}

/**
 * All refusals of a peering request: the static ones first; when there are none, those against the state.
 * Empty = the request may proceed.
 */
export function validatePeeringRequest(request: PeeringRequest, ctx: RequestContext, state: PeeringState): Refusal[] {
  const staticRefusals = refusePeeringRequest(request, ctx);
  return staticRefusals.length > 0 ? staticRefusals : refusePeeringOnState(request, state);
}

/** Subscription id of a VNet reference, for callers that read before validating. Throws `ResourceIdError`. */
export function subscriptionOf(reference: string): string {
  return parseVnetId(splitArmReference(reference).id).subscriptionId;
}
