/**
 * `src/azure` keeps DESIGN.md's dependency rules, checked on the sources: it imports `src/domain`, the
 * settings, the pure token decoder of `src/events`, and SDKs — never `local/`, `functions/` or
 * `src/workflows`; and it loads the heavy SDKs lazily (only `import type` of them at the top).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/unit/azure: read the TypeScript sources of src/azure.
const azureDir = fileURLToPath(new URL('../../../../src/azure/', import.meta.url));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
const sources = sourcesUnder(azureDir).map((path) => ({ file: relative(azureDir, path), text: readFileSync(path, 'utf8') }));

const srcDir = join(azureDir, '..');
/** What src/azure may import inside src/ (paths relative to src/). */
const ALLOWED = ['azure/', 'domain/', 'config/', 'events/accessToken.js'];

const HEAVY = ['@azure/arm-network', '@azure/arm-compute', '@azure/identity', '@azure/data-tables', '@azure/storage-blob'];

describe('src/azure dependency rules', () => {
  it('has sources to check', () => assert.ok(sources.length >= 8));

  for (const { file, text } of sources) {
    const imports = [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({ typeOnly: Boolean(m[2]), specifier: m[3] as string }));

    it(`${file} imports only src/azure, src/domain, src/config, src/events/accessToken and packages`, () => {
      const bad = imports
        .map((i) => i.specifier)
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(srcDir, join(azureDir, dirname(file), s)).split(sep).join('/'))
        .filter((target) => !ALLOWED.some((allowed) => (allowed.endsWith('/') ? target.startsWith(allowed) : target === allowed)));
      assert.deepEqual(bad, []);
    });

    it(`${file} loads heavy SDKs lazily (only type imports at the top)`, () => {
      const eager = imports.filter((i) => !i.typeOnly && HEAVY.includes(i.specifier)).map((i) => i.specifier);
      assert.deepEqual(eager, []);
    });
  }
});
