import type { DurableEngine } from './durable/durableEngine.js';
import type { HoldPoint } from './durable/episodeGates.js';
import type { RequestHandler } from './hostHttp.js';
import { jsonResponse, textResponse } from './hostHttp.js';

const route = /^\/admin\/durable\/instances\/([^/]+)\/(hold|release|held)\/?$/i;

/**
 * Test hooks over the durable engine's episodes (local host only; no key, loopback only), to make races
 * deterministic:
 * - `POST /admin/durable/instances/{id}/hold?at=episode|commit` — `episode` (default): the instance starts no
 *   new episode, its messages pile up in the inbox; `commit`: episodes run but wait before committing, so a
 *   message raised meanwhile arrives while the episode is in flight (e.g. while the instance completes);
 * - `POST /admin/durable/instances/{id}/release` — lifts the hold; the waiting episode goes on;
 * - `GET /admin/durable/instances/{id}/held?messages=N&atCommit=true&timeoutMs=T` — answers once the inbox
 *   holds at least N messages (those of an episode in flight count until it commits) (and, with `atCommit=true`, an episode waits at its commit): 200
 *   `{ inbox, atCommit, hold }`, or 408 after T ms (default 30 s). A marker to wait on, not a sleep.
 */
export function adminDurableHandler(engine: DurableEngine): RequestHandler {
  return async (request) => {
    const match = route.exec(request.url.pathname);
    if (!match) return undefined;
    const instanceId = decodeURIComponent(match[1] as string);
    const action = (match[2] as string).toLowerCase();
    const query = request.url.searchParams;
    const describe = () => ({
      instanceId,
      inbox: engine.get(instanceId)?.inbox.length ?? 0,
      atCommit: engine.gates.isAtCommit(instanceId),
      hold: engine.gates.holdOf(instanceId) ?? null,
    });
    if (action === 'held') {
      if (request.method !== 'GET') return textResponse(405, 'Use GET.');
      const messages = Number(query.get('messages') ?? 0);
      const atCommit = query.get('atCommit')?.toLowerCase() === 'true';
      const timeoutMs = Number(query.get('timeoutMs') ?? 30_000);
      if (!Number.isInteger(messages) || messages < 0 || !(timeoutMs > 0)) return textResponse(400, 'held takes ?messages=<count>&atCommit=true|false&timeoutMs=<ms>.');
      const reached = await engine.gates.waitFor(() => (engine.get(instanceId)?.inbox.length ?? 0) >= messages && (!atCommit || engine.gates.isAtCommit(instanceId)), timeoutMs);
      return jsonResponse(reached ? 200 : 408, describe());
    }
    if (request.method !== 'POST') return textResponse(405, 'Use POST.');
    if (action === 'release') return jsonResponse(200, { ...describe(), released: engine.release(instanceId) });
    const at = (query.get('at') ?? 'episode').toLowerCase();
    if (at !== 'episode' && at !== 'commit') return textResponse(400, `hold takes ?at=episode or ?at=commit, not '${at}'.`);
    engine.gates.hold(instanceId, at as HoldPoint);
    return jsonResponse(200, describe());
  };
}
