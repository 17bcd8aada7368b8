/**
 * `src/report` is pure: it renders what it is given. It imports only `src/domain` and its own modules (no
 * SDK, no I/O, nothing from local/), and reads no clock and no randomness — the same report always renders
 * to the same page, and the audit can build it anywhere (an activity, an orchestrator, a test).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const reportDir = new URL('../../../../src/report/', import.meta.url);
const sources = readdirSync(reportDir)
  .filter((f) => f.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(new URL(file, reportDir), 'utf8') }));

describe('src/report stays pure', () => {
  it('has sources to check', () => assert.ok(sources.length >= 6));
  for (const { file, text } of sources) {
    it(`${file} imports only src/domain and its siblings`, () => {
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
      assert.deepEqual(specifiers.filter((s) => !/^\.\/[^/]+\.js$/.test(s) && !/^\.\.\/domain\/[^/]+\.js$/.test(s)), []);
      assert.doesNotMatch(text, /\bimport\(/, 'no dynamic imports either');
    });
    it(`${file} reads no clock and no randomness`, () => {
      assert.doesNotMatch(text, /Date\.now\(|new Date\(|Math\.random\(|performance\.now\(|process\.|randomUUID/);
    });
  }
});
