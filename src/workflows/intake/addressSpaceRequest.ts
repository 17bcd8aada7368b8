/**
 * `POST /api/vnets/{subscriptionId}/{resourceGroup}/{vnetName}/address-space`: add and/or remove prefixes
 * of a (peered) VNet — the seed's workflow done for the operator. Validation before any write: the body
 * (strict schema), prefixes valid and canonical, scope; then against ARM as read (the VNet and its peers):
 * exists, no overlap with itself or a peer, no removal of a range a subnet uses. `?dryRun=true` answers
 * with the plan; otherwise the change is queued to the VNet's reconcile instance (202), which makes it by
 * GET → modify → PUT with If-Match and syncs (or deletes and re-creates) the peerings.
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { readVnetWithRemotes } from '../../azure/armReads.js';
import { refuseAddressChange, refuseAddressChangeOnState } from '../../domain/addressChangeRefusals.js';
import { canonicalCidr } from '../../domain/cidr.js';
import { formatVnetId } from '../../domain/resourceId.js';
import { settings } from '../activities/activitySupport.js';
import { requestTicket } from '../tickets.js';
import { acceptRequest } from './acceptRequest.js';
import { addressSpaceRequestSchema } from './apiSchemas.js';
import { dryRunAnswer } from './dryRunAnswer.js';
import { isDryRun, readRequestBody, refuseDryRunQuery } from './readRequestBody.js';
import { armReadAnswer, refusalAnswer } from './requestAnswers.js';

export async function addressSpaceRequest(request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> {
  const { subscriptionId = '', resourceGroup = '', vnetName = '' } = request.params;
  const vnetId = formatVnetId({ subscriptionId, resourceGroup, name: vnetName });
  const query = refuseDryRunQuery(request);
  if (query) return refusalAnswer([query]);
  const body = await readRequestBody(request, addressSpaceRequestSchema, `the address-space change of ${vnetName}`);
  if (!body.ok) return refusalAnswer([body.refusal]);
  const check = { vnetId, add: body.value.add ?? [], remove: body.value.remove ?? [] };
  const staticRefusals = refuseAddressChange(check, settings().scopeSubscriptions);
  if (staticRefusals.length > 0) return refusalAnswer(staticRefusals);

  const read = await readVnetWithRemotes(vnetId);
  if (!read.ok) return armReadAnswer(read.failure, 'vnet');
  const stateRefusals = refuseAddressChangeOnState(check, { ...(read.vnet ? { vnet: read.vnet } : {}), peers: read.remotes });
  if (stateRefusals.length > 0) return refusalAnswer(stateRefusals);

  const vnet = read.vnet;
  if (!vnet) throw new Error(`unreachable: ${vnetId} passed the existence check`);
  const ticket = requestTicket(
    vnet.id,
    randomUUID(),
    { type: 'addressSpace', add: check.add.map(canonicalCidr), remove: check.remove.map(canonicalCidr), ...(body.value.strategy ? { strategy: body.value.strategy } : {}) },
    new Date().toISOString(),
    request.headers.get('x-ms-client-principal-name') ?? undefined,
  );
  return isDryRun(request) ? dryRunAnswer(ticket) : acceptRequest(client, ticket, body.value);
}
