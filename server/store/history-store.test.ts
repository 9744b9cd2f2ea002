// The history store on its own: retention in days forgets conversations that ended before the
// period (and keeps newer and still-open ones), changes queue until read, and a conversation left
// open by a stop is closed with its last message at the next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './db';
import { HistoryStore } from './history-store';

const DAY = 24 * 60 * 60 * 1000;
const alice = { email: 'alice@lan', displayName: 'Alice' };
const bob = { email: 'bob@lan', displayName: 'Bob' };

for (const [where, file, writer] of [['a database file (the writer thread)', 'db.sqlite', 'worker'], ['an in-memory database (written inline)', ':memory:', 'inline']] as const) {
test(`retention, ${where}: a 7-day setting forgets what ended 8 days ago and keeps yesterday and open conversations`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-history-store-'));
  const db = openDatabase(file === ':memory:' ? file : path.join(dir, file));
  try {
    const h = new HistoryStore(db);
    const now = Date.now();
    h.offline('old', alice, bob, 'eight days ago', now - 8 * DAY);
    h.offline('recent', alice, bob, 'yesterday', now - DAY);
    h.begin('open', 'switchboard', now - 9 * DAY, [alice, bob]);
    h.message('open', { from: 'alice@lan', kind: 'text', text: 'still talking', time: now - 9 * DAY });
    assert.deepEqual(h.list().map((c) => c.id).sort(), ['old', 'open', 'recent'], 'reading writes the queue first');
    assert.equal(h.writerKind, writer);
    h.setRetentionDays(7);
    assert.deepEqual(h.list().map((c) => c.id).sort(), ['open', 'recent']);
    assert.throws(() => h.setRetentionDays(1.5), /whole number/);
    h.close();

    // Restart: the conversation still open is closed with its last message, and the setting is kept.
    const again = new HistoryStore(db);
    assert.equal(again.retentionDays, 7);
    const open = again.get('open')!;
    assert.equal(open.endedAt, now - 9 * DAY);
    assert.equal(again.prune(now), 1, 'now it has ended, nine days ago');
    again.close();
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
}

/** A store on a fresh database file, the lines it logs, and a cleanup. */
function fileStore(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `butterfly-history-${name}-`));
  const file = path.join(dir, 'db.sqlite');
  const db = openDatabase(file);
  const logged: string[] = [];
  const h = new HistoryStore(db, (line) => logged.push(line));
  return { file, db, h, logged, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('a database file: the writer thread writes the history on its own connection; the main connection stays synchronous FULL', () => {
  const { file, db, h, logged, done } = fileStore('thread');
  try {
    const FULL = 2;
    // Nothing of a flush runs on the main connection: no transaction, no pragma toggled.
    const onMain: string[] = [];
    const { transaction, pragma } = db;
    db.transaction = ((fn: () => unknown) => (onMain.push('transaction'), transaction.call(db, fn))) as typeof db.transaction;
    db.pragma = ((source: string, o?: object) => (onMain.push(source), pragma.call(db, source, o))) as typeof db.pragma;
    h.begin('sb-1', 'switchboard', 1000, [alice, bob]);
    h.message('sb-1', { from: 'alice@lan', kind: 'text', text: 'hi', time: 1001 });
    h.relayed('sb-1', 'bob@lan', 'text', Buffer.from('MSG 1 N 5\r\n\r\nhé!'), 13, 1002);
    h.flush();
    h.settle();
    db.transaction = transaction;
    db.pragma = pragma;
    assert.deepEqual(onMain, []);
    assert.equal(h.writerKind, 'worker');
    assert.equal(db.pragma('synchronous', { simple: true }), FULL);
    // Another connection sees the rows once settle() returned: they are committed.
    const other = new Database(file, { readonly: true });
    try {
      assert.deepEqual(other.prepare('SELECT sender, text, time FROM history_messages ORDER BY id').all(), [
        { sender: 'alice@lan', text: 'hi', time: 1001 },
        { sender: 'bob@lan', text: 'hé!', time: 1002 },
      ]);
    } finally {
      other.close();
    }
    assert.deepEqual(logged, []);
    h.close();
  } finally {
    db.close();
    done();
  }
});

test('a batch the thread cannot write is reported and lost; the next batch is written', () => {
  const { db, h, logged, done } = fileStore('fail');
  try {
    // A real SQLite error inside the thread's transaction, as SQLITE_FULL would be.
    db.exec("CREATE TRIGGER no_room BEFORE INSERT ON history_messages WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'no room for boom'); END");
    h.begin('sb-1', 'switchboard', 1000, [alice, bob]);
    h.message('sb-1', { from: 'alice@lan', kind: 'text', text: 'boom', time: 1001 });
    assert.deepEqual(h.list(), [], 'the whole batch rolled back, its conversation too');
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /could not be written and is lost \(no room for boom\)/);
    h.message('sb-1', { from: 'alice@lan', kind: 'text', text: 'fine', time: 1002 });
    h.begin('sb-2', 'switchboard', 2000, [alice, bob]);
    h.message('sb-2', { from: 'bob@lan', kind: 'text', text: 'still here', time: 2001 });
    assert.deepEqual(h.list().map((c) => [c.id, c.messageCount, c.preview]), [['sb-2', 1, 'still here']]);
    assert.equal(h.writerKind, 'worker');
    assert.equal(logged.length, 1);
    h.close();
  } finally {
    db.close();
    done();
  }
});

test('close() writes every queued row, and the thread closes its connection before the main one', () => {
  const { file, db, h, done } = fileStore('close');
  try {
    h.begin('sb-1', 'switchboard', 1000, [alice, bob]);
    for (let i = 0; i < 500; i++) h.message('sb-1', { from: 'alice@lan', kind: 'text', text: `line ${i}`, time: 1001 + i });
    h.flush();
    h.message('sb-1', { from: 'bob@lan', kind: 'text', text: 'last', time: 2000 });
    h.end('sb-1', 2001);
    h.close();
    db.close();
    // The last connection to close checkpoints the WAL into the file and removes it: the main one.
    assert.equal(fs.existsSync(`${file}-wal`), false, 'no connection left open');
    const again = new Database(file, { readonly: true });
    try {
      assert.deepEqual(again.prepare('SELECT COUNT(*) AS n, MAX(text) AS t FROM history_messages WHERE sender = ?').get('bob@lan'), { n: 1, t: 'last' });
      assert.equal((again.prepare('SELECT COUNT(*) AS n FROM history_messages').get() as { n: number }).n, 501);
      assert.equal((again.prepare('SELECT ended_at FROM history_conversations').get() as { ended_at: number }).ended_at, 2001);
    } finally {
      again.close();
    }
  } finally {
    if (db.open) db.close();
    done();
  }
});

test('after a crowd left: the writer thread is let go while nobody talks, kept while a conversation is open', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-history-store-'));
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  try {
    const h = new HistoryStore(db);
    h.begin('sb-1', 'switchboard', 1, [alice, bob]);
    h.message('sb-1', { from: 'alice@lan', kind: 'text', text: 'hi', time: 2 });
    h.settle();
    assert.equal(h.releaseIdleWriter(), false, 'sb-1 is still open');
    h.end('sb-1', 3);
    assert.equal(h.releaseIdleWriter(), true, 'nobody talks: the thread goes');
    assert.equal(h.releaseIdleWriter(), false, 'no thread left to let go');
    const ended = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
    assert.equal((ended.prepare('SELECT ended_at FROM history_conversations WHERE id = ?').get('sb-1') as { ended_at: number }).ended_at, 3, 'the end was written before the thread went');
    ended.close();
    h.begin('sb-2', 'switchboard', 4, [alice, bob]);
    h.message('sb-2', { from: 'bob@lan', kind: 'text', text: 'back', time: 5 });
    assert.deepEqual(h.get('sb-2')?.messages.map((m) => m.text), ['back'], 'the next conversation starts another thread');
    assert.equal(h.writerKind, 'worker');
    h.close();
  } finally {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
