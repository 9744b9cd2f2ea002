// The writer thread stops when it had no batch since the last look (a thread is ~10 MB of RSS) and
// a new one starts at the next batch; nothing queued is lost across the change. The timer that
// looks every minute is left out: the test looks itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './db';
import { HistoryQueue } from './history-queue';
import { ThreadHistoryWriter } from './history-writer';

test('an idle writer thread stops, and the next batch starts another', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-history-writer-'));
  const file = path.join(dir, 'db.sqlite');
  const db = openDatabase(file);
  const logged: string[] = [];
  try {
    const w = new ThreadHistoryWriter(db, (line) => logged.push(line));
    const q = new HistoryQueue();
    const texts = () => (db.prepare('SELECT text FROM history_messages ORDER BY id').all() as { text: string }[]).map((r) => r.text);
    assert.equal(w.threadRunning, false, 'no thread before the first batch');
    q.change({ op: 'begin', id: 'sb-1', kind: 'switchboard', startedAt: 1, participants: [] });
    q.message('sb-1', 'alice@lan', 'text', 'first', 2);
    w.write(q.take());
    w.settle();
    assert.deepEqual(texts(), ['first']);
    assert.equal(w.stopIfIdle(), false, 'a batch came since the last look');
    assert.equal(w.threadRunning, true);
    assert.equal(w.stopIfIdle(), true, 'none since');
    assert.equal(w.threadRunning, false);
    q.message('sb-1', 'bob@lan', 'text', 'second', 3);
    w.write(q.take());
    assert.equal(w.threadRunning, true);
    assert.equal(w.kind, 'worker');
    w.settle();
    assert.deepEqual(texts(), ['first', 'second']);
    w.close();
    db.close();
    assert.equal(fs.existsSync(`${file}-wal`), false, 'both threads closed their connections');
    assert.deepEqual(logged, []);
  } finally {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
