import type { WireRetryOptions } from './actions.js';

/**
 * The delay before the next attempt, as DTFx's `RetryInterceptor.ComputeNextDelay` computes it:
 * `firstRetryInterval * backoffCoefficient^attempt`, capped at `maxRetryInterval`; zero (give up) once
 * `retryTimeout` after the first attempt has passed. `attempt` counts from 0 (the first failure).
 * Unset options take DTFx's defaults: coefficient 1, no cap, no timeout.
 */
export function retryDelayMs(options: WireRetryOptions, attempt: number, firstAttemptAt: number, now: number): number {
  const timeout = options.retryTimeoutInMilliseconds;
  if (timeout !== undefined && timeout !== null && now >= firstAttemptAt + timeout) return 0;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(options.backoffCoefficient ?? 1, attempt);
  const cap = options.maxRetryIntervalInMilliseconds;
  return cap !== undefined && cap !== null && delay >= cap ? cap : delay;
}
