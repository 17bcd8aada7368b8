/**
 * The test command: runs node's test runner over an explicit list of compiled test files.
 *
 * Node 20 and 22 expand directories and globs differently, so the list is built here: every
 * `dist/test/**\/*.test.js` outside `fixtures/`. Arguments filter the list by substring
 * (`npm run test:only -- unit/` runs the unit tests only).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalCertificates } from '../local/certs.js';

const testRoot = fileURLToPath(new URL('.', import.meta.url));
const perTestTimeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 180_000);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = testFiles(testRoot)
  .filter((file) => filters.length === 0 || filters.some((f) => relative(testRoot, file).split(sep).join('/').includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '(all)'} under ${testRoot}`);
  process.exit(1);
}

// Step: local certificates for the ARM emulator's HTTPS. Node reads NODE_EXTRA_CA_CERTS only at start,
// so the test processes get it here, after the CA exists.
const { caFile } = await ensureLocalCertificates();
const testEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caFile };

const child = spawn(process.execPath, ['--test', `--test-timeout=${perTestTimeoutMs}`, ...files], { stdio: 'inherit', env: testEnv });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
