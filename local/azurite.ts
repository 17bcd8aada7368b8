import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Options of {@link startAzurite}. */
export interface AzuriteOptions {
  /** Data folder (`--location`); default a new temp folder, removed again by `stop()`. */
  location?: string;
  /** `default`: 10000/10001/10002 (what `UseDevelopmentStorage=true` means); `any`: free ports. Default `any`. */
  ports?: 'default' | 'any';
}

/** A running Azurite. */
export interface RunningAzurite {
  /** A full connection string for the well-known development account on the bound ports. */
  connectionString: string;
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  pid: number;
  /** SIGTERM to Azurite's process group, then waits for it to exit (SIGKILL if it does not within 5 s). */
  stop(): Promise<void>;
}

/** The development storage account every Azurite and the storage emulator know. */
const account = 'devstoreaccount1';
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Starts the npm `azurite` package (blob, queue and table) with this Node (`process.execPath`), on
 * 127.0.0.1 only, with `--skipApiVersionCheck` (newer SDKs send newer API versions) and `--location` a
 * data folder, in its own process group so that nothing is orphaned. Resolves once all three services
 * print their listening address; rejects with Azurite's output if it exits first or takes over 30 s.
 */
export function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const ownLocation = options.location === undefined;
  const location = options.location ?? mkdtempSync(join(tmpdir(), 'azurite-'));
  const port = (fixed: number): string => String(options.ports === 'default' ? fixed : 0);
  const bin = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const args = [bin, '--location', location, '--skipApiVersionCheck', '--blobHost', '127.0.0.1', '--blobPort', port(10000), '--queueHost', '127.0.0.1', '--queuePort', port(10001), '--tableHost', '127.0.0.1', '--tablePort', port(10002)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const cleanup = (): void => {
    if (ownLocation) rmSync(location, { recursive: true, force: true });
  };
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // already gone
    }
  };

  return new Promise<RunningAzurite>((resolve, reject) => {
    let started = false;
    const fail = (why: string): void => {
      if (started) return;
      clearTimeout(timeout);
      signal('SIGKILL');
      void exited.then(cleanup);
      reject(new Error(`Azurite did not start: ${why}. Its output:\n${output}`));
    };
    const timeout = setTimeout(() => fail('no listening addresses within 30 s'), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const endpoint = (service: string): string | undefined => new RegExp(`Azurite ${service} service is successfully listening at (http://\\S+)`).exec(output)?.[1];
      const blob = endpoint('Blob');
      const queue = endpoint('Queue');
      const table = endpoint('Table');
      if (!blob || !queue || !table) return;
      started = true;
      clearTimeout(timeout);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      // Keep draining the pipes so Azurite never blocks on a full one.
      child.stdout.resume();
      child.stderr.resume();
      const blobEndpoint = `${blob}/${account}`;
      const queueEndpoint = `${queue}/${account}`;
      const tableEndpoint = `${table}/${account}`;
      resolve({
        connectionString: `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`,
        blobEndpoint,
        queueEndpoint,
        tableEndpoint,
        pid: child.pid as number,
        async stop() {
          signal('SIGTERM');
          const killer = setTimeout(() => signal('SIGKILL'), 5_000);
          await exited;
          clearTimeout(killer);
          cleanup();
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => fail('it exited'));
  });
}
