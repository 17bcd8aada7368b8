/**
 * The local certificate authority and the loopback server certificate the ARM emulator serves.
 *
 * `@azure/core-rest-pipeline` refuses to send a bearer token over plain HTTP, so the emulator speaks HTTPS;
 * clients trust it through `NODE_EXTRA_CA_CERTS=<caFile>`, which Node reads only when a process starts. Hence
 * this runs before any process that needs the files (test runner, `emulator` and `az` launchers).
 *
 * Keys come from `node:crypto` (native, fast); certificates are built with `node-forge`, so the machine
 * needs no `openssl`. Writes are atomic (temp file + rename) and guarded by a lock folder, so two processes
 * that call this at once end up with one consistent CA/certificate/key triple.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import forge from 'node-forge';
import { repoRoot } from './repoRoot.js';

/** Paths of the PEM files: the CA to trust, and the server's certificate and private key. */
export interface LocalCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

const lockStaleMs = 30_000;
const renewBeforeMs = 7 * 24 * 3600_000;

/** The default folder: `.local/certs` under the repository root (git-ignored). */
export function defaultCertificatesDir(): string {
  return join(repoRoot(), '.local', 'certs');
}

/**
 * Makes sure a CA and a `localhost`/`127.0.0.1`/`::1` server certificate signed by it exist in `dir`, creating
 * or renewing them when missing, mismatched or close to expiry. Idempotent and safe to call concurrently.
 */
export async function ensureLocalCertificates(dir: string = defaultCertificatesDir()): Promise<LocalCertificates> {
  const files: LocalCertificates = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.lock');
  for (;;) {
    if (!existsSync(lock) && certificatesAreValid(files)) return files;
    if (tryLock(lock)) {
      try {
        if (!certificatesAreValid(files)) writeCertificates(files);
        return files;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    // Another process is writing them: wait for its lock to go (or go stale), then re-check.
    await delay(50);
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (Date.now() - statMtime(lock) > lockStaleMs) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function certificatesAreValid(files: LocalCertificates): boolean {
  try {
    const ca = forge.pki.certificateFromPem(readFileSync(files.caFile, 'utf8'));
    const cert = forge.pki.certificateFromPem(readFileSync(files.certFile, 'utf8'));
    const key = forge.pki.privateKeyFromPem(readFileSync(files.keyFile, 'utf8'));
    const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
    const renewAt = Date.now() + renewBeforeMs;
    return (
      ca.verify(cert) &&
      certKey.n.equals(key.n) &&
      cert.validity.notAfter.getTime() > renewAt &&
      ca.validity.notAfter.getTime() > renewAt
    );
  } catch {
    return false;
  }
}

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function serialNumber(): string {
  // Positive (leading byte < 0x80) and unique per certificate.
  return '01' + randomBytes(15).toString('hex');
}

function writeCertificates(files: LocalCertificates): void {
  const now = new Date(Date.now() - 60_000);
  const caKeys = newKeyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serialNumber();
  ca.validity.notBefore = now;
  ca.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
  const caName = [{ name: 'commonName', value: 'vnet-peering-keeper local CA' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + 825 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  // Key and certificate first, CA last: a reader validates the triple, so a half-written set is never used.
  writeAtomically(files.keyFile, serverKeys.pem, 0o600);
  writeAtomically(files.certFile, forge.pki.certificateToPem(cert));
  writeAtomically(files.caFile, forge.pki.certificateToPem(ca));
}

function writeAtomically(path: string, content: string, mode = 0o644): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, path);
}
