/** JSON answers of the HTTP entry points: errors as `{ error: { code, message, target } }` (as ARM shapes them). */
import type { HttpResponseInit } from '@azure/functions';

/** An error answer naming the target and the rule. */
export function errorAnswer(status: number, code: string, message: string, target: string): HttpResponseInit {
  return { status, jsonBody: { error: { code, message, target } } };
}
