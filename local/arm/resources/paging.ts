/**
 * `x-ms-pageable` lists: `{ value, nextLink }`, pages of `tuning.pageSize`. The `$skiptoken` is the last id
 * of the page (items are sorted by id), so a page boundary stays stable while resources come and go.
 */
import type { EmulatorEnv } from '../emulatorEnv.js';
import type { ArmRequest } from '../http.js';
import { idKey } from '../ids.js';

/** One page of `items` (already sorted by id) and the link to the next, if any. */
export function page<T extends { id: string }>(env: EmulatorEnv, req: ArmRequest, items: readonly T[], toWire: (item: T) => unknown): { value: unknown[]; nextLink?: string } {
  const after = req.query.get('$skiptoken');
  const start = after ? items.findIndex((item) => idKey(item.id) > after) : 0;
  const from = start === -1 ? items.length : start;
  const slice = items.slice(from, from + env.tuning.pageSize);
  const value = slice.map(toWire);
  const last = slice[slice.length - 1];
  if (!last || from + slice.length >= items.length) return { value };
  const next = new URL(req.url.toString());
  next.searchParams.set('$skiptoken', idKey(last.id));
  return { value, nextLink: `${env.baseUrl()}${next.pathname}${next.search}` };
}
