/**
 * `VirtualNetworkPeerings_CreateOrUpdate` and `_Delete`, with ARM's refusals: self-peering, overlapping
 * spaces (`VnetAddressSpacesOverlap`, `VnetAddressSpaceOverlapsWithAlreadyPeeredVnet`), a remote link left
 * `Disconnected` (`RemotePeeringIsDisconnected`), `useRemoteGateways` without a remote gateway
 * (`RemoteVnetHasNoGateways`), the VNet lock (409 `AnotherOperationInProgress`), a remote VNet still
 * `Updating` (400 `ReferencedResourceNotProvisioned`), and RBAC's linked check of `peer/action` on the remote.
 *
 * `syncRemoteAddressSpace=true` copies the remote VNet's current space into this link: on the
 * `LocalNotInSync` side that brings both sides to `FullyInSync`; on the `RemoteNotInSync` side it changes
 * nothing, as in Azure.
 */
import { overlappingPrefixes } from '../cidr.js';
import type { EmulatorEnv } from '../emulatorEnv.js';
import {
  cannotPeerWithItself,
  changingRemoteVirtualNetworkNotAllowed,
  invalidResourceReference,
  referencedResourceNotProvisioned,
  remotePeeringIsDisconnected,
  remoteVirtualNetworkRequired,
  remoteVnetHasNoGateways,
  vnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
  vnetAddressSpacesOverlap,
} from '../errors.js';
import type { ArmResponse } from '../http.js';
import { sameId } from '../ids.js';
import type { Peering, VirtualNetwork } from '../model.js';
import type { RouteContext } from '../router.js';
import { parseBody, parseJson } from '../schemas/parseBody.js';
import { peeringSchema } from '../schemas/virtualNetwork.js';
import { acceptedDelete, acceptedWrite, callerOf, checkPreconditions, checkVnetLock, newEtag, validateName, withFault } from './common.js';
import { reverseLink } from './peeringStatus.js';
import { peeringToWire } from './virtualNetworkWire.js';

export const peeringWriteAction = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write';
export const peerAction = 'Microsoft.Network/virtualNetworks/peer/action';
const echoedPeeringProperties = ['remoteBgpCommunities', 'localSubnetNames', 'remoteSubnetNames'] as const;

function isPeeringOperation(operationName: string): boolean {
  return operationName.includes('/virtualNetworkPeerings/');
}

/** NRP's internal name of the operation that holds a VNet, as its error messages quote it. */
function lastOperationName(operationName: string): string {
  if (operationName.endsWith('virtualNetworkPeerings/write')) return 'PutVirtualNetworkPeeringOperation';
  if (operationName.endsWith('virtualNetworkPeerings/delete')) return 'DeleteVirtualNetworkPeeringOperation';
  if (operationName.endsWith('subnets/write')) return 'PutSubnetOperation';
  if (operationName.endsWith('subnets/delete')) return 'DeleteSubnetOperation';
  return 'PutVirtualNetworkOperation';
}

/** Marks the link from the remote VNet back to `vnet` Disconnected (its other side is going away). */
export function disconnectReverse(env: EmulatorEnv, vnet: VirtualNetwork, link: Peering): void {
  const remote = env.store.vnet(link.remoteVirtualNetworkId);
  const reverse = remote ? reverseLink(remote, vnet.id) : undefined;
  if (remote && reverse && !reverse.disconnected) {
    reverse.disconnected = true;
    remote.etag = newEtag(env);
    env.store.changed();
  }
}

/** VNets linked with `vnet` in either direction, except `except`. */
function linkedVnets(env: EmulatorEnv, vnet: VirtualNetwork, except: VirtualNetwork): VirtualNetwork[] {
  const out = new Map<string, VirtualNetwork>();
  for (const link of vnet.peerings) {
    const other = env.store.vnet(link.remoteVirtualNetworkId);
    if (other) out.set(other.id.toLowerCase(), other);
  }
  for (const { vnet: other } of env.store.linksPointingAt(vnet.id)) out.set(other.id.toLowerCase(), other);
  out.delete(except.id.toLowerCase());
  return [...out.values()];
}

function checkOverlaps(env: EmulatorEnv, peeringId: string, local: VirtualNetwork, remote: VirtualNetwork): void {
  const direct = overlappingPrefixes(local.addressPrefixes, remote.addressPrefixes);
  if (direct.length) throw vnetAddressSpacesOverlap(peeringId, local.id, remote.id, direct);
  for (const third of linkedVnets(env, remote, local)) {
    const overlap = overlappingPrefixes(local.addressPrefixes, third.addressPrefixes);
    if (overlap.length) throw vnetAddressSpaceOverlapsWithAlreadyPeeredVnet(peeringId, local.id, remote.id, third.id, overlap);
  }
  for (const third of linkedVnets(env, local, remote)) {
    const overlap = overlappingPrefixes(remote.addressPrefixes, third.addressPrefixes);
    if (overlap.length) throw vnetAddressSpaceOverlapsWithAlreadyPeeredVnet(peeringId, remote.id, local.id, third.id, overlap);
  }
}

