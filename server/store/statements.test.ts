// transaction() takes the write lock first (BEGIN IMMEDIATE). Two connections write the database
// (the main one, and the history's writer thread): a deferred transaction that read, then saw
// the other connection commit, then wrote, failed at once with SQLITE_BUSY_SNAPSHOT, busy
// timeout or not. Here a second connection stands in for the thread, at the worst moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getSetting, openDatabase, setSetting } from './db';
import { transaction } from './statements';

test('a transaction that reads then writes succeeds when another connection tries to commit in between', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-statements-'));
  const file = path.join(dir, 'db.sqlite');
  const db = openDatabase(file);
  const other = new Database(file, { timeout: 0 });
  try {
    const insert = other.prepare("INSERT INTO history_conversations (id, kind, started_at, participants) VALUES ('x', 'switchboard', 1, '[]')");
    let otherWrote: string;
    transaction(db, () => {
      const n = Number(getSetting(db, 'change_seq'));
      try {
        insert.run();
        otherWrote = 'committed';
      } catch (e) {
        otherWrote = (e as { code?: string }).code ?? String(e);
      }
      setSetting(db, 'change_seq', String(n + 1));
    });
    assert.equal(otherWrote!, 'SQLITE_BUSY', 'the other connection waits for the lock (here: no busy timeout, so it is told)');
    assert.equal(getSetting(db, 'change_seq'), '1');
    insert.run(); // and writes once the transaction is over
  } finally {
    other.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
