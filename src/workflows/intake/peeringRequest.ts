/**
 * `POST /api/peerings` (peer two VNets) and `DELETE /api/peerings` (remove a pair on both sides and forget
 * it). Validation before any write: the body (strict schema), the rules that need no read (ids, scope,
 * self-peering, another tenant or cloud, names, gateway flags), then the rules against ARM as read (both
 * VNets exist, overlaps by ARM's rules, gateways, name clashes). Then `?dryRun=true` answers with the plan;
 * otherwise the request is queued to the local VNet's reconcile instance (202).
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { readVnets } from '../../azure/armReads.js';
import { armClientsFromEnv } from '../../azure/armClients.js';
import { desiredPair } from '../../domain/desired.js';
import type { VnetSnapshot } from '../../domain/model.js';
import type { Refusal } from '../../domain/refusal.js';
import { outOfScope, refuse } from '../../domain/refusal.js';
import type { PeeringRequest } from '../../domain/refusals.js';
import { refusePeeringOnState, refusePeeringRequest } from '../../domain/refusals.js';
import { resourceKey, sameResourceId, splitArmReference, tryParseVnetId, VNET_ID_SHAPE } from '../../domain/resourceId.js';
import { topologyPairsOf } from '../../domain/topology.js';
import { identityFromAccessToken } from '../../events/accessToken.js';
import { settings } from '../activities/activitySupport.js';
import { loadTopology } from '../activities/loadTopology.js';
import { requestTicket } from '../tickets.js';
import { acceptRequest } from './acceptRequest.js';
import { peeringRequestSchema, removePeeringRequestSchema } from './apiSchemas.js';
import { dryRunAnswer } from './dryRunAnswer.js';
import { isDryRun, readRequestBody, refuseDryRunQuery } from './readRequestBody.js';
import { armReadAnswer, refusalAnswer } from './requestAnswers.js';

function requester(request: HttpRequest): string | undefined {
  return request.headers.get('x-ms-client-principal-name') ?? undefined;
}

/** The app's tenant (`tid` of its ARM token), only asked for when a side states a tenant. */
async function appTenantId(): Promise<string | undefined> {
  const clients = armClientsFromEnv();
  const token = await (await clients.credential()).getToken(clients.scope);
  return token ? identityFromAccessToken(token.token).tenantId : undefined;
}

const find = (vnets: readonly VnetSnapshot[], id: string) => vnets.find((v) => sameResourceId(v.id, id));

/** `POST /api/peerings`. */
export async function createPeeringRequest(request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const query = refuseDryRunQuery(request);
  if (query) return refusalAnswer([query]);
  const body = await readRequestBody(request, peeringRequestSchema, 'a peering request');
  if (!body.ok) return refusalAnswer([body.refusal]);
  const s = settings();
  const { local, remote } = body.value;
  const peering: PeeringRequest = {
    local: { vnet: local.vnetId, options: { ...(local.options ?? {}) } as PeeringRequest['local']['options'], ...(local.name !== undefined ? { name: local.name } : {}), ...(local.tenantId ? { tenantId: local.tenantId } : {}) },
    remote: { vnet: remote.vnetId, options: { ...(remote.options ?? {}) } as PeeringRequest['remote']['options'], ...(remote.name !== undefined ? { name: remote.name } : {}), ...(remote.tenantId ? { tenantId: remote.tenantId } : {}) },
  };
  const tenant = local.tenantId || remote.tenantId ? await appTenantId() : undefined;
  const staticRefusals = refusePeeringRequest(peering, { scopeSubscriptions: s.scopeSubscriptions, armEndpoint: s.armEndpoint, ...(tenant ? { appTenantId: tenant } : {}) });
  if (staticRefusals.length > 0) return refusalAnswer(staticRefusals);

  // State: both VNets, and the VNets already peered with each (ARM's "already peered" overlap rule).
  const localId = splitArmReference(local.vnetId).id;
  const remoteId = splitArmReference(remote.vnetId).id;
  const read = await readVnets([localId, remoteId]);
  if (!read.ok) return armReadAnswer(read.failure, sameResourceId(read.failure.target, localId) ? 'local' : 'remote');
  const localVnet = find(read.vnets, localId);
  const remoteVnet = find(read.vnets, remoteId);
  const peerIds = [...(localVnet?.peerings ?? []), ...(remoteVnet?.peerings ?? [])].map((p) => p.remoteVnetId).filter((id) => !sameResourceId(id, localId) && !sameResourceId(id, remoteId));
  const peers = peerIds.length > 0 ? await readVnets(peerIds) : { ok: true as const, vnets: [], missing: [] };
  if (!peers.ok) return armReadAnswer(peers.failure, 'remote');
  const peersOf = (vnet: VnetSnapshot | undefined) => (vnet?.peerings ?? []).flatMap((p) => peers.vnets.filter((v) => resourceKey(v.id) === resourceKey(p.remoteVnetId)));
  const stateRefusals = refusePeeringOnState(peering, {
    ...(localVnet ? { local: localVnet } : {}),
    ...(remoteVnet ? { remote: remoteVnet } : {}),
    peersOfLocal: peersOf(localVnet),
    peersOfRemote: peersOf(remoteVnet),
  });
  if (stateRefusals.length > 0) return refusalAnswer(stateRefusals);

  // ARM's spelling of the ids; names and options defaulted now, so the ticket says exactly what is wanted.
  const a = (localVnet as VnetSnapshot).id;
  const b = (remoteVnet as VnetSnapshot).id;
  const pair = desiredPair({ vnetId: a, ...(local.name ? { name: local.name } : {}), options: local.options ?? {} }, { vnetId: b, ...(remote.name ? { name: remote.name } : {}), options: remote.options ?? {} }, 'request');
  const ticket = requestTicket(a, randomUUID(), { type: 'peer', pair }, new Date().toISOString(), requester(request));
  return isDryRun(request) ? dryRunAnswer(ticket) : acceptRequest(client, ticket, body.value);
}

