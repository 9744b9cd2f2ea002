// Offline messages (OIMs) waiting for their recipient: rows of offline_messages. A message is
// committed (synchronous = FULL) before Store2 or UUM answers, so an acknowledged message survives
// a crash or restart; it leaves only when the recipient deletes it (RSI DeleteMessages) or an
// MSNP8-12 client has had it replayed on the switchboard.
import type { Db } from './db';
import { transaction } from './statements';

export interface OfflineMessage {
  /** The message GUID clients name it by (Mail-Data <I>, GetMessage messageId). */
  id: string;
  recipientId: number;
  senderEmail: string;
  senderName: string;
  /** X-OIM-Run-Id without braces: one per sending client run. */
  runId: string;
  /** X-OIM-Sequence-Num: with runId, what makes a retried Store2 a duplicate. */
  seq: number;
  text: string;
  sentAt: number;
  originIp: string;
  /** The From header's proxy ("MSNMSGR"). */
  proxy: string;
  read: boolean;
}

interface Row {
  id: string;
  recipient_id: number;
  sender_email: string;
  sender_name: string;
  run_id: string;
  seq: number;
  text: string;
  sent_at: number;
  origin_ip: string;
  proxy: string;
  read: number;
}

function toMessage(r: Row): OfflineMessage {
  return {
    id: r.id,
    recipientId: r.recipient_id,
    senderEmail: r.sender_email,
    senderName: r.sender_name,
    runId: r.run_id,
    seq: r.seq,
    text: r.text,
    sentAt: r.sent_at,
    originIp: r.origin_ip,
    proxy: r.proxy,
    read: r.read !== 0,
  };
}

export class OimStore {
  private readonly insertStmt;
  private readonly forStmt;
  private readonly byIdStmt;
  private readonly duplicateStmt;
  private readonly deleteStmt;
  private readonly markReadStmt;
  private readonly countStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO offline_messages (id, recipient_id, sender_email, sender_name, run_id, seq, text, sent_at, origin_ip, proxy) ' +
        'VALUES (@id, @recipientId, @senderEmail, @senderName, @runId, @seq, @text, @sentAt, @originIp, @proxy)',
    );
    this.forStmt = db.prepare('SELECT * FROM offline_messages WHERE recipient_id = ? ORDER BY sent_at, rowid');
    this.byIdStmt = db.prepare('SELECT * FROM offline_messages WHERE recipient_id = ? AND id = ? COLLATE NOCASE');
    this.duplicateStmt = db.prepare(
      'SELECT * FROM offline_messages WHERE recipient_id = ? AND sender_email = ? AND run_id = ? AND seq = ?',
    );
    this.deleteStmt = db.prepare('DELETE FROM offline_messages WHERE recipient_id = ? AND id = ? COLLATE NOCASE');
    this.markReadStmt = db.prepare('UPDATE offline_messages SET read = 1 WHERE recipient_id = ? AND id = ? COLLATE NOCASE');
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM offline_messages WHERE recipient_id = ?');
  }

  /** Stores a message; a retry of one already stored (same run and sequence) returns the first. */
  add(m: Omit<OfflineMessage, 'read'>): { message: OfflineMessage; duplicate: boolean } {
    return transaction(this.db, () => {
      const existing = this.duplicateStmt.get(m.recipientId, m.senderEmail, m.runId, m.seq) as Row | undefined;
      if (existing) return { message: toMessage(existing), duplicate: true };
      this.insertStmt.run(m);
      return { message: { ...m, read: false }, duplicate: false };
    }); // reads, then writes: transaction() takes the write lock first
  }

  /** Oldest first. */
  forRecipient(recipientId: number): OfflineMessage[] {
    return (this.forStmt.all(recipientId) as Row[]).map(toMessage);
  }

  count(recipientId: number): number {
    return (this.countStmt.get(recipientId) as { n: number }).n;
  }

  get(recipientId: number, id: string): OfflineMessage | undefined {
    const r = this.byIdStmt.get(recipientId, id) as Row | undefined;
    return r && toMessage(r);
  }

  markRead(recipientId: number, id: string): void {
    this.markReadStmt.run(recipientId, id);
  }

  /** Deletes all of `ids` or none: false (nothing changed) when one is not the recipient's. */
  deleteAll(recipientId: number, ids: readonly string[]): boolean {
    return transaction(this.db, () => {
      for (const id of ids) if (!this.byIdStmt.get(recipientId, id)) return false;
      for (const id of ids) this.deleteStmt.run(recipientId, id);
      return true;
    });
  }
}
