/**
 * How a reconcile generation takes the `work` events raised into it without ever losing one.
 *
 * The durable-functions SDK hands an event to the *latest* open wait for its name, or buffers it when none
 * is open (a later wait takes it at once); an open wait that nobody reads anymore silently swallows the next
 * event. And at continue-as-new or completion, events in the history that nothing took are gone (Azure's
 * rule; the local host reproduces it). So the inbox keeps exactly one wait open for the whole generation:
 * {@link TicketInbox.pull} collects what has arrived and leaves a fresh wait open; the closing check reads
 * {@link TicketInbox.arrived} instead of yielding that wait again (yielding a waiting task twice registers
 * it twice in the SDK, and the second registration eats an event).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { WORK_EVENT } from '../tickets.js';

/** The one open `work` wait of a generation. */
export class TicketInbox {
  #open: Task | undefined;

  constructor(private readonly context: OrchestrationContext) {}

  /** Whether an event has completed the open wait since the last pull. */
  get arrived(): boolean {
    return this.#open?.isCompleted === true;
  }

  /**
   * Takes every event that has arrived: the one the open wait caught, then the buffered ones, each taken by
   * a fresh wait raced against a timer due now; stops when the timer wins, leaving that wait open. Costs one
   * episode when the open wait caught nothing (none at all when one is still open and empty).
   */
  *pull(): Generator<Task, unknown[], unknown> {
    const df = this.context.df;
    const taken: unknown[] = [];
    if (this.#open && !this.#open.isCompleted) return taken; // still open and empty: nothing is buffered either
    if (this.#open?.isCompleted) taken.push(this.#open.result);
    this.#open = undefined;
    for (;;) {
      const wait = df.waitForExternalEvent(WORK_EVENT);
      const now = df.createTimer(new Date(df.currentUtcDateTime.getTime()));
      const winner = yield df.Task.any([wait, now]);
      if (winner !== wait) {
        this.#open = wait;
        return taken;
      }
      taken.push(wait.result);
    }
  }
}
