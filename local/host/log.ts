/** Severity of a host log line (the worker's levels). */
export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';

/** Where the host writes its log lines: one call per line, without the trailing newline. */
export interface HostLogger {
  (level: LogLevel, message: string): void;
}

/**
 * The host's console log, formatted like `func start` (`[timestamp] message`); warnings and errors go to
 * stderr so a launcher can tell them apart. `trace`/`debug` lines are shown only when `verbose`.
 */
export function consoleLogger(options: { verbose?: boolean } = {}): HostLogger {
  return (level, message) => {
    if (level === 'none' || ((level === 'trace' || level === 'debug') && !options.verbose)) return;
    const line = `[${new Date().toISOString()}] ${message}`;
    if (level === 'warning' || level === 'error' || level === 'critical') process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
}
