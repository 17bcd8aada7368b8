import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The entry files of a Functions app: its package.json `main`, which may be a glob
 * (`dist/functions/*.js`, `dist/src/functions/**\/*.js`) as the Node worker allows. Files are returned
 * sorted, so registration order does not depend on the file system. Throws, naming the app folder,
 * when `main` is missing or matches nothing.
 */
export function appEntryFiles(appDir: string): string[] {
  const packagePath = join(appDir, 'package.json');
  let main: unknown;
  try {
    main = (JSON.parse(readFileSync(packagePath, 'utf8')) as { main?: unknown }).main;
  } catch (error) {
    throw new Error(`Cannot read the app's package.json at ${packagePath}: ${(error as Error).message}`);
  }
  if (typeof main !== 'string' || main.trim() === '') {
    throw new Error(`${packagePath} has no "main": the host finds the app's functions through it (a file or a glob such as dist/functions/*.js).`);
  }
  const pattern = main.replace(/^\.\//, '');
  if (!/[*?{]/.test(pattern)) {
    const file = resolve(appDir, pattern);
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`The app's main "${main}" (${file}) does not exist: build the app first.`);
    return [file];
  }
  const matcher = globToRegExp(pattern);
  const base = resolve(appDir, globBase(pattern));
  const files = walk(base)
    .map((file) => relative(appDir, file).split(sep).join('/'))
    .filter((file) => matcher.test(file))
    .sort()
    .map((file) => resolve(appDir, file));
  if (files.length === 0) throw new Error(`The app's main glob "${main}" matches no file under ${appDir}: build the app first.`);
  return files;
}

/** The folder part of a glob before its first wildcard segment. */
function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const firstWild = segments.findIndex((segment) => /[*?{]/.test(segment));
  return segments.slice(0, firstWild).join('/') || '.';
}

/** `*` within a segment, `**` across segments, `?` one character, `{a,b}` alternatives. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = pattern.indexOf('}', i);
      source += `(?:${pattern.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
      i = end;
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
