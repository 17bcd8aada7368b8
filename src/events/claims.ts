/**
 * The caller of an ARM operation as Event Grid reports it: `data.claims` carries the token claims of the
 * request (`http://schemas.microsoft.com/identity/claims/objectidentifier`, or `oid` in v2 tokens), and
 * `data.authorization.evidence.principalId` the principal the role assignment matched.
 */

/** The objectidentifier claim URI used by ARM's event claims. */
export const OBJECT_ID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function claim(claims: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(claims)) {
    if (key.toLowerCase() === wanted && typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * The object id of whoever made the change: the objectidentifier claim, else `oid`, else the evidence's
 * `principalId`; `undefined` when the event does not say.
 */
export function callerObjectId(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  const claims = isRecord(data.claims) ? data.claims : {};
  const fromClaims = claim(claims, OBJECT_ID_CLAIM) ?? claim(claims, 'oid');
  if (fromClaims) return fromClaims;
  const authorization = isRecord(data.authorization) ? data.authorization : {};
  const evidence = isRecord(authorization.evidence) ? authorization.evidence : {};
  return typeof evidence.principalId === 'string' && evidence.principalId !== '' ? evidence.principalId : undefined;
}
