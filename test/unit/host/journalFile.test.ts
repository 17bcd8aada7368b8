import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { JournalFile, readJournal } from '../../../local/host/durable/journalFile.js';

describe('JournalFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('appends records concurrently in call order, one line each', async () => {
    const path = join(dir, 'order.jsonl');
    const journal = await JournalFile.open(path);
    await Promise.all(Array.from({ length: 50 }, (_, n) => journal.append({ n })));
    await journal.close();
    assert.deepEqual(await readJournal<{ n: number }>(path), Array.from({ length: 50 }, (_, n) => ({ n })));
  });

  it('drops a torn last line and cuts it off, so the next append starts clean', async () => {
    const path = join(dir, 'torn.jsonl');
    appendFileSync(path, '{"n":1}\n{"n":2}\n{"n":3');
    assert.deepEqual(await readJournal(path), [{ n: 1 }, { n: 2 }]);
    assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n');
    const journal = await JournalFile.open(path);
    await journal.append({ n: 4 });
    await journal.close();
    assert.deepEqual(await readJournal(path), [{ n: 1 }, { n: 2 }, { n: 4 }]);
  });
});
