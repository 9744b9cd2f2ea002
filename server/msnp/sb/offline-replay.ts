// Offline messages for MSN 5-7.5 (MSNP8-12), which have no OIM: when the recipient signs in, the
// server plays each sender on the switchboard, as it does for panel-driven contacts. The recipient
// is rung by the sender, and once it has answered, every waiting message arrives marked with when
// it was sent; only then are they taken out of the store.
//   NS: RNG 11752013 10.0.0.2:1864 CKI 1029384756.2837465520 alice@lan Alice
//   SB: IRO 1 1 1 alice@lan Alice   ANS 1 OK   MSG alice@lan Alice 180 ([Sent while you were offline: …] hello)
// A reply goes to the sender: live (the sender is rung into this conversation and gets it there) if
// signed in, else it is left for them as an offline message.
import type { Core } from '../../core/core';
import { PANEL_CAPABILITIES } from '../../core/presence';
import type { OfflineMessage } from '../../store/oim-store';
import type { TrafficTap } from '../../tap/tap';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import { bodyText, parseMessage, textMessage, type ChatMessage } from './message';
import type { Switchboards } from './switchboards';

/** "[Sent while you were offline: Wed, 02 Dec 2026 05:10 UTC]" then the text on the next line. */
export function markSent(text: string, sentAt: number): string {
  const when = new Date(sentAt).toUTCString().replace(/:\d\d GMT$/, ' UTC');
  return `[Sent while you were offline: ${when}]\r\n${text}`;
}

interface Handoff {
  senderId: number;
  recipient: SbParticipant;
  pending: { payload: Buffer; msg: ChatMessage }[];
  timer: NodeJS.Timeout;
}

export class OfflineReplay {
  private readonly members = new Map<string, OfflineSender>();
  private readonly handoffs = new Map<string, Handoff>();

  constructor(
    private readonly core: Core,
    private readonly hub: Switchboards,
    private readonly tap: TrafficTap,
    /** How long a recipient (or a sender called back for a reply) has to answer the ring. */
    private readonly answerWithinMs: number,
  ) {}

  /** Rings `recipientId` once per sender with messages waiting (a sender already replaying tops up). */
  start(recipientId: number): void {
    const recipient = this.core.users.byId(recipientId);
    const ep = this.core.presence.endpointOf(recipientId);
    if (!recipient || !ep) return;
    const bySender = new Map<string, OfflineMessage[]>();
    for (const m of this.core.oims.forRecipient(recipientId)) bySender.set(m.senderEmail, [...(bySender.get(m.senderEmail) ?? []), m]);
    for (const [senderEmail, messages] of bySender) {
      const key = `${recipientId}|${senderEmail}`;
      const running = this.members.get(key);
      if (running) {
        running.topUp();
        continue;
      }
      const account = this.core.users.byEmail(senderEmail);
      const member = new OfflineSender(this, {
        recipientId,
        userId: account?.id ?? -1,
        email: senderEmail,
        friendlyName: account?.friendlyName ?? messages.at(-1)!.senderName,
      });
      this.members.set(key, member);
      const chat = this.hub.open(member);
      member.chat = chat;
      const cookie = this.hub.grants.issue('ring', recipient, chat.id);
      this.note(recipient.email, `rings ${recipient.email} into session ${chat.id} for ${messages.length} offline message(s) from ${senderEmail}`);
      ep.notify({ kind: 'ring', sessionId: chat.id, cookie, from: { email: senderEmail, friendlyName: member.friendlyName } });
      const timer = setTimeout(() => {
        if (!member.delivered) {
          this.note(recipient.email, `${recipient.email} did not answer; the offline messages from ${senderEmail} stay for the next sign-in`);
          member.leave();
        }
      }, this.answerWithinMs);
      timer.unref();
    }
  }

  /** Every session join, from the registry: a sender called back for a reply has arrived. */
  joined(chat: SbChat, m: SbParticipant): void {
    const h = this.handoffs.get(chat.id);
    if (!h || m.internal || m.userId !== h.senderId) return;
    this.handoffs.delete(chat.id);
    clearTimeout(h.timer);
    // After the newcomer's IRO/ANS OK: the reply it came for.
    setImmediate(() => {
      for (const p of h.pending) m.deliver(h.recipient, p.payload, p.msg);
    });
  }

  // For OfflineSender.

