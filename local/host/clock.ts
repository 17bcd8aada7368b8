/** Cancels a scheduled callback. */
export type CancelTimer = () => void;

/** Time for the host: durable timers, timer triggers and history timestamps all read it. */
export interface Clock {
  /** True for the test clock that moves only when told (or when the durable engine jumps it). */
  readonly virtual: boolean;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once the clock reaches `at`; returns a canceller. */
  schedule(at: number, callback: () => void): CancelTimer;
}

/** The wall clock; long delays are re-armed because `setTimeout` caps at about 24.8 days. */
export class RealClock implements Clock {
  readonly virtual = false;
  now(): number {
    return Date.now();
  }
  schedule(at: number, callback: () => void): CancelTimer {
    let handle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay <= 0) return callback();
      handle = setTimeout(arm, Math.min(delay, 2 ** 31 - 1));
    };
    arm();
    return () => clearTimeout(handle);
  }
}

interface VirtualTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A clock for tests: real time plus an offset that only grows. Scheduled callbacks fire when
 * {@link advance} or {@link jumpTo} moves the clock past them (in time order), never by themselves.
 * `auto` says whether the durable engine may jump the clock to an idle instance's next durable timer
 * (timers then fire as soon as nothing else can happen); tests racing an event against a timer turn it
 * off and move time with `advance`.
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  auto = true;
  #offset = 0;
  #seq = 0;
  #timers: VirtualTimer[] = [];

  now(): number {
    return Date.now() + this.#offset;
  }

  schedule(at: number, callback: () => void): CancelTimer {
    const timer = { at, seq: this.#seq++, callback };
    this.#timers.push(timer);
    if (at <= this.now()) queueMicrotask(() => this.#fireDue());
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms` and fires every callback now due. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`The virtual clock only moves forward: advance(${ms}) refused.`);
    this.#offset += ms;
    this.#fireDue();
  }

  /** Moves time forward to `at` (no-op when already past) and fires every callback now due. */
  jumpTo(at: number): void {
    const now = this.now();
    if (at > now) this.#offset += at - now;
    this.#fireDue();
  }

  /** How many callbacks are waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  #fireDue(): void {
    const now = this.now();
    const due = this.#timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.#timers = this.#timers.filter((t) => t.at > now);
    for (const timer of due) timer.callback();
  }
}
