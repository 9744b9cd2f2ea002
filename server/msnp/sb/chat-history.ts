// Every switchboard conversation into the lasting history: who took part, what was said (text,
// nudges, winks), when it ended. A conversation is written only once someone says something, so
// windows opened and closed in silence leave nothing behind. The history store queues the rows;
// the relay never waits on SQL.
import { randomUUID } from 'node:crypto';
import type { HistoryStore } from '../../store/history-store';
import type { HistoryParticipant } from '../../panel/history-types';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import type { ChatMessage } from './message';

interface Tracked {
  /** The history id, once the first message started the record. */
  id?: string;
  participants: HistoryParticipant[];
}

export class ChatHistory {
  private readonly chats = new Map<string, Tracked>();

  constructor(private readonly history: HistoryStore) {}

  joined(chat: SbChat, m: SbParticipant): void {
    let t = this.chats.get(chat.id);
    if (!t) this.chats.set(chat.id, (t = { participants: [] }));
    if (t.participants.some((p) => p.email === m.email)) return;
    const p = { email: m.email, displayName: m.friendlyName };
    t.participants.push(p);
    if (t.id) this.history.joined(t.id, p);
  }

  relayed(chat: SbChat, from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    if (msg.kind !== 'text' && msg.kind !== 'nudge' && msg.kind !== 'wink') return;
    const t = this.chats.get(chat.id);
    if (!t) return;
    if (!t.id) {
      t.id = `sb-${randomUUID()}`;
      this.history.begin(t.id, 'switchboard', chat.startedAt, t.participants);
    }
    // The body's bytes are queued as they are: no string per relayed message (decoded when written).
    this.history.relayed(t.id, from.email, msg.kind, payload, msg.kind === 'text' ? msg.bodyStart : payload.length, Date.now());
  }

  ended(chat: SbChat): void {
    const t = this.chats.get(chat.id);
    this.chats.delete(chat.id);
    if (t?.id) this.history.end(t.id, Date.now());
  }
}
