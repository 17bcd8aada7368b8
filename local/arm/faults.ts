/**
 * Fault injection: rules that match requests (by spec operation id, method, path, call kind or principal)
 * and shape the answer — an ARM error status (429 with `Retry-After`/`retry-after-ms`, 500, 409 …), a
 * dropped connection, extra latency, a *hold* (the request stays open until released: for tests that must
 * kill a process at an exact point), or an operation that stays InProgress / ends Failed. A rule applies to
 * the next `times` matches, or to a `rate` of them drawn from the seeded generator (reproducible with `--seed`).
 */
import type { CallKind } from './callLog.js';
import type { Rng } from './rng.js';

/** Which requests a rule applies to; every given field must match. */
export interface FaultMatch {
  /** Spec operation id, e.g. `VirtualNetworkPeerings_CreateOrUpdate`. */
  operationId?: string;
  method?: string;
  /** Case-insensitive substring of the path. */
  pathContains?: string;
  kind?: CallKind;
  principalId?: string;
}

/** What a rule does to a matching request. */
export type FaultAction =
  | { type: 'status'; status: number; code?: string; message?: string; retryAfterSeconds?: number; retryAfterMs?: number }
  | { type: 'drop' }
  | { type: 'latency'; ms: number }
  | { type: 'hold' }
  | { type: 'holdOperation' }
  | { type: 'failOperation'; code: string; message?: string };

/** A rule as the control API receives it. */
export interface FaultRuleInput {
  match: FaultMatch;
  action: FaultAction;
  /** Apply to the next N matches only (default: every match). */
  times?: number;
  /** Apply to this fraction of matches (0–1, seeded), default 1. */
  rate?: number;
}

/** A registered rule with its counters. */
export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Requests the rule was applied to. */
  applied: number;
  /** Requests currently held open by it. */
  holding: number;
}

/** What the pipeline needs to know about a request to match it. */
export interface FaultCandidate {
  operationId: string;
  method: string;
  path: string;
  kind: CallKind;
  principalId?: string;
}

/** The registry of rules and held requests. */
export class Faults {
  private rules: FaultRule[] = [];
  private sequence = 0;
  private readonly releases = new Map<string, Array<() => void>>();
  private readonly holdWaiters = new Map<string, Array<{ count: number; resolve: () => void }>>();

  constructor(
    private readonly rng: Rng,
    /** Called when a rule is released, so held operations can resume. */
    private readonly onRelease: (ruleId: string) => void,
  ) {}

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: `fault-${++this.sequence}`, applied: 0, holding: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  get(id: string): FaultRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** Removes a rule, releasing whatever it holds. */
  remove(id: string): boolean {
    this.release(id);
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  /** Removes every rule, releasing everything held. */
  clear(): void {
    for (const rule of [...this.rules]) this.remove(rule.id);
  }

  /** The first rule that applies to the request (consuming one of its `times`), if any. */
  pick(candidate: FaultCandidate): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!matches(rule.match, candidate)) continue;
      if (rule.times !== undefined && rule.applied >= rule.times) continue;
      if (rule.rate !== undefined && rule.rate < 1 && this.rng.next() >= rule.rate) continue;
      rule.applied++;
      return rule;
    }
    return undefined;
  }

  /** Keeps a request open until the rule is released. */
  hold(rule: FaultRule): Promise<void> {
    rule.holding++;
    const waiters = this.holdWaiters.get(rule.id) ?? [];
    for (const waiter of waiters.filter((w) => rule.holding >= w.count)) waiter.resolve();
    this.holdWaiters.set(rule.id, waiters.filter((w) => rule.holding < w.count));
    return new Promise((resolve) => {
      const list = this.releases.get(rule.id) ?? [];
      list.push(() => {
        rule.holding--;
        resolve();
      });
      this.releases.set(rule.id, list);
    });
  }

  /** Resolves when the rule has held `count` requests at once (or already does). */
  waitUntilHolding(id: string, count = 1): Promise<void> {
    const rule = this.get(id);
    if (!rule) return Promise.reject(new Error(`fault rule ${id} does not exist`));
    if (rule.holding >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.holdWaiters.get(id) ?? [];
      list.push({ count, resolve });
      this.holdWaiters.set(id, list);
    });
  }

  /** Lets every request held by the rule continue; further matches are no longer held. Returns how many. */
  release(id: string): number {
    const rule = this.get(id);
    if (rule && (rule.action.type === 'hold' || rule.action.type === 'holdOperation')) rule.times = rule.applied;
    const held = this.releases.get(id) ?? [];
    this.releases.delete(id);
    for (const resume of held) resume();
    this.onRelease(id);
    return held.length;
  }
}

function matches(match: FaultMatch, candidate: FaultCandidate): boolean {
  if (match.operationId && match.operationId.toLowerCase() !== candidate.operationId.toLowerCase()) return false;
  if (match.method && match.method.toUpperCase() !== candidate.method.toUpperCase()) return false;
  if (match.pathContains && !candidate.path.toLowerCase().includes(match.pathContains.toLowerCase())) return false;
  if (match.kind && match.kind !== candidate.kind) return false;
  if (match.principalId && match.principalId.toLowerCase() !== candidate.principalId?.toLowerCase()) return false;
  return true;
}
