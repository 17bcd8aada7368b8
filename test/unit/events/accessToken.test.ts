import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessTokenError, accessTokenClaims, identityFromAccessToken, objectIdFromAccessToken } from '../../../src/events/accessToken.js';

function jwt(payload: unknown): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('access token claims', () => {
  it('reads oid and tid without checking the signature', () => {
    const token = jwt({ oid: 'app-oid', tid: 'tenant-1', aud: 'https://management.azure.com/' });
    assert.equal(objectIdFromAccessToken(token), 'app-oid');
    assert.deepEqual(identityFromAccessToken(`Bearer ${token}`), { objectId: 'app-oid', tenantId: 'tenant-1' });
    assert.equal(accessTokenClaims(token).aud, 'https://management.azure.com/');
  });

  it('decodes base64url payloads with - and _', () => {
    const token = jwt({ oid: 'x', name: '\u00ff\u00fe\u00fd>>>???' });
    assert.equal(accessTokenClaims(token).name, '\u00ff\u00fe\u00fd>>>???');
  });

  const bad: [string, string, RegExp][] = [
    ['not a JWT', 'opaque-token', /not a JWT/],
    ['a payload that is not JSON', 'a.bm90IGpzb24.c', /not base64url-encoded JSON/],
    ['a payload that is an array', jwt([1, 2]), /not a JSON object/],
    ['no oid claim', jwt({ tid: 't' }), /no oid claim/],
  ];
  for (const [name, token, message] of bad) {
    it(`refuses ${name} without echoing the token`, () => {
      assert.throws(
        () => objectIdFromAccessToken(token),
        (e: unknown) => e instanceof AccessTokenError && message.test(e.message) && !e.message.includes(token),
      );
    });
  }
});