  finished(member: OfflineSender): void {
    this.members.delete(`${member.recipientId}|${member.email}`);
  }

  take(recipientId: number, senderEmail: string): OfflineMessage[] {
    return this.core.oims.forRecipient(recipientId).filter((m) => m.senderEmail === senderEmail);
  }

  delivered(recipientId: number, ids: string[]): void {
    this.core.oims.delete(recipientId, ids, false);
  }

  /** The recipient answered: to the sender, live if they are signed in, else as an offline message. */
  reply(member: OfflineSender, chat: SbChat, from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    const pending = this.handoffs.get(chat.id);
    if (pending) {
      pending.pending.push({ payload, msg });
      return;
    }
    const signedIn = member.userId > 0 && this.core.presence.endpointOf(member.userId);
    if (signedIn) {
      // The server stops speaking for the sender and rings the real one into this conversation.
      member.leave();
      const outcome = this.hub.call(chat, from, member.email, false);
      if (outcome.ok) {
        const timer = setTimeout(() => {
          const h = this.handoffs.get(chat.id);
          if (!h) return;
          this.handoffs.delete(chat.id);
          for (const p of h.pending) this.leaveAsOim(from, member.email, p.payload, p.msg);
        }, this.answerWithinMs);
        timer.unref();
        this.handoffs.set(chat.id, { senderId: member.userId, recipient: from, pending: [{ payload, msg }], timer });
        this.note(from.email, `${from.email} answered an offline message; ringing ${member.email} into session ${chat.id}`);
        return;
      }
    }
    this.leaveAsOim(from, member.email, payload, msg);
  }

  private leaveAsOim(from: SbParticipant, to: string, payload: Buffer, msg: ChatMessage): void {
    const sender = this.core.users.byId(from.userId);
    if (!sender) return;
    const outcome = this.core.oims.leave(sender, to, bodyText(payload, msg), { proxy: 'MSNMSGR' });
    this.note(from.email, outcome.ok ? `reply from ${from.email} left for ${to} as an offline message` : `reply from ${from.email} to ${to} not kept: ${outcome.why}`);
  }

  note(account: string, line: string): void {
    this.tap.record({ conn: 'sb-offline', service: 'SB', direction: 'note', line: `offline messages: ${line}`, account });
  }
}

/** The sender of waiting offline messages, played by the server inside one session. */
class OfflineSender implements SbParticipant {
  readonly internal = true;
  readonly guid = undefined;
  readonly capabilities = PANEL_CAPABILITIES;
  readonly recipientId: number;
  readonly userId: number;
  readonly email: string;
  readonly friendlyName: string;
  chat?: SbChat;
  delivered = false;
  private gone = false;

  constructor(
    private readonly replay: OfflineReplay,
    who: { recipientId: number; userId: number; email: string; friendlyName: string },
  ) {
    this.recipientId = who.recipientId;
    this.userId = who.userId;
    this.email = who.email;
    this.friendlyName = who.friendlyName;
  }

  memberJoined(m: SbParticipant): void {
    if (m.userId !== this.recipientId || m.internal || this.delivered) return;
    this.delivered = true;
    // After the recipient's IRO and ANS OK.
    setImmediate(() => this.topUp());
  }

  memberLeft(): void {}

  /** Writes every message still waiting from this sender, then takes them out of the store. */
  topUp(): void {
    if (!this.delivered || this.gone || !this.chat) return;
    const waiting = this.replay.take(this.recipientId, this.email);
    for (const m of waiting) {
      const payload = Buffer.from(textMessage(markSent(m.text, m.sentAt)), 'utf8');
      this.chat.relay(this, payload, parseMessage(payload)!);
    }
    if (waiting.length > 0) {
      this.replay.delivered(this.recipientId, waiting.map((m) => m.id));
      this.replay.note(this.email, `${waiting.length} offline message(s) from ${this.email} delivered in session ${this.chat.id}`);
    }
  }

  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    if (msg.kind !== 'text' || from.userId !== this.recipientId || !this.chat) return;
    this.replay.reply(this, this.chat, from, payload, msg);
  }

  leave(): void {
    if (this.gone) return;
    this.gone = true;
    this.replay.finished(this);
    this.chat?.leave(this);
  }

  sessionEnded(): void {
    this.gone = true;
    this.replay.finished(this);
  }
}
