/**
 * Launcher for npm scripts that talk HTTPS to the local emulator: ensures the local certificates, then runs
 * the given Node script in a child with `NODE_EXTRA_CA_CERTS` set (Node reads it only at process start).
 *
 * Usage: `node dist/local/withCerts.js <script.js> [args...]`. Signals are forwarded; the exit code is the child's.
 */
import { spawn } from 'node:child_process';
import { ensureLocalCertificates } from './certs.js';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: withCerts <script.js> [args...]');
  process.exit(2);
}
const { caFile } = await ensureLocalCertificates();
const child = spawn(process.execPath, [script, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
