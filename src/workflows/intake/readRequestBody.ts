/**
 * Reads a JSON request body against its schema: malformed JSON, a field the API does not know, or a
 * field of the wrong type is refused (400) naming the field — before anything is read or written.
 */
import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import type { Refusal } from '../../domain/refusal.js';
import { refuse } from '../../domain/refusal.js';

export type BodyResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal };

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Parses `text` as JSON and checks it against `schema`. */
export function parseRequestBody<S extends z.ZodType>(text: string, schema: S, what: string): BodyResult<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, refusal: refuse('InvalidRequestContent', 400, 'body', `the body of ${what} is not valid JSON: ${(error as Error).message}`) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, refusal: refuse('InvalidRequestContent', 400, 'body', `the body of ${what} is not valid`) };
  const at = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (at ? `${at}.${k}` : k));
    return { ok: false, refusal: refuse('UnknownField', 400, keys[0] ?? 'body', `${what} does not know the field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}: remove ${keys.length > 1 ? 'them' : 'it'} or check the spelling (see /api/openapi.json)`) };
  }
  return { ok: false, refusal: refuse('InvalidRequestContent', 400, at || 'body', `${at ? `'${at}'` : 'the body'} of ${what}: ${issue.message}`) };
}

/** Reads the request's body and parses it (see {@link parseRequestBody}). */
export async function readRequestBody<S extends z.ZodType>(request: HttpRequest, schema: S, what: string): Promise<BodyResult<z.infer<S>>> {
  return parseRequestBody(await request.text(), schema, what);
}

/** The values given for `dryRun`, whatever the case of the parameter's name (`?dryrun=true` is meant as a dry run too). */
function dryRunValues(request: HttpRequest): string[] {
  const values: string[] = [];
  for (const [name, value] of request.query.entries()) if (name.toLowerCase() === 'dryrun') values.push(value.trim().toLowerCase());
  return values;
}

/**
 * A `dryRun` that is neither `true` nor `false` (`?dryRun`, `?dryRun=1`, `?dryRun=yes`, or both values) is
 * refused: taken as "not a dry run" it would make the very writes the caller asked only to see.
 */
export function refuseDryRunQuery(request: HttpRequest): Refusal | undefined {
  const values = dryRunValues(request);
  if (values.every((v) => v === 'true') || values.every((v) => v === 'false')) return undefined;
  return refuse('InvalidQueryParameter', 400, 'dryRun', `the query parameter dryRun is '${values.join("', '")}': expected true (return the plan, write nothing) or false; nothing was read or written`);
}

/** Whether `?dryRun=true` was given (see {@link refuseDryRunQuery} for values that are neither). */
export function isDryRun(request: HttpRequest): boolean {
  const values = dryRunValues(request);
  return values.length > 0 && values.every((v) => v === 'true');
}
