/**
 * ARM errors as values: every failed ARM call becomes an {@link ArmFailure} that says whether waiting and
 * trying again can help (`transient`) or not (`permanent`), decided by ARM's error **code** first
 * (DESIGN.md: `AnotherOperationInProgress`, `ReferencedResourceNotProvisioned` — a 400 —, `RetryableError*`),
 * then by HTTP status (429, 408, 5xx). Activities return failures instead of throwing, so the orchestrator
 * can wait on a durable timer for `retryAfterMs` and try again.
 *
 * Errors come in three shapes from the SDK stack: a `RestError` (an answer with an error status), a plain
 * `Error` from core-lro when a long-running operation ended `Failed` (its message is the only carrier of
 * the code), and {@link ArmWaitHandedBack} from our retry policy (a throttling answer whose wait is too
 * long to spend inside an activity). Connection errors are transient; anything else is a bug and is
 * rethrown by {@link armCall}.
 */

/** Whether retrying later can help. */
export type ArmFailureKind = 'transient' | 'permanent';

/** A failed ARM call, plain JSON (it travels through orchestration history). */
export interface ArmFailure {
  readonly kind: ArmFailureKind;
  /** ARM's error code (`AnotherOperationInProgress`), or ours for failures without one (`ConnectionFailed`). */
  readonly code: string;
  /** ARM's message, as sent. */
  readonly message: string;
  /**
   * HTTP status of the answer that carried the error; 0 when the error came from a long-running operation
   * that ended `Failed` (the poll itself succeeded) or when no answer arrived at all.
   */
  readonly status: number;
  /** How long ARM asked to wait (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After` seconds or HTTP date). */
  readonly retryAfterMs?: number;
  /** The resource the call was about (an ARM id), so every failure names its resource. */
  readonly target: string;
  /** `x-ms-correlation-request-id` of the failed answer, for ARM's activity log and support. */
  readonly correlationId?: string;
  /** `x-ms-request-id` of the failed answer. */
  readonly requestId?: string;
  /** Where it failed: on the request itself, or in the long-running operation it started. */
  readonly phase: 'request' | 'operation';
}

/** Result of a call that can fail with an ARM error: the success fields inline, or the failure. */
export type ArmResult<T extends object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly failure: ArmFailure };

/** ARM codes that mean "busy now, fine later", whatever the status (DESIGN.md). */
const TRANSIENT_CODES = new Set(
  [
    'AnotherOperationInProgress',
    'ReferencedResourceNotProvisioned',
    'CanceledAndSupersededDueToAnotherOperation',
    'PreconditionFailed',
    'TooManyRequests',
    'InternalServerError',
    'ServiceUnavailable',
    'GatewayTimeout',
    'RequestTimeout',
    'ConnectionFailed',
  ].map((c) => c.toLowerCase()),
);

/**
 * Whether an ARM error is transient: by code (`AnotherOperationInProgress`, `ReferencedResourceNotProvisioned`,
 * `RetryableError*`, …), else by status (429, 408, 5xx). `status` 0 = no HTTP status known.
 */
export function isTransientArmError(code: string, status: number): boolean {
  const lower = code.toLowerCase();
  if (TRANSIENT_CODES.has(lower) || lower.startsWith('retryableerror')) return true;
  return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

/** The headers of an answer, as the SDK stacks expose them. */
export interface HeaderSource {
  get(name: string): string | undefined | null;
}

/**
 * The wait an answer asks for, in milliseconds: `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds),
 * else `Retry-After` as seconds or as an HTTP date (relative to `now`; a date in the past is 0).
 */
export function retryAfterMs(headers: HeaderSource | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name)?.trim() || NaN);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * Thrown by the client pipeline (see `armRetryPolicy.ts`) instead of sleeping through a long `Retry-After`
 * inside an activity: carries the answer so {@link toArmFailure} can read its code and wait.
 */
export class ArmWaitHandedBack extends Error {
  override readonly name = 'ArmWaitHandedBack';
  constructor(
    readonly status: number,
    readonly headers: HeaderSource,
    readonly bodyText: string | undefined,
    readonly waitMs: number,
  ) {
    super(`ARM answered ${status} and asked to wait ${waitMs} ms: handed back to the caller instead of waiting in-process`);
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
}

function errorBody(text: string | undefined): ErrorBody {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as { error?: ErrorBody } & ErrorBody;
    return parsed.error ?? parsed;
  } catch {
    return {};
  }
}

// core-lro's only report of a Failed operation: "The long-running operation has failed. <code>. <message>".
const LRO_FAILED = /^The long-running operation has failed\.?\s*(?:([A-Za-z][\w.]*)\.\s+)?([\s\S]*)$/;

// Node's socket-level failures: no answer arrived, so trying again may help.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR']);