/** Static checks of a removal: ids, scope, two different VNets. */
function refuseRemoval(localText: string, remoteText: string, scope: readonly string[]): Refusal[] {
  const refusals: Refusal[] = [];
  const ids: string[] = [];
  for (const [end, text] of [['local', localText], ['remote', remoteText]] as const) {
    const id = splitArmReference(text).id;
    const ref = tryParseVnetId(id);
    if (!ref) {
      refusals.push(refuse('InvalidResourceId', 400, `${end}.vnetId`, `${end} '${text}' is not a virtual network id: expected ${VNET_ID_SHAPE}`));
      continue;
    }
    ids.push(id);
    if (!scope.some((s) => s.toLowerCase() === ref.subscriptionId.toLowerCase())) refusals.push(outOfScope(id, ref.subscriptionId, `${end}.vnetId`));
  }
  if (ids.length === 2 && sameResourceId(ids[0] as string, ids[1] as string)) {
    refusals.push(refuse('SelfPeeringNotAllowed', 400, 'remote.vnetId', `VNet ${ids[0]} cannot be peered with itself, so there is no pair to remove`));
  }
  return refusals;
}

/** `DELETE /api/peerings`. */
export async function removePeeringRequest(request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const query = refuseDryRunQuery(request);
  if (query) return refusalAnswer([query]);
  const body = await readRequestBody(request, removePeeringRequestSchema, 'a peering removal');
  if (!body.ok) return refusalAnswer([body.refusal]);
  const refusals = refuseRemoval(body.value.local.vnetId, body.value.remote.vnetId, settings().scopeSubscriptions);
  if (refusals.length > 0) return refusalAnswer(refusals);
  const localId = splitArmReference(body.value.local.vnetId).id;
  const remoteId = splitArmReference(body.value.remote.vnetId).id;
  const read = await readVnets([localId]);
  if (!read.ok) return armReadAnswer(read.failure, 'local');
  const localVnet = find(read.vnets, localId);
  if (!localVnet) return refusalAnswer([refuse('ResourceNotFound', 404, 'local.vnetId', `The Resource 'Microsoft.Network/virtualNetworks/${tryParseVnetId(localId)?.name}' was not found (${localId}): there is no side to remove on it`)]);
  // The remote may be gone (its side with it); the local side is removed all the same.
  const remoteCanonical = localVnet.peerings.find((p) => sameResourceId(p.remoteVnetId, remoteId))?.remoteVnetId ?? remoteId;
  const wanted = await topologyWants(localVnet, remoteCanonical);
  if (wanted) return wanted;
  const ticket = requestTicket(localVnet.id, randomUUID(), { type: 'unpeer', vnetIds: [localVnet.id, remoteCanonical] }, new Date().toISOString(), requester(request));
  return isDryRun(request) ? dryRunAnswer(ticket) : acceptRequest(client, ticket, body.value);
}

/**
 * A pair the topology file asks for cannot be removed here: the next pass would create it again. Refused
 * (409) naming the group and the file, so the operator changes the file instead.
 */
async function topologyWants(local: VnetSnapshot, remoteId: string): Promise<HttpResponseInit | undefined> {
  const file = settings().topologyFile;
  if (!file) return undefined;
  const remote = await readVnets([remoteId]);
  if (!remote.ok) return armReadAnswer(remote.failure, 'remote');
  let groups;
  try {
    groups = (await loadTopology(file)).groups;
  } catch {
    return undefined; // an unreadable file asks for nothing (the audit reports it)
  }
  const pair = topologyPairsOf(groups, local, remote.vnets).find((p) => sameResourceId(p.a.vnetId, remoteId) || sameResourceId(p.b.vnetId, remoteId));
  if (!pair) return undefined;
  const name = (id: string) => tryParseVnetId(id)?.name ?? id;
  return refusalAnswer([
    refuse('PairInTopology', 409, 'remote.vnetId', `The pair ${name(local.id)} ↔ ${name(remoteId)} is wanted by group '${pair.group ?? '?'}' of the topology file (${file}): removing it here would be undone by the next pass. Change the topology file instead.`),
  ]);
}

