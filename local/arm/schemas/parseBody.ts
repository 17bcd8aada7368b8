/**
 * Validates a request body against a schema and turns the first problem into ARM's
 * `InvalidRequestFormat` error, naming the member and its JSON path like NRP's JSON reader does
 * ("Could not find member 'x' on object … Path 'properties.x'").
 */
import type { z } from 'zod';
import { invalidRequestFormat } from '../errors.js';

function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Parses raw JSON text (empty text is `undefined`), or throws `InvalidRequestFormat`/`InvalidJson`. */
export function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw invalidRequestFormat('InvalidJson', `Unexpected character encountered while parsing value: ${(error as Error).message}.`);
  }
}

/** Returns the typed body, or throws ARM's 400 naming the offending member. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined) throw invalidRequestFormat('InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body is empty.');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalidRequestFormat('InvalidJson', 'The request body is invalid.');
  if (issue.code === 'unrecognized_keys') {
    const member = issue.keys[0] ?? '?';
    const path = jsonPath([...issue.path, member]);
    throw invalidRequestFormat('InvalidJson', `Could not find member '${member}' on object of type '${issue.path.length ? String(issue.path[issue.path.length - 1]) : 'resource'}'. Path '${path}'.`);
  }
  const path = jsonPath(issue.path);
  throw invalidRequestFormat('InvalidJson', `Error converting value at path '${path}': ${issue.message}. Path '${path}'.`);
}
