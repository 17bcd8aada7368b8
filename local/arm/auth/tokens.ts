/**
 * JWT-shaped access tokens (HS256) for the emulator's principals. The app reads its own object id from the
 * `oid` claim (loop guard); the emulator reads the caller from it. The signing key lives in the world state,
 * so tokens issued before a `--state` restart stay valid, as real tokens outlive an ARM restart.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { expiredAuthenticationToken, invalidAuthenticationToken } from '../errors.js';
import type { Principal } from '../model.js';

/** The audience ARM tokens carry. */
export const armAudience = 'https://management.azure.com/';

/** The claims the emulator puts in and reads back. */
export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  oid: string;
  sub: string;
  tid: string;
  name: string;
  idtyp: 'app' | 'user';
  appid?: string;
  upn?: string;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** Mints a token for a principal, valid for `lifetimeSeconds` from `nowMs`. */
export function mintToken(principal: Principal, tenantId: string, signingKey: string, nowMs: number, lifetimeSeconds = 24 * 3600): { token: string; expiresOn: number } {
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims = {
    aud: armAudience,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat,
    nbf: iat - 300,
    exp: iat + lifetimeSeconds,
    oid: principal.id,
    sub: principal.id,
    tid: tenantId,
    name: principal.name,
    idtyp: principal.kind === 'User' ? 'user' : 'app',
    ...(principal.kind === 'User' ? { upn: principal.name } : { appid: principal.id }),
  };
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', signingKey).update(unsigned).digest('base64url');
  return { token: `${unsigned}.${signature}`, expiresOn: claims.exp };
}

/** Verifies signature, audience and lifetime; returns the claims or throws ARM's 401. */
export function verifyToken(token: string, signingKey: string, nowMs: number): TokenClaims {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw invalidAuthenticationToken('it is not a JWT');
  const expected = createHmac('sha256', signingKey).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidAuthenticationToken('the signature is not valid');
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    throw invalidAuthenticationToken('the payload is not JSON');
  }
  const audience = claims.aud?.replace(/\/$/, '');
  if (audience !== armAudience.replace(/\/$/, '')) throw invalidAuthenticationToken(`the audience '${claims.aud}' is not ${armAudience}`);
  if (claims.exp * 1000 <= nowMs) throw expiredAuthenticationToken();
  return claims;
}
