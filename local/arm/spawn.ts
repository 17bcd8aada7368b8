/**
 * `spawnArmEmulator(options)`: the emulator as a child process in its own process group (for end-to-end
 * tests that restart or kill it, and for the local launcher). Resolves once it prints its listening line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureLocalCertificates } from '../certs.js';
import { emulatorArgs } from './cliOptions.js';
import { ArmControlClient } from './controlClient.js';
import type { ArmEmulatorOptions } from './server.js';

/** Options of a spawned emulator: those of the in-process one that a command line can carry. */
export type SpawnArmEmulatorOptions = Omit<ArmEmulatorOptions, 'scenarioDocument' | 'onResponse'> & {
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
  /** Give up waiting for the listening line after this long (default 30 s). */
  startTimeoutMs?: number;
};

/** A spawned emulator. */
export interface SpawnedEmulator {
  url: string;
  port: number;
  caFile: string;
  identityHeader: string;
  pid: number;
  control: ArmControlClient;
  /** SIGTERM to the process group; resolves when the child exited. */
  stop(): Promise<void>;
  /** SIGKILL to the process group (a crash); resolves when the child exited. */
  kill(): Promise<void>;
}

const mainScript = fileURLToPath(new URL('./main.js', import.meta.url));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Starts `dist/local/arm/main.js` in its own process group and waits for it to listen. */
export async function spawnArmEmulator(options: SpawnArmEmulatorOptions = {}): Promise<SpawnedEmulator> {
  const { caFile } = await ensureLocalCertificates(options.certsDir);
  const identityHeader = options.identityHeader ?? randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [mainScript, ...emulatorArgs({ ...options, identityHeader })], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      signalGroup(child, 'SIGKILL');
      reject(new Error(`ARM emulator did not start within ${options.startTimeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = /^ARM emulator listening on (https:\/\/\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`ARM emulator exited before listening (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    caFile,
    identityHeader,
    pid: child.pid as number,
    control: new ArmControlClient(url, { ca: readFileSync(caFile) }),
    stop: async () => {
      signalGroup(child, 'SIGTERM');
      await exited(child);
    },
    kill: async () => {
      signalGroup(child, 'SIGKILL');
      await exited(child);
    },
  };
}
