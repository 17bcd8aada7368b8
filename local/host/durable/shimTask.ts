/**
 * A task of the replay shim: settles once, successfully or not, and runs its continuations synchronously
 * (an `await` on a completed .NET task continues inline too). Settlement is driven by history events, so
 * the order continuations run in, and therefore the order sequence numbers are taken in, is the history's.
 */
export class ShimTask {
  #state: 'pending' | 'succeeded' | 'failed' = 'pending';
  #continuations: Array<() => void> = [];

  get settled(): boolean {
    return this.#state !== 'pending';
  }

  get succeeded(): boolean {
    return this.#state === 'succeeded';
  }

  /** Settles the task (later calls are ignored, like a duplicate completion) and runs its continuations. */
  settle(succeeded: boolean): void {
    if (this.#state !== 'pending') return;
    this.#state = succeeded ? 'succeeded' : 'failed';
    for (const continuation of this.#continuations.splice(0)) continuation();
  }

  /** Runs `continuation` when settled: now if already settled. */
  whenSettled(continuation: () => void): void {
    if (this.#state === 'pending') this.#continuations.push(continuation);
    else continuation();
  }

  /** A task settled from the start. */
  static settled(succeeded: boolean): ShimTask {
    const task = new ShimTask();
    task.settle(succeeded);
    return task;
  }

  /** `Task.WhenAll`: settles after every child settled; fails when any failed. */
  static whenAll(children: ShimTask[]): ShimTask {
    const all = new ShimTask();
    let remaining = children.length;
    if (remaining === 0) all.settle(true);
    for (const child of children) {
      child.whenSettled(() => {
        remaining -= 1;
        if (remaining === 0) all.settle(children.every((c) => c.succeeded));
      });
    }
    return all;
  }

  /** `Task.WhenAny`: settles (successfully) as soon as one child settled, whichever way. */
  static whenAny(children: ShimTask[]): ShimTask {
    const any = new ShimTask();
    for (const child of children) child.whenSettled(() => any.settle(true));
    return any;
  }
}
