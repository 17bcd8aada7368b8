import { timingSafeEqual } from 'node:crypto';
import type { HostRequest } from './hostHttp.js';
import { header } from './hostHttp.js';

/** The setting holding the key of `authLevel: 'function'` (and `'admin'`) HTTP functions. */
export const functionKeySetting = 'FUNCTIONS_KEY';
/** The setting holding the Event Grid extension's system key (`code` on the webhook). */
export const eventGridKeySetting = 'EVENTGRID_EXTENSION_KEY';

/** Why a keyed request is refused, or undefined when its key is right. */
export function checkKey(request: HostRequest, setting: string, env: NodeJS.ProcessEnv, options: { allowHeader: boolean }): string | undefined {
  const expected = env[setting];
  if (!expected) return `this endpoint requires a key, but the app setting ${setting} is not set`;
  const given = (options.allowHeader ? header(request, 'x-functions-key') : undefined) ?? request.url.searchParams.get('code') ?? undefined;
  if (given === undefined) return options.allowHeader ? 'missing key: send the x-functions-key header or the code query parameter' : 'missing key: send the code query parameter';
  return sameSecret(given, expected) ? undefined : `wrong key: it does not match the app setting ${setting}`;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
