/**
 * Reads the app's own identity from its ARM access token (a JWT): `oid` (object id, for the loop guard)
 * and `tid` (tenant). No signature check: the token came from our own credential, and this is not an
 * authorization decision. Errors never include the token.
 */

/** Thrown when a token is not a JWT or lacks the claim asked for. */
export class AccessTokenError extends Error {
  override readonly name = 'AccessTokenError';
}

/** The claims of a JWT access token. Throws {@link AccessTokenError} when `token` is not a JWT with a JSON payload. */
export function accessTokenClaims(token: string): Record<string, unknown> {
  const parts = token.trim().replace(/^Bearer\s+/i, '').split('.');
  if (parts.length !== 3 || !parts[1]) throw new AccessTokenError(`the access token is not a JWT (expected 3 dot-separated parts, got ${parts.length})`);
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new AccessTokenError('the access token payload is not base64url-encoded JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new AccessTokenError('the access token payload is not a JSON object');
  return payload as Record<string, unknown>;
}

/** The principal an access token was issued to. */
export interface TokenIdentity {
  readonly objectId: string;
  readonly tenantId?: string;
}

/** Object id (`oid`) and tenant (`tid`) of an access token. Throws {@link AccessTokenError} without `oid`. */
export function identityFromAccessToken(token: string): TokenIdentity {
  const claims = accessTokenClaims(token);
  const oid = claims.oid;
  if (typeof oid !== 'string' || oid === '') throw new AccessTokenError('the access token has no oid claim: cannot tell the app\'s own writes apart (loop guard)');
  return { objectId: oid, ...(typeof claims.tid === 'string' ? { tenantId: claims.tid } : {}) };
}

/** Just the object id (`oid`) of an access token. Throws {@link AccessTokenError}. */
export function objectIdFromAccessToken(token: string): string {
  return identityFromAccessToken(token).objectId;
}
