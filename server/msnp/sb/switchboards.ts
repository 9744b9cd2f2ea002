// The switchboard registry: live sessions, how many each user is in, invitations (CAL becomes an
// RNG on the callee's notification connection, or a panel-driven contact joining), and the limits
// that keep one client from wearing the server down.
//   C: CAL 2 bob@lan     S: CAL 2 RINGING 1846392014     (bob's NS: RNG 1846392014 … CKI … alice@lan Alice)
import { randomInt } from 'node:crypto';
import type { Core } from '../../core/core';
import { isValidEmail, type User } from '../../core/model';
import type { TrafficTap } from '../../tap/tap';
import { GrantBook } from './grants';
import { SbChat, type ChatHooks } from './chat';
import type { SbParticipant } from './participant';
import type { ChatMessage } from './message';
import { PanelContacts } from './panel-contacts';
import { RateWindow } from './rate-window';

export const SB_POLICY = {
  /** A cookie from XFR SB or RNG is good for this long (as the official service: two minutes). */
  grantTtlMs: 120_000,
  /** Sessions a user may be in at once, counting XFR cookies not yet used. */
  maxSessionsPerUser: 50,
  /** CAL: at most this many per user in any window of callWindowMs; more get 713. */
  maxCallsPerWindow: 10,
  callWindowMs: 5_000,
};

export type Refusal = { ok: false; code: number; why: string };
export type CallOutcome =
  | { ok: true; sessionId: string; self?: true; then?: () => void }
  | Refusal;

/** What the notification server needs of the switchboard: cookies for XFR SB. */
export interface SwitchboardAccess {
  requestSession(user: User): { ok: true; cookie: string } | Refusal;
}

export class Switchboards implements SwitchboardAccess, ChatHooks {
  readonly grants = new GrantBook(SB_POLICY.grantTtlMs);
  readonly panel: PanelContacts;
  private readonly chats = new Map<string, SbChat>();
  /** Sessions each user is in through a client connection. */
  private readonly memberships = new Map<number, number>();
  private readonly calls = new RateWindow(SB_POLICY.maxCallsPerWindow, SB_POLICY.callWindowMs);
  private nextId = randomInt(100_000_000, 900_000_000);

  constructor(private readonly core: Core, tap: TrafficTap) {
    this.panel = new PanelContacts(core, tap);
  }

  requestSession(user: User): { ok: true; cookie: string } | Refusal {
    const inUse = (this.memberships.get(user.id) ?? 0) + this.grants.pendingSessions(user.id);
    if (inUse >= SB_POLICY.maxSessionsPerUser) {
      return { ok: false, code: 800, why: `already in ${inUse} conversations (at most ${SB_POLICY.maxSessionsPerUser} at once)` };
    }
    return { ok: true, cookie: this.grants.issue('xfr', user.id, user.email) };
  }

  /** USR with a good cookie: a new session with its first member. */
  open(first: SbParticipant): SbChat {
    const chat = new SbChat(String(this.nextId++), this);
    this.chats.set(chat.id, chat);
    chat.join(first);
    return chat;
  }

  chat(id: string): SbChat | undefined {
    return this.chats.get(id);
  }

  /**
   * CAL: ring the callee's client, or have the server join for a contact driven from the panel.
   * Offline, hidden, blocking and unknown callees all look the same to the caller (217).
   */
  call(chat: SbChat, caller: SbParticipant, address: string, callsSelf: boolean): CallOutcome {
    if (!this.calls.take(caller.userId)) {
      return { ok: false, code: 713, why: `more than ${SB_POLICY.maxCallsPerWindow} CALs in ${SB_POLICY.callWindowMs / 1000} s` };
    }
    const email = address.toLowerCase();
    if (!isValidEmail(email)) return { ok: false, code: 208, why: `"${address}" is not an address` };
    if (email === caller.email) {
      // WLM 2009 calls itself to bring in its other endpoints; there are none here, so it just hears RINGING.
      return callsSelf
        ? { ok: true, sessionId: chat.id, self: true }
        : { ok: false, code: 215, why: 'calling yourself' };
    }
    const callee = this.core.users.byEmail(email);
    if (callee && chat.has(callee.id)) return { ok: false, code: 215, why: `${email} is already in this conversation` };
    const view = callee ? this.core.presence.viewFor(callee.id, caller.userId) : undefined;
    if (!callee || !view || view.status === 'FLN') {
      return { ok: false, code: 217, why: `${email} is offline, hidden, blocks ${caller.email}, or has no account` };
    }
    const ep = this.core.presence.endpointOf(callee.id);
    if (!ep) {
      return { ok: true, sessionId: chat.id, then: () => this.panel.join(chat, callee) };
    }
    if ((this.memberships.get(callee.id) ?? 0) >= SB_POLICY.maxSessionsPerUser) {
      return { ok: false, code: 217, why: `${email} is in too many conversations already` };
    }
    const cookie = this.grants.issue('ring', callee.id, callee.email, chat.id);
    const inviter = this.core.users.byId(caller.userId);
    ep.notify({
      kind: 'ring',
      sessionId: chat.id,
      cookie,
      from: { email: caller.email, friendlyName: inviter?.friendlyName ?? caller.friendlyName },
    });
    return { ok: true, sessionId: chat.id };
  }

  /**
   * The panel starts a conversation for a contact it drives: a session with only that contact in
   * it, and the callee's client rung as if the contact had called (RNG … CKI … from@x From). The
   * opening text is said once the callee has answered. Who may call whom is the caller's to check.
   */
  startFromPanel(from: User, to: User, text: string): { ok: true; sessionId: string } | Refusal {
    const ep = this.core.presence.endpointOf(to.id);
    if (!ep) return { ok: false, code: 217, why: `${to.email} is not signed in from a client` };
    if ((this.memberships.get(to.id) ?? 0) >= SB_POLICY.maxSessionsPerUser) {
      return { ok: false, code: 217, why: `${to.email} is in too many conversations already` };
    }
    const chat = new SbChat(String(this.nextId++), this);
    this.chats.set(chat.id, chat);
    this.panel.open(chat, from, text, SB_POLICY.grantTtlMs);
    const cookie = this.grants.issue('ring', to.id, to.email, chat.id);
    ep.notify({ kind: 'ring', sessionId: chat.id, cookie, from: { email: from.email, friendlyName: from.friendlyName } });
    return { ok: true, sessionId: chat.id };
  }

  /** Figures for the panel, the bench and the tests. */
  stats(): { sessions: number; members: number; cookies: number } {
    let members = 0;
    for (const n of this.memberships.values()) members += n;
    return { sessions: this.chats.size, members, cookies: this.grants.size };
  }

  /** Server stopping: no one to tell, nothing to keep. */
  close(): void {
    this.panel.close();
  }

  // ChatHooks: every session reports here.

  joined(chat: SbChat, member: SbParticipant): void {
    if (!member.internal) this.memberships.set(member.userId, (this.memberships.get(member.userId) ?? 0) + 1);
    this.panel.joined(chat, member);
  }

  left(chat: SbChat, member: SbParticipant): void {
    if (!member.internal) {
      const n = (this.memberships.get(member.userId) ?? 1) - 1;
      if (n > 0) this.memberships.set(member.userId, n);
      else this.memberships.delete(member.userId);
    }
    this.panel.left(chat, member);
  }

  relayed(chat: SbChat, from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    this.panel.relayed(chat, from, payload, msg);
  }

  ended(chat: SbChat): void {
    this.chats.delete(chat.id);
    this.panel.ended(chat);
    this.calls.prune();
  }
}

