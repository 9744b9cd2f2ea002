// The lasting conversation history: every conversation (client with client, with panel-driven
// contacts, offline messages) with its participants and messages, kept for the retention period.
// The switchboard relay must not wait on SQL, so changes queue in memory and are handed, every
// 200 ms, to a writer (history-writer.ts: a thread with its own connection for a database file)
// that writes them in one transaction; a read, a prune and close() first wait until all is written.
import type { Db } from './db';
import { HistoryQueue, type QueuedChange } from './history-queue';
import { openHistoryWriter, type HistoryWriter } from './history-writer';
import { getSetting, setSetting } from './db';
import {
  DEFAULT_HISTORY_DAYS,
  MAX_HISTORY_DAYS,
  type HistoryConversation,
  type HistoryMessage,
  type HistoryParticipant,
  type HistorySummary,
} from '../panel/history-types';

/**
 * Rows queue this long before one transaction writes them (on the writer thread). Shorter batches (40 ms, to hold the
 * event loop less at a time) were tried: each commit rewrites the same index and table pages into
 * the WAL, and the relay got no faster in the bench (docs/performance.md).
 */
const FLUSH_DELAY_MS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;
const PREVIEW_CHARS = 120;
/** How often old conversations are forgotten while the server runs (also at every start). */
const PRUNE_EVERY_MS = 60 * 60 * 1000;


interface ConversationRow {
  id: string;
  kind: HistorySummary['kind'];
  started_at: number;
  ended_at: number | null;
  participants: string;
  message_count: number;
  preview: string | null;
}

export class HistoryStore {
  private readonly queue = new HistoryQueue();
  private readonly writer: HistoryWriter;
  private timer?: NodeJS.Timeout;
  /** Participants of conversations still going, so a join rewrites one JSON value, not a query. */
  private readonly live = new Map<string, HistoryParticipant[]>();
  private days: number;
  private readonly pruner: NodeJS.Timeout;

  /** `log`: one line for what the writer could not do (stderr by default). */
  constructor(
    private readonly db: Db,
    log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    const saved = getSetting(db, 'history_retention_days');
    const days = saved === undefined ? NaN : Number(saved);
    this.days = Number.isInteger(days) && days >= 0 ? days : DEFAULT_HISTORY_DAYS;
    // Conversations still open when the server last stopped ended with their last message.
    db.prepare(
      'UPDATE history_conversations SET ended_at = COALESCE((SELECT MAX(time) FROM history_messages m ' +
        'WHERE m.conversation_id = history_conversations.id), started_at) WHERE ended_at IS NULL',
    ).run();
    this.pruner = setInterval(() => {
      if (this.db.open) this.prune();
    }, PRUNE_EVERY_MS);
    this.pruner.unref();
    this.writer = openHistoryWriter(db, log);
  }

  /** 'worker' or 'inline': who writes the batches (the tests check a file gets the thread). */
  get writerKind(): HistoryWriter['kind'] {
    return this.writer.kind;
  }

  /** Writes what is queued, waits for it, lets the writer go and stops the hourly pruning (the database is closing). */
  close(): void {
    clearInterval(this.pruner);
    this.flush();
    this.writer.close();
  }

  /**
   * After a crowd has left (the heap trimmer's departures): with nobody in a conversation, the
   * writer thread is let go now instead of after its idle minute, so its ~10 MB come back with the
   * rest of the crowd's memory; the next conversation's first batch starts another. True if let go.
   */
  releaseIdleWriter(): boolean {
    if (this.live.size > 0 || !this.writer.threadRunning) return false;
    this.flush();
    this.writer.close();
    return true;
  }

  get retentionDays(): number {
    return this.days;
  }

  /** 0 stops recording (and forgets what was kept); N keeps N days. */
  setRetentionDays(days: number): void {
    if (!Number.isInteger(days) || days < 0 || days > MAX_HISTORY_DAYS) {
      throw new RangeError(`Retention is a whole number of days from 0 (off) to ${MAX_HISTORY_DAYS}.`);
    }
    this.days = days;
    setSetting(this.db, 'history_retention_days', String(days));
    this.prune();
  }

  get recording(): boolean {
    return this.days > 0;
  }

  begin(id: string, kind: HistorySummary['kind'], startedAt: number, participants: HistoryParticipant[]): void {
    if (!this.recording) return;
    this.live.set(id, participants.map((p) => ({ ...p })));
    this.push({ op: 'begin', id, kind, startedAt, participants });
  }

  joined(id: string, p: HistoryParticipant): void {
    const list = this.live.get(id);
    if (!list || list.some((x) => x.email === p.email)) return;
    list.push({ ...p });
    this.push({ op: 'participants', id, participants: list.map((x) => ({ ...x })) });
  }

  message(id: string, message: HistoryMessage): void {
    if (!this.live.has(id)) return;
    this.queue.message(id, message.from, message.kind, message.text, message.time);
    this.queued();
  }

  /** A relayed message whose text is `payload` from byte `start` (a switchboard MSG's body): queued as bytes, decoded when written. */
  relayed(id: string, from: string, kind: HistoryMessage['kind'], payload: Buffer, start: number, time: number): void {
    if (!this.live.has(id)) return;
    this.queue.message(id, from, kind, payload, time, start);
    this.queued();
  }

