/**
 * Which of the loopback ports `npm start` needs are taken, found before anything starts: a second
 * `npm start`, a stray Azurite or another app on 7071 would otherwise surface as a child's EADDRINUSE
 * stack trace halfway through, after the first services were started.
 */
import { createServer } from 'node:net';

/** A port someone already listens on, and which of our services wanted it. */
export interface BusyPort {
  readonly port: number;
  readonly wantedBy: string;
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The ports of `wanted` (port → service name) that cannot be bound on `host` now. */
export async function busyPorts(wanted: ReadonlyMap<number, string>, host = '127.0.0.1'): Promise<BusyPort[]> {
  const checks = await Promise.all([...wanted].map(async ([port, wantedBy]) => ((await isFree(port, host)) ? undefined : { port, wantedBy })));
  return checks.filter((busy): busy is BusyPort => busy !== undefined);
}

/** One message naming every busy port and what to do about it. */
export function describeBusyPorts(busy: readonly BusyPort[]): string {
  const list = busy.map(({ port, wantedBy }) => `${port} (${wantedBy})`).join(', ');
  return `cannot start: port${busy.length > 1 ? 's' : ''} ${list} already in use on 127.0.0.1. Is another \`npm start\` or Azurite running? Stop it (Ctrl-C in its terminal) and try again.`;
}
