/**
 * Keeps long throttling waits out of activities. The SDK's retry policy sleeps for whatever `Retry-After`
 * a 429/503 asks, however long; an activity that sleeps a minute holds a worker and hides the wait from the
 * orchestrator. This policy runs inside each try (position `perRetry`, after the SDK's retry policy) and,
 * when an answer asks for more than `maxInProcessWaitMs`, throws {@link ArmWaitHandedBack}: the retry policy
 * rethrows errors that are not `RestError`s at once, so the call ends with the wait, and the orchestrator
 * waits on a durable timer instead. Short waits (the common `Retry-After: 0–10`) stay with the SDK.
 */
import { ArmWaitHandedBack, retryAfterMs, type HeaderSource } from './armErrors.js';

/** The name the policy has in the pipeline. */
export const handBackLongWaitsPolicyName = 'handBackLongWaits';

/** The parts of core-rest-pipeline's `PipelinePolicy` this policy uses (structural: no import of that package). */
export interface PipelinePolicyLike<Req, Res extends { status: number; headers: HeaderSource; bodyAsText?: string | null }> {
  readonly name: string;
  sendRequest(request: Req, next: (request: Req) => Promise<Res>): Promise<Res>;
}

/** Statuses the SDK's throttling strategy retries after `Retry-After`. */
const THROTTLING_STATUSES = new Set([429, 503]);

/**
 * A pipeline policy that turns a 429/503 asking to wait longer than `maxInProcessWaitMs` into
 * {@link ArmWaitHandedBack} instead of letting the SDK sleep.
 */
export function handBackLongWaitsPolicy<Req, Res extends { status: number; headers: HeaderSource; bodyAsText?: string | null }>(
  maxInProcessWaitMs: number,
): PipelinePolicyLike<Req, Res> {
  return {
    name: handBackLongWaitsPolicyName,
    async sendRequest(request, next) {
      const response = await next(request);
      if (!THROTTLING_STATUSES.has(response.status)) return response;
      const wait = retryAfterMs(response.headers);
      if (wait === undefined || wait <= maxInProcessWaitMs) return response;
      throw new ArmWaitHandedBack(response.status, response.headers, response.bodyAsText ?? undefined, wait);
    },
  };
}
