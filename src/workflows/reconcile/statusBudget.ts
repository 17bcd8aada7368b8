/**
 * Azure refuses a custom status whose JSON exceeds 16 KB of UTF-16 — 8,192 code units, which is what a JS
 * string's length counts — and fails the orchestration. A VNet's status grows with its tickets and its pass's
 * probes (a hub with many spokes, an Event Grid storm), so it is cut to a budget before every publish: long
 * texts first, then the older ticket ids down to the newest 25 (those a hand-over may still be looking for),
 * then probes (passed ones first: the failed say what is wrong), then ticket ids again. Pure, deterministic;
 * the full pass stays in the output and the audit trail.
 */
import type { ReconcileStatus } from './passResult.js';

/** Azure's limit in UTF-16 code units, less a margin for the envelope. */
export const STATUS_BUDGET = 7_600;

const size = (status: ReconcileStatus): number => JSON.stringify(status).length;
const keepLast = <T>(items: readonly T[], n: number): T[] => items.slice(Math.max(0, items.length - n));
const cut = (text: string, n: number): string => (text.length <= n ? text : `${text.slice(0, n - 1)}…`);

/** Ticket ids kept before any probe is dropped: enough for the hand-overs of a busy minute. */
const TICKETS_BEFORE_PROBES = 25;

function withTickets(status: ReconcileStatus, n: number): ReconcileStatus {
  return {
    ...status,
    ...(status.tickets ? { tickets: keepLast(status.tickets, n) } : {}),
    ...(status.passTickets ? { passTickets: keepLast(status.passTickets, n) } : {}),
  };
}

/** `status` within `budget` code units of JSON. */
export function fitStatus(status: ReconcileStatus, budget = STATUS_BUDGET): ReconcileStatus {
  if (size(status) <= budget) return status;
  // 1. Long texts.
  let fitted: ReconcileStatus = { ...status, ...(status.currentStep ? { currentStep: cut(status.currentStep, 200) } : {}) };
  const lastPass = status.lastPass;
  if (lastPass) {
    // Failed probes say what is wrong: they come first and are dropped last.
    const ordered = [...lastPass.probes.filter((p) => !p.passed), ...lastPass.probes.filter((p) => p.passed)];
    fitted = { ...fitted, lastPass: { ...lastPass, summary: cut(lastPass.summary, 400), probes: ordered.map((p) => ({ ...p, diagnosis: cut(p.diagnosis, 160) })) } };
  }
  // 2. The older ticket ids, down to the newest few.
  if (size(fitted) > budget) fitted = withTickets(fitted, TICKETS_BEFORE_PROBES);
  // 3. Probes, the passed ones first.
  while (size(fitted) > budget && fitted.lastPass && fitted.lastPass.probes.length > 0) {
    fitted = { ...fitted, lastPass: { ...fitted.lastPass, probes: fitted.lastPass.probes.slice(0, -1) } };
  }
  // 4. Fewer ticket ids still.
  for (let n = TICKETS_BEFORE_PROBES; size(fitted) > budget && n > 1; n = Math.floor(n / 2)) fitted = withTickets(fitted, Math.floor(n / 2));
  return fitted;
}
