/** The request and response shapes that flow through the emulator's pipeline. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './model.js';
import type { FaultRule } from './faults.js';

/** A request after parsing (and, once authenticated, with its principal). */
export interface ArmRequest {
  method: string;
  /** Absolute URL as the client addressed it. */
  url: URL;
  /** Decoded path without query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** `x-ms-request-id` of the answer; also the id of an operation it starts. */
  requestId: string;
  /** Client's `x-ms-correlation-request-id`, else a new one (ARM does the same). */
  correlationId: string;
  clientRequestId?: string;
  clientIp: string;
  apiVersion: string;
  principal?: Principal;
  /** A fault rule of the operation kind (`holdOperation`/`failOperation`) picked for this request. */
  operationFault?: FaultRule;
}

/** What a handler returns; the pipeline serialises it. */
export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For conformance checks: the spec operation whose answer this body is (an operation result URL serves another operation's body). */
  conformsTo?: string;
}

/** A header value as one string (first of a repeated header). */
export function header(req: ArmRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
