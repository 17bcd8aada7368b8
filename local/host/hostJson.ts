import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** The host.json settings the local host honours. */
export interface HostJsonSettings {
  /** HTTP route prefix (`extensions.http.routePrefix`, default `api`). */
  routePrefix: string;
  /** Durable task hub name (`extensions.durableTask.hubName`, default `TestHubName` as in Core Tools). */
  hubName: string;
  /** `extensions.durableTask.maxConcurrentActivityFunctions` (default 10 × cores, as the extension). */
  maxConcurrentActivityFunctions: number;
}

/** Reads `<appDir>/host.json`; a missing file means the defaults, a malformed one throws naming it. */
export function readHostJson(appDir: string): HostJsonSettings {
  const file = join(appDir, 'host.json');
  let json: { extensions?: { http?: { routePrefix?: unknown }; durableTask?: { hubName?: unknown; maxConcurrentActivityFunctions?: unknown } } } = {};
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const routePrefix = json.extensions?.http?.routePrefix;
  const hubName = json.extensions?.durableTask?.hubName;
  const maxActivities = json.extensions?.durableTask?.maxConcurrentActivityFunctions;
  return {
    routePrefix: typeof routePrefix === 'string' ? routePrefix : 'api',
    hubName: typeof hubName === 'string' && hubName !== '' ? hubName : 'TestHubName',
    maxConcurrentActivityFunctions: typeof maxActivities === 'number' && maxActivities > 0 ? maxActivities : 10 * Math.max(1, cpus().length),
  };
}
