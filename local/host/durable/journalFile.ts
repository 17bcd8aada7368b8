import { open, readFile, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * An append-only file of JSON records, one per line, made durable with group commit: `append` resolves
 * once its record is written and fsync'd; records appended while a write is in flight go out together in
 * the next write (one fsync for many records). A crash can leave at most a torn last line, which
 * {@link readJournal} drops (and truncates away before appending again).
 */
export class JournalFile {
  readonly path: string;
  readonly #handle: FileHandle;
  #pending: string[] = [];
  #waiters: Waiter[] = [];
  #writing = false;
  #closed = false;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** Opens (or creates) `path` for appending. */
  static async open(path: string): Promise<JournalFile> {
    return new JournalFile(path, await open(path, 'a'));
  }

  /** Appends `record` as one line; resolves once it is on disk. */
  append(record: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`Journal ${this.path} is closed.`));
    this.#pending.push(`${JSON.stringify(record)}\n`);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    void this.#drain();
    return done;
  }

  /** Waits for pending writes, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#pending.length > 0 || this.#writing) await new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#closed = true;
    await this.#handle.close();
  }

  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0).join('');
        const waiters = this.#waiters.splice(0);
        try {
          await this.#handle.appendFile(batch);
          await this.#handle.datasync();
          waiters.forEach((w) => w.resolve());
        } catch (error) {
          waiters.forEach((w) => w.reject(error));
        }
      }
      // close() may wait with nothing pending: release it.
      this.#waiters.splice(0).forEach((w) => w.resolve());
    } finally {
      this.#writing = false;
    }
  }
}

/**
 * Reads every complete record of a journal. A torn final line (a crash in the middle of a write) is
 * dropped and cut off the file, so that the next append starts on a clean line.
 */
export async function readJournal<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  const records: T[] = [];
  let goodLength = 0;
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end < 0) break;
    const line = text.slice(offset, end);
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      break;
    }
    offset = end + 1;
    goodLength = Buffer.byteLength(text.slice(0, offset));
  }
  if (goodLength < Buffer.byteLength(text)) await truncate(path, goodLength);
  return records;
}