  end(id: string, endedAt: number): void {
    if (!this.live.delete(id)) return;
    this.push({ op: 'end', id, endedAt });
  }

  /** A conversation of one offline message, recorded whole. */
  offline(id: string, from: HistoryParticipant, to: HistoryParticipant, text: string, time: number): void {
    if (!this.recording) return;
    this.push({ op: 'begin', id, kind: 'offline', startedAt: time, participants: [from, to] });
    this.queue.message(id, from.email, 'offline', text, time);
    this.push({ op: 'end', id, endedAt: time });
  }

  /** Newest first; `query` matches message text, addresses and names (case-insensitive). */
  list(opts: { query?: string; limit?: number } = {}): HistorySummary[] {
    this.settle();
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 200), 1), 1000);
    const q = (opts.query ?? '').trim();
    const summary =
      'SELECT c.*, (SELECT COUNT(*) FROM history_messages m WHERE m.conversation_id = c.id) AS message_count, ' +
      '(SELECT text FROM history_messages m WHERE m.conversation_id = c.id ORDER BY time DESC, id DESC LIMIT 1) AS preview ' +
      'FROM history_conversations c';
    const rows = q
      ? (this.db
          .prepare(
            `${summary} WHERE c.participants LIKE @like ESCAPE '\\' OR EXISTS (SELECT 1 FROM history_messages m ` +
              `WHERE m.conversation_id = c.id AND m.text LIKE @like ESCAPE '\\') ORDER BY c.started_at DESC LIMIT @limit`,
          )
          .all({ like: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit }) as ConversationRow[])
      : (this.db.prepare(`${summary} ORDER BY c.started_at DESC LIMIT ?`).all(limit) as ConversationRow[]);
    return rows.map(toSummary);
  }

  get(id: string): HistoryConversation | undefined {
    this.settle();
    const row = this.db
      .prepare(
        'SELECT c.*, (SELECT COUNT(*) FROM history_messages m WHERE m.conversation_id = c.id) AS message_count, ' +
          "'' AS preview FROM history_conversations c WHERE c.id = ?",
      )
      .get(id) as ConversationRow | undefined;
    if (!row) return undefined;
    const messages = (
      this.db
        .prepare('SELECT sender, kind, text, time FROM history_messages WHERE conversation_id = ? ORDER BY time, id')
        .all(id) as { sender: string; kind: HistoryMessage['kind']; text: string; time: number }[]
    ).map((m) => ({ from: m.sender, kind: m.kind, text: m.text, time: m.time }));
    const summary = toSummary(row);
    return { ...summary, preview: messages.at(-1)?.text.slice(0, PREVIEW_CHARS) ?? '', messages };
  }

  /** Forgets conversations that ended before the retention period (all of them when recording is off). */
  prune(now = Date.now()): number {
    this.settle();
    const cutoff = this.days === 0 ? Number.MAX_SAFE_INTEGER : now - this.days * DAY_MS;
    const info = this.db
      .prepare('DELETE FROM history_conversations WHERE COALESCE(ended_at, started_at) < ? AND (ended_at IS NOT NULL OR ? = 0)')
      .run(cutoff, this.days);
    if (this.days === 0) this.live.clear();
    return info.changes;
  }

  /** Hands everything queued to the writer (one transaction; on the writer thread for a file). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || !this.db.open) return;
    this.writer.write(this.queue.take());
  }

  /** Hands over what is queued and waits until every batch is written: the reads see every row. */
  settle(): void {
    this.flush();
    this.writer.settle();
  }

  private push(c: QueuedChange): void {
    this.queue.change(c);
    this.queued();
  }

  private queued(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }
}

function toSummary(r: ConversationRow): HistorySummary {
  return {
    id: r.id,
    kind: r.kind,
    startedAt: r.started_at,
    ...(r.ended_at === null ? {} : { endedAt: r.ended_at }),
    participants: JSON.parse(r.participants) as HistoryParticipant[],
    messageCount: r.message_count,
    preview: (r.preview ?? '').slice(0, PREVIEW_CHARS),
  };
}

/** A conversation as plain text, one line per message: "[2026-12-02 05:10:03 UTC] alice@lan: hello". */
export function historyAsText(c: HistoryConversation): string {
  const stamp = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const who = c.participants.map((p) => (p.displayName && p.displayName !== p.email ? `${p.displayName} <${p.email}>` : p.email));
  const head = [
    `Conversation ${c.id} (${c.kind === 'offline' ? 'offline message' : 'conversation'})`,
    `With: ${who.join(', ')}`,
    `Started: ${stamp(c.startedAt)}${c.endedAt ? `, ended: ${stamp(c.endedAt)}` : ''}`,
    '',
  ];
  const lines = c.messages.map((m) => {
    const body = m.kind === 'nudge' ? '(sent a nudge)' : m.kind === 'wink' ? '(sent a wink)' : m.text.replace(/\r\n/g, '\n');
    return `[${stamp(m.time)}] ${m.from}${m.kind === 'offline' ? ' (offline message)' : ''}: ${body}`;
  });
  return [...head, ...lines, ''].join('\n');
}
