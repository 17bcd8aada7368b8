import type { Clock } from './clock.js';
import { VirtualClock } from './clock.js';
import type { RequestHandler } from './hostHttp.js';
import { jsonResponse, textResponse } from './hostHttp.js';

/**
 * Clock control for tests: `GET /admin/clock` → `{virtual, now, auto, pendingTimers}`;
 * with `--virtual-clock`, `POST /admin/clock/advance?ms=N` moves time forward (firing what falls due),
 * `POST /admin/clock/pause` stops idle instances from jumping to their next timer and
 * `POST /admin/clock/resume` lets them again. With the real clock the POSTs answer 409.
 */
export function adminClockHandler(clock: Clock): RequestHandler {
  const describe = () => ({
    virtual: clock.virtual,
    now: new Date(clock.now()).toISOString(),
    auto: clock instanceof VirtualClock ? clock.auto : false,
    pendingTimers: clock instanceof VirtualClock ? clock.pending : undefined,
  });
  return async (request) => {
    const match = /^\/admin\/clock(?:\/(advance|pause|resume))?\/?$/i.exec(request.url.pathname);
    if (!match) return undefined;
    const action = match[1]?.toLowerCase();
    if (!action) return request.method === 'GET' ? jsonResponse(200, describe()) : textResponse(405, 'Use GET.');
    if (request.method !== 'POST') return textResponse(405, 'Use POST.');
    if (!(clock instanceof VirtualClock)) return textResponse(409, 'The host runs on the real clock: start it with --virtual-clock to control time.');
    if (action === 'advance') {
      const ms = Number(request.url.searchParams.get('ms'));
      if (!Number.isFinite(ms) || ms < 0) return textResponse(400, 'advance needs ?ms=<non-negative milliseconds>.');
      clock.advance(ms);
    } else clock.auto = action === 'resume';
    return jsonResponse(200, describe());
  };
}
