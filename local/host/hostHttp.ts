import type { IncomingHttpHeaders } from 'node:http';

/** A request as the host's handlers see it: the body already read. */
export interface HostRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A response a handler returns; the server writes it. */
export interface HostResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

/** Answers requests it owns; `undefined` means "not mine", and the server tries the next handler. */
export type RequestHandler = (request: HostRequest) => Promise<HostResponse | undefined>;

/** A JSON response (`application/json; charset=utf-8`). */
export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): HostResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

/** A plain-text response, for errors a person reads. */
export function textResponse(status: number, text: string, headers: Record<string, string> = {}): HostResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
}

/** The first value of a request header (lower-case name). */
export function header(request: HostRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
