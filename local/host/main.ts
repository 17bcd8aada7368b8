/**
 * The local Functions host's command line:
 * `npm run host -- <appDir> [--port N] [--state DIR] [--virtual-clock] [--verbose]`.
 * Prints the function list like `func start`, then `Functions host listening on http://127.0.0.1:PORT`;
 * SIGINT/SIGTERM stop it cleanly.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLogger } from './log.js';
import { startHost } from './startHost.js';

const usage = 'usage: npm run host -- <appDir> [--port N] [--state DIR] [--virtual-clock] [--verbose]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '7071' },
      state: { type: 'string' },
      'virtual-clock': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const appDir = positionals[0];
  if (!appDir || positionals.length > 1) throw new Error(usage);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (0 for any free port), not '${values.port}'.`);
  const log = consoleLogger({ verbose: values.verbose });
  const host = await startHost({
    appDir,
    port,
    stateDir: values.state ?? join(resolve(appDir), '.local', 'host-state'),
    virtualClock: values['virtual-clock'],
    log,
  });
  process.stdout.write(`${host.listing}\nFunctions host listening on ${host.baseUrl}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log('information', `${signal}: stopping the Functions host.`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', `Stopping failed: ${(error as Error).stack ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The Functions host could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
