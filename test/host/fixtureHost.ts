import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningHost, SpawnHostOptions } from '../../local/host/spawnHost.js';
import { spawnHost } from '../../local/host/spawnHost.js';

/** The source folder of a fixture app (the compiled tests live in dist/test, the fixtures stay in test/). */
export function fixtureApp(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/apps/${name}`, import.meta.url));
}

/** A host for a fixture app, with its own temp folders. */
export interface FixtureHost {
  host: RunningHost;
  /** Kills the host's process group and removes the temp folders (call it from `after`). */
  dispose(): Promise<void>;
  /** Where the fixture's functions write what they saw (`FIXTURE_OUT`). */
  outDir: string;
  stateDir: string;
}

/** Starts a fixture app on a free port with fresh state and output folders (unless `stateDir` is given). */
export async function startFixtureHost(name: string, options: Omit<SpawnHostOptions, 'appDir'> & { root?: string } = {}): Promise<FixtureHost> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), `host-${name}-`));
  const outDir = join(root, 'out');
  const stateDir = options.stateDir ?? join(root, 'state');
  mkdirSync(outDir, { recursive: true });
  const host = await spawnHost({ ...options, appDir: fixtureApp(name), stateDir, env: { FIXTURE_OUT: outDir, ...options.env } });
  return {
    host,
    outDir,
    stateDir,
    async dispose() {
      await host.kill();
      if (!options.root) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** `fetch` returning status, headers and the parsed (JSON if possible) body. */
export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body, text };
}
