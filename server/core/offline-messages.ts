// Offline messages in no protocol's terms: who may leave one for whom, and what happens to it.
// Store2 (WLM 8+ and Messenger for Mac), MSNP18's UUM and the panel all leave them here; the
// notification server hears `stored` and `deleted` and tells the recipient in its own dialect.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { User } from './model';
import { visibleStatus } from './presence';
import type { ListsStore } from '../store/lists-store';
import type { OfflineMessage, OimStore } from '../store/oim-store';
import type { UsersStore } from '../store/users-store';

/** The longest text an offline message may carry (UTF-8 bytes): a few switchboard messages' worth. */
export const MAX_OIM_TEXT_BYTES = 4096;

export type LeaveOutcome =
  | { ok: true; message: OfflineMessage; duplicate: boolean }
  | { ok: false; reason: 'no-recipient' | 'blocked' | 'too-large' | 'empty'; why: string };

export interface LeaveOptions {
  runId?: string;
  seq?: number;
  originIp?: string;
  proxy?: string;
  /** The name the sender's client gave (Store2 From friendlyName); else the account's name. */
  senderName?: string;
}

export class OfflineMessages {
  readonly events = new EventEmitter<{
    stored: [OfflineMessage];
    deleted: [{ recipientId: number; count: number }];
  }>();

  constructor(
    private readonly store: OimStore,
    private readonly users: UsersStore,
    private readonly lists: ListsStore,
  ) {}

  /**
   * Leaves `text` from `sender` for `recipientEmail`. Refused, with nothing stored, when the
   * recipient has no account or would not let the sender see them (blocked, or BLP BL without AL).
   * The row is committed before this returns.
   */
  leave(sender: User, recipientEmail: string, text: string, opts: LeaveOptions = {}): LeaveOutcome {
    const recipient = this.users.byEmail(recipientEmail.toLowerCase());
    if (!recipient || recipient.id === sender.id) {
      return { ok: false, reason: 'no-recipient', why: `${recipientEmail} has no account on this server` };
    }
    if (!this.accepts(recipient, sender.id)) {
      return { ok: false, reason: 'blocked', why: `${recipient.email} does not accept messages from ${sender.email}` };
    }
    if (text.trim() === '') return { ok: false, reason: 'empty', why: 'the message is empty' };
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_OIM_TEXT_BYTES) {
      return { ok: false, reason: 'too-large', why: `the message is ${bytes} bytes; offline messages hold at most ${MAX_OIM_TEXT_BYTES}` };
    }
    const { message, duplicate } = this.store.add({
      id: randomUUID().toUpperCase(),
      recipientId: recipient.id,
      senderEmail: sender.email,
      senderName: opts.senderName ?? sender.friendlyName,
      runId: opts.runId ?? randomUUID().toUpperCase(),
      seq: opts.seq ?? 1,
      text,
      sentAt: Date.now(),
      originIp: opts.originIp ?? '',
      proxy: opts.proxy ?? 'MSNMSGR',
    });
    if (!duplicate) this.events.emit('stored', message);
    return { ok: true, message, duplicate };
  }

  /** Would `recipient` let `senderId` reach them? The same rule that decides who sees them online. */
  accepts(recipient: User, senderId: number): boolean {
    const relation = this.lists.entry(recipient.id, senderId)?.lists ?? 0;
    return visibleStatus('NLN', relation, recipient.blp) !== 'FLN';
  }

  forRecipient(recipientId: number): OfflineMessage[] {
    return this.store.forRecipient(recipientId);
  }

  count(recipientId: number): number {
    return this.store.count(recipientId);
  }

  get(recipientId: number, id: string): OfflineMessage | undefined {
    return this.store.get(recipientId, id);
  }

  markRead(recipientId: number, id: string): void {
    this.store.markRead(recipientId, id);
  }

  /** Deletes every one of `ids`, or nothing when one is unknown. */
  delete(recipientId: number, ids: readonly string[], announce = true): boolean {
    if (ids.length === 0 || !this.store.deleteAll(recipientId, ids)) return false;
    if (announce) this.events.emit('deleted', { recipientId, count: ids.length });
    return true;
  }
}
