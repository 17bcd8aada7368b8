/**
 * A webhook endpoint for Event Grid tests: plain HTTP on 127.0.0.1 (port 0), answers the validation
 * handshake like the Functions Event Grid extension (200 `{ validationResponse }`; CloudEvents `OPTIONS`
 * with `WebHook-Allowed-Origin`), and answers notifications with the statuses a test queues (200 when the
 * queue is empty). Records every request.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status it answered. */
  status: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/runtime/webhooks/eventgrid?functionName=onVnetChange&code=test` */
  url: string;
  requests: ReceivedRequest[];
  /** Notifications only (handshakes excluded). */
  notifications(): ReceivedRequest[];
  /** Statuses for the next notifications, in order. */
  respondWith(...statuses: number[]): void;
  /** How the handshake is answered: `ok` (default), a wrong code, or a status. */
  handshake: 'ok' | 'wrongCode' | number;
  close(): Promise<void>;
}

/** Starts a receiver. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const queued: number[] = [];
  const receiver: Partial<WebhookReceiver> = { handshake: 'ok' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      const record = (status: number): void => {
        requests.push({ method: req.method ?? 'GET', headers: req.headers, body, status });
      };
      if (req.method === 'OPTIONS') {
        const status = typeof receiver.handshake === 'number' ? receiver.handshake : 200;
        record(status);
        res.writeHead(status, status === 200 ? { 'webhook-allowed-origin': 'eventgrid.azure.net' } : {}).end();
        return;
      }
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        const code = (body as Array<{ data: { validationCode: string } }>)[0]?.data.validationCode;
        const status = typeof receiver.handshake === 'number' ? receiver.handshake : 200;
        record(status);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ validationResponse: receiver.handshake === 'wrongCode' ? 'nope' : code }));
        return;
      }
      const status = queued.shift() ?? 200;
      record(status);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/runtime/webhooks/eventgrid?functionName=onVnetChange&code=test`,
    requests,
    notifications: () => requests.filter((r) => r.headers['aeg-event-type'] === 'Notification'),
    respondWith: (...statuses: number[]) => {
      queued.push(...statuses);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  }) as WebhookReceiver;
}
