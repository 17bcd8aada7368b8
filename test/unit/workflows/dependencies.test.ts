/**
 * `src/workflows` and `functions/` keep DESIGN.md's rules, checked on the sources: the orchestrator side
 * (`src/workflows/reconcile`, `src/workflows/audit`, `tickets.ts`, `handOver.ts`) imports only `src/domain`, its own modules and
 * `durable-functions` (deterministic on replay, no Azure SDK); the activity and intake bodies may use
 * `src/azure`, `src/config` and `src/events`; `functions/` adapters load `src/azure` and the heavy SDKs
 * only with `await import(...)` (cold start); nothing imports `local/`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Static imports of a file as repository paths (or package names), with whether they are type-only. */
function importsOf(path: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => {
    const specifier = m[2] as string;
    const target = specifier.startsWith('.') ? relative(root, join(dirname(path), specifier)).split(sep).join('/') : specifier;
    return { target, typeOnly: Boolean(m[1]) };
  });
}

const HEAVY = ['@azure/arm-network', '@azure/arm-compute', '@azure/identity', '@azure/data-tables', '@azure/storage-blob', '@azure/eventgrid'];
const rel = (path: string) => relative(root, path).split(sep).join('/');

describe('src/workflows and functions/ dependency rules', () => {
  const orchestratorSide = [...sourcesUnder(join(root, 'src/workflows/reconcile')), ...sourcesUnder(join(root, 'src/workflows/audit')), join(root, 'src/workflows/tickets.ts'), join(root, 'src/workflows/handOver.ts')];
  it('has orchestrator sources to check', () => assert.ok(orchestratorSide.length >= 10));
  for (const file of orchestratorSide) {
    it(`${rel(file)} imports only src/domain, its own modules and durable-functions`, () => {
      const bad = importsOf(file)
        .map((i) => i.target)
        .filter((t) => !(t.startsWith('src/domain/') || t.startsWith('src/workflows/reconcile/') || t.startsWith('src/workflows/audit/') || t === 'src/workflows/tickets.js' || t === 'durable-functions'));
      assert.deepEqual(bad, []);
    });
  }

  for (const file of [...sourcesUnder(join(root, 'src')), ...sourcesUnder(join(root, 'functions'))]) {
    it(`${rel(file)} imports nothing from local/ and no heavy SDK eagerly`, () => {
      const imports = importsOf(file);
      assert.deepEqual(imports.filter((i) => i.target.startsWith('local/')).map((i) => i.target), []);
      assert.deepEqual(imports.filter((i) => !i.typeOnly && HEAVY.includes(i.target)).map((i) => i.target), []);
    });
  }

  for (const file of sourcesUnder(join(root, 'functions'))) {
    it(`${rel(file)} loads src/azure, activities and intake only lazily`, () => {
      const eager = importsOf(file).filter((i) => !i.typeOnly && /^src\/(azure|workflows\/activities|workflows\/intake)\//.test(i.target));
      assert.deepEqual(eager.map((i) => i.target), []);
    });
  }
});
