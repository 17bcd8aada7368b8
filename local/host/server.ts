import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostLogger } from './log.js';
import type { HostRequest, HostResponse, RequestHandler } from './hostHttp.js';
import { textResponse } from './hostHttp.js';

/** Largest request body the host reads (the Functions host's default limit is 100 MB). */
const maxBodyBytes = 100 * 1024 * 1024;

/** A listening host server. */
export interface ListeningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `handlers` on 127.0.0.1: each request's body is read whole, then the handlers are asked in
 * order until one answers; none answering is a 404. A handler that throws is a 500 naming the error.
 * `port` 0 binds any free port; the bound port is returned.
 */
export async function listen(handlers: RequestHandler[], port: number, log: HostLogger): Promise<ListeningServer> {
  const server = createServer((req, res) => {
    serve(req, res, handlers).catch((error: unknown) => {
      log('error', `Request ${req.method} ${req.url} failed in the host: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) write(res, textResponse(500, `The local Functions host failed: ${(error as Error).message}`));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: RequestHandler[]): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return write(res, textResponse(413, `Request body larger than ${maxBodyBytes} bytes.`));
    chunks.push(chunk);
  }
  const request: HostRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    url: new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`),
    headers: req.headers,
    body: Buffer.concat(chunks),
  };
  for (const handler of handlers) {
    const response = await handler(request);
    if (response) return write(res, response);
  }
  write(res, textResponse(404, `Nothing is served at ${request.method} ${request.url.pathname}.`));
}

function write(res: ServerResponse, response: HostResponse): void {
  const body = response.body === undefined ? undefined : Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body?.length ?? 0) });
  res.end(body);
}
