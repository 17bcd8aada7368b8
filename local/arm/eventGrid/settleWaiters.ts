/**
 * Promises that resolve when a condition holds, re-checked whenever the owner says something changed
 * (`check`), with a timeout: how tests wait for deliveries without sleeping.
 */

interface Waiter<F> {
  filter: F;
  done: (settled: boolean) => void;
}

/** Waiters keyed by a filter the owner knows how to evaluate. */
export class SettleWaiters<F> {
  private readonly waiters = new Set<Waiter<F>>();

  /** Resolves `true` once `check` finds the filter settled, `false` after `timeoutMs`. */
  wait(filter: F, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter<F> = {
        filter,
        done: (settled) => {
          clearTimeout(timer);
          resolve(settled);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves the waiters whose filter is settled now. */
  check(isSettled: (filter: F) => boolean): void {
    for (const waiter of [...this.waiters]) {
      if (isSettled(waiter.filter)) {
        this.waiters.delete(waiter);
        waiter.done(true);
      }
    }
  }

  /** Resolves every waiter (shutdown). */
  releaseAll(): void {
    for (const waiter of this.waiters) waiter.done(true);
    this.waiters.clear();
  }
}
