// The history store on its own: retention in days forgets conversations that ended before the
// period (and keeps newer and still-open ones), changes queue until read, and a conversation left
// open by a stop is closed with its last message at the next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './db';
import { HistoryStore } from './history-store';

const DAY = 24 * 60 * 60 * 1000;
const alice = { email: 'alice@lan', displayName: 'Alice' };
const bob = { email: 'bob@lan', displayName: 'Bob' };

test('retention: a 7-day setting forgets what ended 8 days ago and keeps yesterday and open conversations', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-history-store-'));
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  try {
    const h = new HistoryStore(db);
    const now = Date.now();
    h.offline('old', alice, bob, 'eight days ago', now - 8 * DAY);
    h.offline('recent', alice, bob, 'yesterday', now - DAY);
    h.begin('open', 'switchboard', now - 9 * DAY, [alice, bob]);
    h.message('open', { from: 'alice@lan', kind: 'text', text: 'still talking', time: now - 9 * DAY });
    assert.deepEqual(h.list().map((c) => c.id).sort(), ['old', 'open', 'recent'], 'reading writes the queue first');
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

test('history is written without an fsync per flush; every other write still waits for the disk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-history-sync-'));
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  try {
    const FULL = 2;
    const NORMAL = 1;
    assert.equal(db.pragma('synchronous', { simple: true }), FULL);
    const h = new HistoryStore(db);
    // What the history's own transaction runs under (better-sqlite3 calls transaction() per flush).
    const seen: unknown[] = [];
    const transaction = db.transaction.bind(db);
    db.transaction = ((fn: () => unknown) => {
      seen.push(db.pragma('synchronous', { simple: true }));
      return transaction(fn);
    }) as typeof db.transaction;
    h.begin('sb-1', 'switchboard', Date.now(), [alice, bob]);
    h.message('sb-1', { from: 'alice@lan', kind: 'text', text: 'hi', time: Date.now() });
    h.flush();
    db.transaction = transaction;
    assert.deepEqual(seen, [NORMAL]);
    assert.equal(db.pragma('synchronous', { simple: true }), FULL, 'restored for the lists and accounts');
    assert.equal(h.get('sb-1')!.messages[0]!.text, 'hi');
    h.close();
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
