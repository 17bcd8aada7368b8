/** Parses the emulator's command line into {@link ArmEmulatorOptions} (shared by `main.ts` and `spawn.ts`). */
import { parseArgs } from 'node:util';
import type { ArmEmulatorOptions } from './server.js';

/** The flags, as `main.ts` documents them. */
export const usage = `usage: npm run emulator -- [--port N] [--scenario NAME|FILE] [--state FILE] [--latency-ms N] [--seed N] [--fast]
                             [--retry-after SECONDS] [--page-size N] [--event-retry-scale X] [--identity-header SECRET] [--certs-dir DIR]`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

/** Parses argv (without node and script). Throws with the usage on a bad flag. */
export function parseEmulatorArgs(argv: readonly string[]): ArmEmulatorOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      state: { type: 'string' },
      'latency-ms': { type: 'string' },
      seed: { type: 'string' },
      fast: { type: 'boolean' },
      'retry-after': { type: 'string' },
      'page-size': { type: 'string' },
      'event-retry-scale': { type: 'string' },
      'identity-header': { type: 'string' },
      'certs-dir': { type: 'string' },
    },
    strict: true,
  });
  const options: ArmEmulatorOptions = {};
  const port = integer('port', values.port);
  const latencyMs = integer('latency-ms', values['latency-ms']);
  const seed = integer('seed', values.seed);
  const retryAfterSeconds = integer('retry-after', values['retry-after']);
  const pageSize = integer('page-size', values['page-size']);
  if (port !== undefined) options.port = port;
  if (values.scenario) options.scenario = values.scenario;
  if (values.state) options.state = values.state;
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  if (seed !== undefined) options.seed = seed;
  if (values.fast) options.fast = true;
  if (retryAfterSeconds !== undefined) options.retryAfterSeconds = retryAfterSeconds;
  if (pageSize !== undefined) options.pageSize = pageSize;
  if (values['event-retry-scale'] !== undefined) {
    const scale = Number(values['event-retry-scale']);
    if (!(scale > 0)) throw new Error(`--event-retry-scale must be a positive number, got '${values['event-retry-scale']}'`);
    options.eventRetryScale = scale;
  }
  if (values['identity-header']) options.identityHeader = values['identity-header'];
  if (values['certs-dir']) options.certsDir = values['certs-dir'];
  return options;
}

/** The argv that reproduces options (for spawning a child emulator). */
export function emulatorArgs(options: ArmEmulatorOptions): string[] {
  const args: string[] = [];
  const add = (flag: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(`--${flag}`, String(value));
  };
  add('port', options.port);
  add('scenario', options.scenario);
  add('state', options.state);
  add('latency-ms', options.latencyMs);
  add('seed', options.seed);
  add('retry-after', options.retryAfterSeconds);
  add('page-size', options.pageSize);
  add('event-retry-scale', options.eventRetryScale);
  add('identity-header', options.identityHeader);
  add('certs-dir', options.certsDir);
  if (options.fast) args.push('--fast');
  return args;
}
