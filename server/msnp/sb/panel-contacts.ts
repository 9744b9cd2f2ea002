// Conversations with contacts that are signed in from nowhere but online from the panel (or --demo):
// the server joins the switchboard for them, records the conversation, and writes the operator's
// replies (or echoes) as their messages. A contact leaves with BYE when it goes offline or hidden,
// or when a real client signs in as it.
import type { Core, CoreEvents } from '../../core/core';
import { PANEL_CAPABILITIES } from '../../core/presence';
import type { User } from '../../core/model';
import type { TrafficTap } from '../../tap/tap';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import { bodyText, type ChatMessage } from './message';
import { ConversationLog } from './conversation-log';
import { EchoModes } from './echo-modes';
import { PanelContactMember } from './panel-contact';
import { PanelContactP2p } from './panel-contact-p2p';

export type ReplyOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 404 | 409; why: string };

export class PanelContacts {
  readonly log = new ConversationLog();
  readonly echo: EchoModes;
  private readonly members = new Set<PanelContactMember>();
  /** Sessions the panel started, waiting for the callee to answer: what the contact says first. */
  private readonly openers = new Map<string, { email: string; text: string; timer: NodeJS.Timeout }>();
  private readonly onPresence: (p: CoreEvents['presence'][0]) => void;

  constructor(
    private readonly core: Core,
    private readonly tap: TrafficTap,
  ) {
    this.echo = new EchoModes(core.db, core.users);
    this.onPresence = (p) => this.presenceChanged(p.email);
    core.events.on('presence', this.onPresence);
  }

  /** CAL reached a contact the caller may see who has no client: the server answers for it. */
  join(chat: SbChat, user: User): void {
    if (chat.ended || chat.has(user.id)) return;
    const member = new PanelContactMember(chat, user, PANEL_CAPABILITIES, {
      echo: () => {
        const now = this.core.users.byId(user.id);
        return now !== undefined && this.echo.isOn(now);
      },
      peer: (host) => new PanelContactP2p(host, this.core, this.tap),
    });
    this.log.start(chat);
    this.members.add(member);
    this.note(user.email, `joins switchboard session ${chat.id} for ${user.email} (driven from the panel)`);
    chat.join(member);
  }

  /**
   * A session the panel started for `user` (see Switchboards.startFromPanel): the contact is in it
   * alone until the callee answers, then says `text`. Unanswered within `waitMs`, it leaves, which
   * ends the session.
   */
  open(chat: SbChat, user: User, text: string, waitMs: number): void {
    this.join(chat, user);
    const timer = setTimeout(() => {
      this.openers.delete(chat.id);
      if (chat.members.some((m) => !m.internal)) return;
      this.note(user.email, `nobody answered ${user.email}'s invitation in session ${chat.id}; it leaves`);
      for (const m of [...this.members]) if (m.chat === chat) m.leave();
    }, waitMs);
    timer.unref();
    this.openers.set(chat.id, { email: user.email, text, timer });
  }

  /**
   * The operator writes in a conversation as one of its panel-driven contacts (`from`, needed only
   * when more than one is there): a typing notification, then the text.
   */
  reply(conversationId: string, text: string, from?: string): ReplyOutcome {
    if (!this.log.has(conversationId)) return { ok: false, status: 404, why: `No conversation ${conversationId}.` };
    const here = [...this.members].filter((m) => m.chat.id === conversationId && m.present);
    if (here.length === 0) {
      return { ok: false, status: 409, why: `Conversation ${conversationId} is over: no panel-driven contact is in it any more.` };
    }
    const wanted = from?.trim().toLowerCase();
    const speaker = wanted ? here.find((m) => m.email === wanted) : here.length === 1 ? here[0] : undefined;
    if (!speaker) {
      return wanted
        ? { ok: false, status: 404, why: `${wanted} is not a panel-driven contact in conversation ${conversationId}.` }
        : { ok: false, status: 400, why: `Say who writes ("from"): ${here.map((m) => m.email).join(', ')}.` };
    }
    speaker.say(text);
    return { ok: true };
  }

  close(): void {
    for (const o of this.openers.values()) clearTimeout(o.timer);
    this.openers.clear();
    this.core.events.off('presence', this.onPresence);
  }

  // Session events, passed on by the registry.

  joined(chat: SbChat, m: SbParticipant): void {
    this.log.joined(chat, m);
    const opener = m.internal ? undefined : this.openers.get(chat.id);
    if (!opener) return;
    this.openers.delete(chat.id);
    clearTimeout(opener.timer);
    const speaker = [...this.members].find((x) => x.chat === chat && x.email === opener.email);
    // After ANS OK: the callee has its roster before the first message.
    setImmediate(() => speaker?.say(opener.text));
  }

  left(chat: SbChat, m: SbParticipant): void {
    if (m instanceof PanelContactMember) this.members.delete(m);
    this.log.left(chat, m);
  }

  relayed(chat: SbChat, from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    if (!this.log.has(chat.id)) return;
    if (msg.kind === 'text') this.log.message(chat, from, 'text', bodyText(payload, msg));
    else if (msg.kind === 'nudge' || msg.kind === 'wink') this.log.message(chat, from, msg.kind, '');
  }

  ended(chat: SbChat): void {
    const opener = this.openers.get(chat.id);
    if (opener) clearTimeout(opener.timer);
    this.openers.delete(chat.id);
    this.log.ended(chat);
  }

  /** A contact the server speaks for went offline or hidden, or signed in for real: it leaves. */
  private presenceChanged(email: string): void {
    const user = this.core.users.byEmail(email);
    const status = user ? this.core.presence.snapshot(user.id)?.status : undefined;
    const stays = user && status && status !== 'FLN' && status !== 'HDN' && !this.core.presence.isSignedIn(user.id);
    if (stays) return;
    for (const m of [...this.members]) {
      if (m.email !== email) continue;
      this.note(email, `${email} leaves switchboard session ${m.chat.id}: no longer online from the panel`);
      m.leave();
    }
  }

  private note(account: string, line: string): void {
    this.tap.record({ conn: 'sb-panel', service: 'SB', direction: 'note', line, account });
  }
}
