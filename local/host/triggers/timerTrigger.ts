import { CronExpressionParser } from 'cron-parser';
import type { CancelTimer, Clock } from '../clock.js';
import type { FunctionInvoker } from '../worker/functionInvoker.js';
import type { FunctionRegistry, RegisteredFunction } from '../worker/functionRegistry.js';

/** The next occurrence of a schedule strictly after `after` (ms since epoch). */
export type Schedule = (after: number) => number;

/**
 * Parses a timer trigger schedule as Azure does: a six-field NCRONTAB expression
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`, evaluated in UTC) or a `hh:mm:ss` TimeSpan
 * interval. Anything else throws, naming the function and the rule.
 */
export function parseSchedule(expression: string, functionName: string): Schedule {
  const text = expression.trim();
  const span = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (span) {
    const ms = ((Number(span[1]) * 60 + Number(span[2])) * 60 + Number(span[3])) * 1000;
    if (ms <= 0) throw new Error(`Timer function '${functionName}': the TimeSpan schedule '${expression}' must be positive.`);
    return (after) => after + ms;
  }
  if (text.split(/\s+/).length !== 6) {
    throw new Error(`Timer function '${functionName}': '${expression}' is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).`);
  }
  try {
    CronExpressionParser.parse(text, { tz: 'UTC' });
  } catch (error) {
    throw new Error(`Timer function '${functionName}': invalid NCRONTAB schedule '${expression}': ${(error as Error).message}`);
  }
  return (after) => CronExpressionParser.parse(text, { tz: 'UTC', currentDate: new Date(after) }).next().getTime();
}

/** The app's running timer triggers. */
export interface TimerTriggers {
  /** Runs one timer function now (the admin endpoint), not past due. */
  fireNow(fn: RegisteredFunction): Promise<void>;
  stop(): void;
}

/**
 * Schedules every `timerTrigger` function on `clock`: each occurrence invokes the function with the
 * host's timer info (`Schedule`, `ScheduleStatus` with last/next, `IsPastDue`; the library camel-cases it),
 * then schedules the next one; `runOnStartup` fires once at start. Occurrences missed while the clock
 * jumped are collapsed into one invocation marked past due, as the Functions host does after downtime.
 * Invocation errors are logged by the invoker and do not stop the schedule.
 */
export function startTimerTriggers(options: { registry: FunctionRegistry; invoker: FunctionInvoker; clock: Clock }): TimerTriggers {
  const cancels: CancelTimer[] = [];
  const lastRun = new Map<string, number>();
  const schedules = new Map<string, Schedule>();
  let stopped = false;

  const invoke = async (fn: RegisteredFunction, isPastDue: boolean, reason: string): Promise<void> => {
    const now = options.clock.now();
    const schedule = schedules.get(fn.name);
    const timerInfo = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: new Date(lastRun.get(fn.name) ?? now).toISOString(), Next: new Date(schedule ? schedule(now) : now).toISOString(), LastUpdated: new Date(now).toISOString() },
      IsPastDue: isPastDue,
    };
    lastRun.set(fn.name, now);
    await options.invoker.invoke(fn, { trigger: { json: JSON.stringify(timerInfo) }, reason });
  };

  const arm = (fn: RegisteredFunction, schedule: Schedule, from: number): void => {
    if (stopped) return;
    const at = schedule(from);
    cancels.push(
      options.clock.schedule(at, () => {
        const now = options.clock.now();
        arm(fn, schedule, now);
        invoke(fn, schedule(at) <= now, `Timer fired at ${new Date(now).toISOString()}`).catch(() => undefined);
      }),
    );
  };

  for (const fn of options.registry.byTrigger('timerTrigger')) {
    const schedule = parseSchedule(String(fn.trigger.schedule ?? ''), fn.name);
    schedules.set(fn.name, schedule);
    arm(fn, schedule, options.clock.now());
    if (fn.trigger.runOnStartup === true) invoke(fn, false, 'New ScheduleStatus: runOnStartup').catch(() => undefined);
  }
  return {
    fireNow: (fn) => invoke(fn, false, 'This function was programmatically called via the host APIs.'),
    stop: () => {
      stopped = true;
      cancels.splice(0).forEach((cancel) => cancel());
    },
  };
}
