/**
 * Test hooks that make races between a client and an orchestration deterministic: an instance can be held
 * before its next episode starts (messages pile up in its inbox, as they do in a control queue while a
 * worker is busy), or its episodes can run and then wait before their commit (a message raised meanwhile
 * arrives while the episode is in flight — the window in which Azure drops an event raised into an instance
 * that is completing). Holds last until released. Served by `/admin/durable/…` (`adminDurable.ts`).
 */

/** Where an instance is held: before its next episode starts, or before an episode commits. */
export type HoldPoint = 'episode' | 'commit';

/** The holds of one engine. */
export class EpisodeGates {
  readonly #holds = new Map<string, HoldPoint>();
  readonly #atCommit = new Map<string, Array<() => void>>();
  readonly #watchers = new Set<() => void>();

  /** Holds `instanceId` at `at` until {@link release}. */
  hold(instanceId: string, at: HoldPoint): void {
    this.#holds.set(instanceId, at);
    this.changed();
  }

  /** Lifts the hold; episodes waiting at their commit go on. Returns whether the instance was held. */
  release(instanceId: string): boolean {
    const held = this.#holds.delete(instanceId);
    const waiting = this.#atCommit.get(instanceId) ?? [];
    this.#atCommit.delete(instanceId);
    for (const go of waiting) go();
    this.changed();
    return held || waiting.length > 0;
  }

  /** Lifts every hold (host shutdown). */
  releaseAll(): void {
    for (const id of [...this.#holds.keys(), ...this.#atCommit.keys()]) this.release(id);
  }

  /** Whether a new episode of the instance must wait. */
  blocksEpisode(instanceId: string): boolean {
    return this.#holds.get(instanceId) === 'episode';
  }

  /** Resolves at once unless the instance is held at `commit`; then when it is released. */
  beforeCommit(instanceId: string): Promise<void> {
    if (this.#holds.get(instanceId) !== 'commit') return Promise.resolve();
    return new Promise((resolve) => {
      this.#atCommit.set(instanceId, [...(this.#atCommit.get(instanceId) ?? []), resolve]);
      this.changed();
    });
  }

  /** Whether an episode of the instance is waiting before its commit. */
  isAtCommit(instanceId: string): boolean {
    return (this.#atCommit.get(instanceId)?.length ?? 0) > 0;
  }

  /** The hold of an instance, if any. */
  holdOf(instanceId: string): HoldPoint | undefined {
    return this.#holds.get(instanceId);
  }

  /** Tells waiters that something changed (a hold, a commit reached, a message delivered). */
  changed(): void {
    for (const watcher of [...this.#watchers]) watcher();
  }

  /** Resolves true once `condition()` holds, false after `timeoutMs`; re-checked on every change. */
  waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (result: boolean): void => {
        clearTimeout(timer);
        this.#watchers.delete(check);
        resolve(result);
      };
      this.#watchers.add(check);
      check();
    });
  }
}
