import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Options of {@link spawnHost}. */
export interface SpawnHostOptions {
  appDir: string;
  /** Default 0: any free port. */
  port?: number;
  /** Durable state folder (default `<appDir>/.local/host-state`). */
  stateDir?: string;
  virtualClock?: boolean;
  /** Extra environment variables; they win over the app's local.settings.json. */
  env?: Record<string, string>;
  /** Also copy the host's output to this process's stdout/stderr (launchers); tests only capture it. */
  echo?: boolean;
}

/** A host running in a child process. */
export interface RunningHost {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  port: number;
  pid: number;
  /** Everything the host printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the output once it matches `pattern`; rejects if the host exits first. */
  waitForOutput(pattern: RegExp | string): Promise<string>;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL to the whole process group, then waits for the exit. */
  kill(): Promise<void>;
}

const mainScript = fileURLToPath(new URL('./main.js', import.meta.url));
const listening = /Functions host listening on (http:\/\/127\.0\.0\.1:(\d+))/;

/**
 * Starts `npm run host`'s program for one app in a child process (one app per process: the registrations
 * of `@azure/functions` are module state) in its own process group, so `kill()` leaves nothing behind.
 * Resolves once the host prints its `Functions host listening on …` line; rejects with the host's output
 * if it exits before.
 */
export function spawnHost(options: SpawnHostOptions): Promise<RunningHost> {
  const args = [mainScript, options.appDir, '--port', String(options.port ?? 0)];
  if (options.stateDir) args.push('--state', options.stateDir);
  if (options.virtualClock) args.push('--virtual-clock');
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  if (options.echo) {
    child.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const watcher of [...watchers]) watcher();
  });

  const waitForOutput = (pattern: RegExp | string): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const matched = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
        if (matched) {
          watchers.delete(check);
          resolve(text);
        } else if (hasExited) {
          watchers.delete(check);
          reject(new Error(`The host (pid ${child.pid}) exited before printing ${String(pattern)}. Its output:\n${text}`));
        }
      };
      watchers.add(check);
      check();
    });

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // already gone
    }
  };

  return waitForOutput(listening).then((output) => {
    const match = listening.exec(output) as RegExpExecArray;
    return {
      baseUrl: match[1] as string,
      port: Number(match[2]),
      pid: child.pid as number,
      output: () => text,
      waitForOutput,
      async stop() {
        if (!hasExited) {
          child.kill('SIGTERM');
          await exited;
        }
      },
      async kill() {
        if (!hasExited) {
          signalGroup('SIGKILL');
          await exited;
        }
      },
    };
  }, (error: unknown) => {
    signalGroup('SIGKILL');
    throw error;
  });
}
