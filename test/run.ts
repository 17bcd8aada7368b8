/**
 * The test command: prepares what the tests share, runs node's test runner over an explicit list of
 * compiled test files, and tears down whatever happens.
 *
 * Node 20 and 22 expand directories and globs differently, so the list is built here: every
 * `dist/test/**\/*.test.js` outside `fixtures/`. Arguments filter the list by substring
 * (`npm run test:only -- unit/` runs the unit tests only).
 *
 * Steps: (1) pick the test files; (2) make the local CA and certificates (NODE_EXTRA_CA_CERTS); (3) start one
 * Azurite for the whole run (temp data folder, free ports) and hand its connection string to the tests as
 * TEST_STORAGE_CONNECTION_STRING; (4) run the tests; (5) stop Azurite's process group, also on failure and on
 * SIGINT/SIGTERM.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from '../local/azurite.js';
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

// Step 1: the test files.
const filters = process.argv.slice(2);
const files = testFiles(testRoot)
  .filter((file) => filters.length === 0 || filters.some((f) => relative(testRoot, file).split(sep).join('/').includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '(all)'} under ${testRoot}`);
  process.exit(1);
}

// Step 2: local certificates for the ARM emulator's HTTPS. Node reads NODE_EXTRA_CA_CERTS only at start,
// so the test processes get it here, after the CA exists.
const { caFile } = await ensureLocalCertificates();

// Step 3: one Azurite for the run.
const azurite = await startAzurite({ ports: 'any' });
const testEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_EXTRA_CA_CERTS: caFile,
  TEST_STORAGE_CONNECTION_STRING: azurite.connectionString,
};

// Step 4: the tests; step 5: teardown, whatever happens.
let exitCode = 1;
try {
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--test', `--test-timeout=${perTestTimeoutMs}`, ...files], { stdio: 'inherit', env: testEnv });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  });
} finally {
  await azurite.stop();
}
process.exit(exitCode);
