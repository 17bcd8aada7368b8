import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What {@link loadLocalSettings} did. */
export interface LoadedSettings {
  /** The file read, or undefined when the app has no local.settings.json. */
  file: string | undefined;
  /** Names set from the file. */
  applied: string[];
  /** Names the file has but the environment already set (the environment wins). */
  overridden: string[];
}

/**
 * Loads `<appDir>/local.settings.json` `Values` into `env`, as Core Tools does: a variable already set in
 * the environment wins, so a launcher or a test can override any setting. A missing file is fine (Azure
 * reads app settings from the environment only); a malformed one throws, naming the file.
 */
export function loadLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): LoadedSettings {
  const file = join(appDir, 'local.settings.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { file: undefined, applied: [], overridden: [] };
  }
  let values: unknown;
  try {
    values = (JSON.parse(text) as { Values?: unknown }).Values ?? {};
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error(`${file}: "Values" must be an object of setting names to strings.`);
  const applied: string[] = [];
  const overridden: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (env[name] !== undefined) {
      overridden.push(name);
      continue;
    }
    env[name] = typeof value === 'string' ? value : JSON.stringify(value);
    applied.push(name);
  }
  return { file, applied, overridden };
}

/**
 * Resolves `%Name%` binding expressions in every string property of `value` (deeply) from `settings`, as
 * Azure resolves app-setting expressions in binding properties such as a timer's schedule. An expression
 * whose setting is missing throws, naming the setting and `where` (`Function 'audit'`).
 */
export function resolveBindingExpressions<T>(value: T, settings: NodeJS.ProcessEnv, where: string): T {
  if (typeof value === 'string') {
    return value.replace(/%([^%\s]+)%/g, (_match, name: string) => {
      const resolved = settings[name];
      if (resolved === undefined) throw new Error(`${where}: the binding expression '%${name}%' does not resolve to a value: set the app setting ${name}.`);
      return resolved;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => resolveBindingExpressions(item, settings, where)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveBindingExpressions(item, settings, where)])) as T;
  }
  return value;
}
