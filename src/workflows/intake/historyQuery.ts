/**
 * `GET /api/history?vnet=<VNet id>[&limit=N]`: the VNet's audit trail, newest first — every write the app
 * made (before → after, ARM correlation id), every pass (trigger, who, plan, waits, probes).
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { isSubscriptionInScope } from '../../config/settings.js';
import { listHistory } from '../../azure/storage/auditTrail.js';
import { tryParseVnetId, VNET_ID_SHAPE } from '../../domain/resourceId.js';
import { appTables, settings } from '../activities/activitySupport.js';
import { errorAnswer } from './httpAnswers.js';

export async function historyQuery(request: HttpRequest): Promise<HttpResponseInit> {
  const vnetId = request.query.get('vnet') ?? '';
  const ref = tryParseVnetId(vnetId);
  if (!ref) return errorAnswer(400, 'InvalidResourceId', `'${vnetId}' is not a virtual network id: give ?vnet=${VNET_ID_SHAPE}`, 'vnet');
  const limitText = request.query.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return errorAnswer(400, 'InvalidLimit', `limit must be a whole number from 1 to 1000, not '${limitText}'`, 'limit');
  const s = settings();
  if (!isSubscriptionInScope(s.scopeSubscriptions, ref.subscriptionId)) {
    return errorAnswer(403, 'SubscriptionOutOfScope', `subscription ${ref.subscriptionId} of ${ref.name} is not in SCOPE_SUBSCRIPTIONS: the app keeps no history for it`, 'vnet');
  }
  const records = await listHistory(vnetId, { limit, table: appTables(s).auditTrail });
  return { status: 200, jsonBody: { vnetId, records } };
}
