/**
 * Locates the repository root from any compiled or source module, so local tools find `.local/` and
 * `../shared` the same way whether they run from `dist/` or are imported by tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageName = 'vnet-peering-keeper';

/** The folder holding this repository's `package.json` (the first ancestor of this module that has it). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === packageName) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repoRoot: no package.json named ${packageName} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
