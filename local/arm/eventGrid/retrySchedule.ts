/**
 * Event Grid's retry schedule for webhook deliveries (docs `articles/event-grid/delivery-and-retry.md`):
 * 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h, within the event's time to live
 * and the maximum number of attempts. Some answers are never retried (400, 401, 403, 413: the event would be
 * dead-lettered), some wait longer (404: 5 min, 408: 2 min, 503: 30 s). Everything is multiplied by a
 * scale, so tests run the same schedule in milliseconds. (Azure randomises the schedule a little; the
 * emulator does not, so runs are reproducible.)
 */

const scheduleMs = [10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000];
const everyHalfDayMs = 43_200_000;
const neverRetried = new Set([400, 401, 403, 413]);
const minimumByStatusMs: Record<number, number> = { 404: 300_000, 408: 120_000, 503: 30_000 };

/** Whether an HTTP answer counts as delivered. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status <= 204;
}

/**
 * The wait before the next attempt after `attempts` failed ones (`status` undefined: no answer — timeout,
 * connection refused, lost on the way), or `undefined` when the answer is never retried.
 */
export function retryDelayMs(attempts: number, status: number | undefined, scale: number): number | undefined {
  if (status !== undefined && neverRetried.has(status)) return undefined;
  const base = scheduleMs[attempts - 1] ?? everyHalfDayMs;
  const minimum = status === undefined ? 0 : (minimumByStatusMs[status] ?? 0);
  return Math.max(base, minimum) * scale;
}