/** Handles the PUT. */
export function putPeering({ req, params, env }: RouteContext): ArmResponse {
  const { subscriptionId = '', resourceGroupName = '', virtualNetworkName = '', virtualNetworkPeeringName: name = '' } = params;
  validateName(name, 80);
  const vnet = env.store.requireVnet(subscriptionId, resourceGroupName, virtualNetworkName);
  const body = parseBody(peeringSchema, parseJson(req.rawBody));
  const props = body.properties ?? {};
  const peeringId = `${vnet.id}/virtualNetworkPeerings/${name}`;
  const remoteId = props.remoteVirtualNetwork?.id;
  if (!remoteId) throw remoteVirtualNetworkRequired(peeringId);
  const existing = vnet.peerings.find((p) => p.name.toLowerCase() === name.toLowerCase());
  checkPreconditions(req, existing ? vnet.etag : undefined, peeringId);
  env.authorizeLinked(req, peeringWriteAction, peeringId, peerAction, remoteId);
  if (existing && !sameId(existing.remoteVirtualNetworkId, remoteId)) throw changingRemoteVirtualNetworkNotAllowed(peeringId);
  if (sameId(remoteId, vnet.id)) throw cannotPeerWithItself(peeringId, vnet.id);
  // The local VNet busy with its own (VNet or subnet) write: the peering cannot use it yet (400); busy with
  // another peering write: the VNet lock (409).
  const localBusy = env.operations.activeOn(vnet.id);
  if (localBusy && !isPeeringOperation(localBusy.operationName)) throw referencedResourceNotProvisioned(vnet.id, peeringId, 'Updating', lastOperationName(localBusy.operationName));
  checkVnetLock(env, req, vnet);
  const remote = env.store.vnet(remoteId);
  if (!remote) throw invalidResourceReference(remoteId, peeringId);
  const remoteBusy = env.operations.activeOn(remote.id);
  if (remoteBusy) throw referencedResourceNotProvisioned(remote.id, peeringId, 'Updating', lastOperationName(remoteBusy.operationName));
  const reverse = reverseLink(remote, vnet.id);
  if (reverse?.disconnected) throw remotePeeringIsDisconnected(peeringId, `${remote.id}/virtualNetworkPeerings/${reverse.name}`, vnet.id);
  checkOverlaps(env, peeringId, vnet, remote);
  if (props.useRemoteGateways && !remote.hasGateway) throw remoteVnetHasNoGateways(peeringId, remote.id);

  const sync = (req.query.get('syncRemoteAddressSpace') ?? '').toLowerCase() === 'true';
  const link: Peering = existing ?? {
    name,
    remoteVirtualNetworkId: remote.id,
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: false,
    allowGatewayTransit: false,
    useRemoteGateways: false,
    doNotVerifyRemoteGateways: false,
    remotePeeredPrefixes: [...remote.addressPrefixes],
    disconnected: false,
    resourceGuid: reverse?.resourceGuid ?? env.rng.uuid(),
    provisioningState: 'Updating',
    extra: {},
  };
  link.allowVirtualNetworkAccess = props.allowVirtualNetworkAccess ?? true;
  link.allowForwardedTraffic = props.allowForwardedTraffic ?? false;
  link.allowGatewayTransit = props.allowGatewayTransit ?? false;
  link.useRemoteGateways = props.useRemoteGateways ?? false;
  link.doNotVerifyRemoteGateways = props.doNotVerifyRemoteGateways ?? false;
  link.extra = {};
  for (const key of echoedPeeringProperties) if (props[key] !== undefined) link.extra[key] = props[key];
  if (existing && (sync || existing.disconnected)) link.remotePeeredPrefixes = [...remote.addressPrefixes];
  if (existing?.disconnected) {
    // Re-putting a Disconnected link takes it back to Initiated (RemotePeeringIsDisconnected's advice).
    link.disconnected = false;
    link.resourceGuid = env.rng.uuid();
  }
  link.provisioningState = 'Updating';
  if (!existing) vnet.peerings.push(link);
  vnet.etag = newEtag(env);
  if (reverse) remote.etag = newEtag(env);
  env.store.changed();
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'write',
    operationName: peeringWriteAction,
    resourceId: peeringId,
    subscriptionId,
    location: vnet.location,
    provider: 'Microsoft.Network',
    created: !existing,
    locks: [vnet.id],
    settles: [peeringId],
    ...withFault(req),
  });
  return acceptedWrite(env, req, operation, !existing, peeringToWire(env, vnet, link));
}

/** Handles the DELETE: the link goes, the other side's link turns Disconnected (no event for that). */
export function deletePeering({ req, params, env }: RouteContext): ArmResponse {
  const { subscriptionId = '', resourceGroupName = '', virtualNetworkName = '', virtualNetworkPeeringName: name = '' } = params;
  const vnet = env.store.requireVnet(subscriptionId, resourceGroupName, virtualNetworkName);
  const link = vnet.peerings.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!link) return { status: 204 };
  const peeringId = `${vnet.id}/virtualNetworkPeerings/${link.name}`;
  checkPreconditions(req, vnet.etag, peeringId);
  checkVnetLock(env, req, vnet);
  disconnectReverse(env, vnet, link);
  vnet.peerings = vnet.peerings.filter((p) => p !== link);
  vnet.etag = newEtag(env);
  env.store.changed();
  const operation = env.operations.start({
    caller: callerOf(req),
    kind: 'delete',
    operationName: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete',
    resourceId: peeringId,
    subscriptionId,
    location: vnet.location,
    provider: 'Microsoft.Network',
    created: false,
    locks: [vnet.id],
    ...withFault(req),
  });
  return acceptedDelete(env, req, operation);
}

/** A VNet is going away: every link pointing at it turns Disconnected. */
export function disconnectReverseOf(env: EmulatorEnv, vnet: VirtualNetwork): void {
  for (const { vnet: other, peering } of env.store.linksPointingAt(vnet.id)) {
    if (!peering.disconnected) {
      peering.disconnected = true;
      other.etag = newEtag(env);
    }
  }
  env.store.changed();
}
