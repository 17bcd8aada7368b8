import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// Compiled to dist/test/unit/domain: read the TypeScript sources of src/domain.
const domainDir = new URL('../../../../src/domain/', import.meta.url);
const sources = readdirSync(domainDir)
  .filter((f) => f.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(new URL(file, domainDir), 'utf8') }));

/** Modules src/domain may import besides its own files: deterministic, no I/O. */
const ALLOWED = new Set(['node:crypto', 'ipaddr.js']);

describe('src/domain stays pure (DESIGN.md dependency rules)', () => {
  it('has sources to check', () => assert.ok(sources.length >= 10));

  for (const { file, text } of sources) {
    it(`${file} imports only its siblings, node:crypto and ipaddr.js`, () => {
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
      const outside = specifiers.filter((s) => !(s.startsWith('./') && !s.includes('/', 2)) && !ALLOWED.has(s));
      assert.deepEqual(outside, []);
    });

    it(`${file} reads no clock and no randomness (orchestrators replay it)`, () => {
      assert.doesNotMatch(text, /Date\.now\(|new Date\(|Math\.random\(|performance\.now\(|process\.(env|hrtime)|randomUUID|setTimeout|setInterval/);
    });
  }
});
