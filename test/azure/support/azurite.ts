/**
 * Storage for tests: the runner's Azurite when `TEST_STORAGE_CONNECTION_STRING` is set, else an Azurite of
 * our own — the `azurite` package's bin, in memory, every port 0, in its own process group (killed in
 * `stop()`), its ports read from its "successfully listening" lines.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** Azurite's well-known development account. */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A storage endpoint for a test. */
export interface TestStorage {
  readonly connectionString: string;
  /** Stops the Azurite this kit started (nothing when the runner's is used). */
  stop(): Promise<void>;
}

/** The connection string of an Azurite listening on these ports. */
export function azuriteConnectionString(blobPort: number, tablePort: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${blobPort}/${ACCOUNT};TableEndpoint=http://127.0.0.1:${tablePort}/${ACCOUNT};`;
}

/** Uses the runner's storage or starts Azurite in memory on free ports. */
export async function startTestStorage(): Promise<TestStorage> {
  const given = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (given) return { connectionString: given, stop: async () => {} };

  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('azurite/package.json'));
  const bin = (require('azurite/package.json') as { bin: Record<string, string> }).bin.azurite ?? 'dist/src/azurite.js';
  const child = spawn(
    process.execPath,
    [join(packageDir, bin), '--inMemoryPersistence', '--blobPort', '0', '--queuePort', '0', '--tablePort', '0', '--skipApiVersionCheck', '--disableTelemetry', '--loose', '--silent'],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = once(child, 'exit');
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  const ports: Record<string, number> = {};
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`Azurite exited (${code}) before listening: ${stderr.trim()}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /Azurite (Blob|Table) service is successfully listening at http:\/\/[^:]+:(\d+)/.exec(line);
        if (match) ports[match[1] as string] = Number(match[2]);
        if (ports.Blob && ports.Table) resolve();
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout.resume();
  return { connectionString: azuriteConnectionString(ports.Blob as number, ports.Table as number), stop };
}
