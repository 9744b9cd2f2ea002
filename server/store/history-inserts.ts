// The history's four write statements and one batch's transaction: the same code whether it runs
// on the history's writer thread (history-worker.ts, its own connection) or on the main connection
// (history-writer.ts's inline writer, for in-memory databases and when the thread cannot start).
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { readBatch, type HistoryBatch } from './history-queue';

export type HistoryInserts = Record<'begin' | 'participants' | 'message' | 'end', Statement>;

/** Prepared once per connection: a batch comes five times a second while people talk. */
export function prepareHistoryInserts(db: Db): HistoryInserts {
  return {
    begin: db.prepare('INSERT OR IGNORE INTO history_conversations (id, kind, started_at, participants) VALUES (?, ?, ?, ?)'),
    participants: db.prepare('UPDATE history_conversations SET participants = ? WHERE id = ?'),
    message: db.prepare(
      'INSERT INTO history_messages (conversation_id, sender, kind, text, time) ' +
        'SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM history_conversations WHERE id = ?)',
    ),
    end: db.prepare('UPDATE history_conversations SET ended_at = ? WHERE id = ?'),
  };
}

/**
 * Writes a batch in one transaction, BEGIN IMMEDIATE: it takes the write lock first (waiting
 * for the other connection's writes), so it never fails with SQLITE_BUSY halfway. All or nothing.
 */
export function writeHistoryBatch(db: Db, s: HistoryInserts, batch: HistoryBatch): void {
  db.transaction(() => {
    readBatch(batch, {
      change: (c) => {
        if (c.op === 'begin') s.begin.run(c.id, c.kind, c.startedAt, JSON.stringify(c.participants));
        else if (c.op === 'participants') s.participants.run(JSON.stringify(c.participants), c.id);
        else s.end.run(c.endedAt, c.id);
      },
      message: (id, from, kind, text, time) => s.message.run(id, from, kind, text, time, id),
    });
  }).immediate();
}