interface RestErrorLike extends Error {
  code?: string;
  statusCode?: number;
  response?: { headers?: HeaderSource; status?: number; bodyAsText?: string | null };
}

function fromHeaders(headers: HeaderSource | undefined): Pick<ArmFailure, 'correlationId' | 'requestId'> {
  const correlationId = headers?.get('x-ms-correlation-request-id') ?? undefined;
  const requestId = headers?.get('x-ms-request-id') ?? undefined;
  return { ...(correlationId ? { correlationId } : {}), ...(requestId ? { requestId } : {}) };
}

function failure(code: string, message: string, status: number, target: string, extra: Partial<ArmFailure> = {}): ArmFailure {
  return { kind: isTransientArmError(code, status) ? 'transient' : 'permanent', code, message, status, target, phase: 'request', ...extra };
}

/**
 * Maps an error thrown by an ARM SDK call to an {@link ArmFailure} about `target`, or `undefined` when it is
 * not an ARM error (a bug: the caller rethrows it).
 */
export function toArmFailure(error: unknown, target: string, now: number = Date.now()): ArmFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof ArmWaitHandedBack || error.name === 'ArmWaitHandedBack') {
    const handed = error as ArmWaitHandedBack;
    const body = errorBody(handed.bodyText);
    return failure(body.code ?? (handed.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable'), body.message ?? handed.message, handed.status, target, {
      retryAfterMs: handed.waitMs,
      ...fromHeaders(handed.headers),
    });
  }
  if (error.name === 'RestError') {
    const rest = error as RestErrorLike;
    const headers = rest.response?.headers;
    const status = rest.statusCode ?? rest.response?.status ?? 0;
    if (status <= 0) {
      // No answer: the request never reached ARM (connection refused, reset, timeout).
      return failure('ConnectionFailed', rest.message, 0, target);
    }
    const body = errorBody(rest.response?.bodyAsText ?? undefined);
    const code = rest.code ?? body.code ?? `Http${status}`;
    const wait = retryAfterMs(headers, now);
    return failure(code, rest.message || body.message || `HTTP ${status}`, status, target, { ...(wait === undefined ? {} : { retryAfterMs: wait }), ...fromHeaders(headers) });
  }
  const lro = LRO_FAILED.exec(error.message);
  if (lro) {
    const code = lro[1] ?? 'OperationFailed';
    return failure(code, lro[2]?.trim() || error.message, 0, target, { phase: 'operation' });
  }
  const systemCode = (error as { code?: unknown }).code;
  if (typeof systemCode === 'string' && CONNECTION_CODES.has(systemCode)) return failure('ConnectionFailed', error.message, 0, target);
  if (error.name === 'AuthenticationError') {
    const status = (error as { statusCode?: number }).statusCode ?? 0;
    return failure(status >= 500 || status === 429 ? 'TokenServiceUnavailable' : 'AuthenticationFailed', error.message, status, target);
  }
  if (error.name === 'CredentialUnavailableError') return failure('CredentialUnavailable', error.message, 0, target);
  return undefined;
}

/** Whether a failure is a 404 (`NotFound`, `ResourceNotFound`, `ResourceGroupNotFound` …). */
export function isNotFound(failure: ArmFailure): boolean {
  return failure.status === 404;
}

/** One line for logs and results: `AnotherOperationInProgress (409, transient) on <target>: <message>`. */
export function describeArmFailure(failure: ArmFailure): string {
  const wait = failure.retryAfterMs === undefined ? '' : `, retry after ${failure.retryAfterMs} ms`;
  const status = failure.status ? `${failure.status}, ` : '';
  return `${failure.code} (${status}${failure.kind}${wait}) on ${failure.target}: ${failure.message}`;
}

/**
 * Runs one ARM call and returns its fields with `ok: true`, or `{ ok: false, failure }` for an ARM error.
 * Errors that are not ARM errors (bugs) are rethrown.
 */
export async function armCall<T extends object>(target: string, call: () => Promise<T>): Promise<ArmResult<T>> {
  try {
    return { ok: true, ...(await call()) };
  } catch (error) {
    const mapped = toArmFailure(error, target);
    if (!mapped) throw error;
    return { ok: false, failure: mapped };
  }
}

/**
 * The failure that matters most among several: a permanent one (retrying cannot help), else the transient
 * one asking for the longest wait. `undefined` for an empty list.
 */
export function mostPressingFailure(failures: readonly ArmFailure[]): ArmFailure | undefined {
  const permanent = failures.find((f) => f.kind === 'permanent');
  if (permanent) return permanent;
  return [...failures].sort((x, y) => (y.retryAfterMs ?? 0) - (x.retryAfterMs ?? 0))[0];
}
