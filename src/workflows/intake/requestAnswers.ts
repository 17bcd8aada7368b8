/**
 * Answers the HTTP API's request handlers share: a refusal as `{ error: { code, message, target } }` with
 * its status, and an ARM read that failed while validating (transient → 503 with `Retry-After`; another
 * tenant → the cross-tenant refusal; anything else → 502 naming ARM's code and the resource).
 */
import type { HttpResponseInit } from '@azure/functions';
import type { ArmFailure } from '../../azure/armErrors.js';
import type { Refusal } from '../../domain/refusal.js';
import { refusalBody } from '../../domain/refusal.js';
import { errorAnswer } from './httpAnswers.js';

/** The answer of the first refusal; every refusal is listed in `details` when there are several. */
export function refusalAnswer(refusals: readonly Refusal[]): HttpResponseInit {
  const first = refusals[0] as Refusal;
  const body = refusalBody(first);
  return { status: first.status, jsonBody: refusals.length > 1 ? { error: { ...body.error, details: refusals.map((r) => refusalBody(r).error) } } : body };
}

/** ARM codes that mean "this subscription belongs to another tenant than the app's token". */
const OTHER_TENANT = new Set(['InvalidAuthenticationTokenTenant', 'InvalidAuthenticationTokenAudience']);

/** The answer when reading ARM to validate a request failed. */
export function armReadAnswer(failure: ArmFailure, target: string): HttpResponseInit {
  if (OTHER_TENANT.has(failure.code)) {
    return errorAnswer(400, 'CrossTenantPeeringNotSupported', `${failure.target} belongs to another tenant than the app's (${failure.code}): cross-tenant peering needs auxiliary tokens and is not supported yet`, target);
  }
  if (failure.kind === 'transient') {
    const seconds = Math.max(1, Math.ceil((failure.retryAfterMs ?? 5000) / 1000));
    return { ...errorAnswer(503, failure.code, `reading ${failure.target} to validate the request failed for now (${failure.code}: ${failure.message}); nothing was changed: try again`, target), headers: { 'retry-after': String(seconds) } };
  }
  return errorAnswer(502, failure.code, `reading ${failure.target} to validate the request failed (${failure.code}, ${failure.status}: ${failure.message}); nothing was changed`, target);
}
