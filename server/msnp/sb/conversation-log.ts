// The record of every switchboard session a panel-driven contact took part in: who was there and
// what was said, for the panel to show and answer. Kept in memory (the newest MAX_CONVERSATIONS);
// a restart starts with an empty list.
import { EventEmitter } from 'node:events';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import {
  MAX_CONVERSATION_MESSAGES,
  type ConversationInfo,
  type ConversationMessage,
} from '../../panel/conversation-types';

export const MAX_CONVERSATIONS = 100;

export class ConversationLog {
  private readonly records = new Map<string, ConversationInfo>();
  /** Each change, with the whole conversation as it is now. */
  readonly events = new EventEmitter<{ conversation: [ConversationInfo] }>();

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Newest first. */
  list(): ConversationInfo[] {
    return [...this.records.values()].reverse().map(copy);
  }

  get(id: string): ConversationInfo | undefined {
    const r = this.records.get(id);
    return r && copy(r);
  }

  /** A panel-driven contact is joining `chat`: start recording it, with who is there already. */
  start(chat: SbChat): void {
    if (this.records.has(chat.id)) return;
    this.records.set(chat.id, {
      id: chat.id,
      startedAt: chat.startedAt,
      active: true,
      participants: chat.members.map((m) => participant(m)),
      messages: [],
    });
    this.trim();
  }

  joined(chat: SbChat, m: SbParticipant): void {
    const r = this.records.get(chat.id);
    if (!r) return;
    const known = r.participants.find((p) => p.email === m.email);
    if (known) known.present = true;
    else r.participants.push(participant(m));
    this.changed(r);
  }

  left(chat: SbChat, m: SbParticipant): void {
    const r = this.records.get(chat.id);
    const p = r?.participants.find((x) => x.email === m.email);
    if (!r || !p || !p.present) return;
    p.present = false;
    if (r.active) this.changed(r);
  }

  message(chat: SbChat, from: SbParticipant, kind: ConversationMessage['kind'], text: string): void {
    const r = this.records.get(chat.id);
    if (!r) return;
    r.messages.push({ from: from.email, text, time: Date.now(), kind });
    if (r.messages.length > MAX_CONVERSATION_MESSAGES) r.messages.splice(0, r.messages.length - MAX_CONVERSATION_MESSAGES);
    this.changed(r);
  }

  ended(chat: SbChat): void {
    const r = this.records.get(chat.id);
    if (!r) return;
    r.active = false;
    r.endedAt = Date.now();
    for (const p of r.participants) p.present = false;
    this.changed(r);
  }

  private changed(r: ConversationInfo): void {
    if (this.events.listenerCount('conversation') > 0) this.events.emit('conversation', copy(r));
  }

  /** Drops the oldest ended conversations beyond MAX_CONVERSATIONS (active ones are kept). */
  private trim(): void {
    for (const [id, r] of this.records) {
      if (this.records.size <= MAX_CONVERSATIONS) return;
      if (!r.active) this.records.delete(id);
    }
  }
}

function participant(m: SbParticipant) {
  return { email: m.email, displayName: m.friendlyName, panelDriven: m.internal, present: true };
}

function copy(r: ConversationInfo): ConversationInfo {
  return { ...r, participants: r.participants.map((p) => ({ ...p })), messages: [...r.messages] };
}
