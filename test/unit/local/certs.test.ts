/**
 * `ensureLocalCertificates`: a CA and a loopback server certificate that Node's TLS accepts, created once
 * and reused, consistent when two processes create them at the same moment.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { repoRoot } from '../../../local/repoRoot.js';
import { ensureLocalCertificates } from '../../../local/certs.js';

const run = promisify(execFile);
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certs-'));
  dirs.push(dir);
  return join(dir, 'certs');
}

test('the server certificate is trusted through the CA for 127.0.0.1 and localhost', async () => {
  const files = await ensureLocalCertificates(freshDir());
  const server = createServer({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    for (const host of ['127.0.0.1', 'localhost']) {
      const body = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', servername: host === 'localhost' ? host : undefined, port, ca: readFileSync(files.caFile), path: '/', headers: { host } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      assert.equal(body, 'ok');
    }
  } finally {
    server.close();
  }
});

test('a second call reuses the files; two processes at once end with one consistent set', async () => {
  const dir = freshDir();
  const script = `import { ensureLocalCertificates } from ${JSON.stringify(join(repoRoot(), 'dist', 'local', 'certs.js'))}; console.log(JSON.stringify(await ensureLocalCertificates(${JSON.stringify(dir)})));`;
  const both = await Promise.all([0, 1].map(() => run(process.execPath, ['--input-type=module', '-e', script])));
  assert.equal(both[0]?.stdout, both[1]?.stdout);
  const files = await ensureLocalCertificates(dir);
  const before = statSync(files.caFile).mtimeMs;
  const again = await ensureLocalCertificates(dir);
  assert.deepEqual(again, files);
  assert.equal(statSync(files.caFile).mtimeMs, before, 'not rewritten');
  const verify = await new Promise<boolean>((resolve) => {
    const server = createServer({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) }, (_q, r) => r.end());
    server.listen(0, '127.0.0.1', () => {
      request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, ca: readFileSync(files.caFile) }, (res) => {
        res.resume();
        res.on('end', () => {
          server.close();
          resolve(true);
        });
      })
        .on('error', () => {
          server.close();
          resolve(false);
        })
        .end();
    });
  });
  assert.equal(verify, true, 'the surviving CA signed the surviving certificate');
});
