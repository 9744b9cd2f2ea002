// The switchboard registry: live sessions, how many each user is in, invitations (CAL becomes an
// RNG on the callee's notification connection, or a panel-driven contact joining), and the limits
// that keep one client from wearing the server down.
//   C: CAL 2 bob@lan     S: CAL 2 RINGING 1846392014     (bob's NS: RNG 1846392014 … CKI … alice@lan Alice)
import { randomInt } from 'node:crypto';
import type { Core } from '../../core/core';
import { isValidEmail, type User } from '../../core/model';
import type { Endpoint } from '../../core/presence';
import type { TrafficTap } from '../../tap/tap';
import { GrantBook } from './grants';
import { SbChat, type ChatHooks } from './chat';
import type { SbParticipant } from './participant';
import type { ChatMessage } from './message';
import { PanelContacts } from './panel-contacts';
import { RateWindow } from './rate-window';
import { ChatHistory } from './chat-history';
import { OfflineReplay } from './offline-replay';
import { PictureFetches } from './picture-fetch';

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
  private readonly history: ChatHistory;
  /** Offline messages replayed as conversations for MSNP8-12 clients. */
  readonly offline: OfflineReplay;
  private readonly chats = new Map<string, SbChat>();
  /** Sessions each user is in through a client connection. */
  private readonly memberships = new Map<number, number>();
  private readonly calls = new RateWindow(SB_POLICY.maxCallsPerWindow, SB_POLICY.callWindowMs);
  private nextId = randomInt(100_000_000, 900_000_000);

  constructor(private readonly core: Core, tap: TrafficTap) {
    this.panel = new PanelContacts(core, tap);
    core.events.on('credentials', this.onCredentials);
    this.history = new ChatHistory(core.history);
    this.offline = new OfflineReplay(core, this, tap, SB_POLICY.grantTtlMs);
    // The panel shows signed-in clients' pictures: the server asks the client for one as a peer.
    const fetches = new PictureFetches(core, this, tap);
    core.clientPictures.fetcher = (user, msnObject, maxBytes) => fetches.fetch(user, msnObject, maxBytes);
    core.clientPictures.note = (account, line) => tap.record({ conn: 'sb-picture', service: 'SB', direction: 'note', line, account });
  }

  /** A deleted account's unused cookies die with it (a signed-in client keeps its cookies across a password change). */
  private readonly onCredentials = ({ userId, reason }: { userId: number; reason: string }): void => {
    if (reason === 'deleted') this.grants.revokeUser(userId);
  };

  requestSession(user: User): { ok: true; cookie: string } | Refusal {
    const inUse = (this.memberships.get(user.id) ?? 0) + this.grants.pendingSessions(user.id);
    if (inUse >= SB_POLICY.maxSessionsPerUser) {
      return { ok: false, code: 800, why: `already in ${inUse} conversations (at most ${SB_POLICY.maxSessionsPerUser} at once)` };
    }
    return { ok: true, cookie: this.grants.issue('xfr', user) };
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
      if (!callsSelf) return { ok: false, code: 215, why: 'calling yourself' };
      // WLM 2009 calls itself to bring in its other places: each is rung; with none it just hears RINGING.
      const others = this.core.presence.endpointsOf(caller.userId).filter((ep) => ep.live && !this.isCaller(ep, caller));
      const self = this.core.users.byId(caller.userId);
      if (others.length === 0 || !self) return { ok: true, sessionId: chat.id, self: true };
      this.ring(chat, caller, self, others);
      return { ok: true, sessionId: chat.id };
    }
    const callee = this.core.users.byEmail(email);
    if (callee && chat.has(callee.id)) return { ok: false, code: 215, why: `${email} is already in this conversation` };
    const view = callee ? this.core.presence.viewFor(callee.id, caller.userId) : undefined;
    if (!callee || !view || view.status === 'FLN') {
      return { ok: false, code: 217, why: `${email} is offline, hidden, blocks ${caller.email}, or has no account` };
    }
    const all = this.core.presence.endpointsOf(callee.id);
    if (all.length === 0) {
      return { ok: true, sessionId: chat.id, then: () => this.panel.join(chat, callee) };
    }
    // MSN TV's "IMS OFF": that place is not rung; with no place left, to the caller this looks like
    // anyone else not taking conversations.
    const eps = all.filter((ep) => ep.acceptsInvitations !== false);
    if (eps.length === 0) return { ok: false, code: 217, why: `${email} takes no invitations now (IMS OFF)` };
    if ((this.memberships.get(callee.id) ?? 0) >= SB_POLICY.maxSessionsPerUser) {
      return { ok: false, code: 217, why: `${email} is in too many conversations already` };
    }
    this.ring(chat, caller, callee, eps);
    return { ok: true, sessionId: chat.id };
  }

  /**
   * An invitation rings every place of the account (MPOP), each with its own cookie: the places
   * that answer join, each under its "me@x;{guid}" handle.
   *   S: RNG 1846392014 10.0.0.2:1864 CKI 4190…  alice@lan Alice U messenger.hotmail.com 1   (to each place)
   */
  private ring(chat: SbChat, caller: SbParticipant, callee: { id: number; email: string; guid: string }, eps: readonly Endpoint[]): void {
    const inviter = this.core.users.byId(caller.userId);
    const from = { email: caller.email, friendlyName: inviter?.friendlyName ?? caller.friendlyName };
    for (const ep of eps) {
      if (chat.hasPlace(callee.id, ep.machineGuid)) continue;
      ep.notify({ kind: 'ring', sessionId: chat.id, cookie: this.grants.issue('ring', callee, chat.id), from });
    }
  }

  /**
   * The caller's own place: the one whose machine GUID it named itself with on the switchboard.
   * A place without a GUID is never "another place": such a client is alone on its account.
   */
  private isCaller(ep: Endpoint, caller: SbParticipant): boolean {
    return !ep.machineGuid || ep.machineGuid === caller.guid?.toLowerCase();
  }

  /**
   * The panel starts a conversation for a contact it drives: a session with only that contact in
   * it, and the callee's client rung as if the contact had called (RNG … CKI … from@x From). The
   * opening text is said once the callee has answered. Who may call whom is the caller's to check.
   */
  startFromPanel(from: User, to: User, text: string): { ok: true; sessionId: string } | Refusal {
    // Every place of the callee is rung, as for a CAL from a real client (MPOP, MSNP16+): the
    // places that answer join; the text is said once the first has.
    const all = this.core.presence.endpointsOf(to.id);
    if (all.length === 0) return { ok: false, code: 217, why: `${to.email} is not signed in from a client` };
    const eps = all.filter((ep) => ep.acceptsInvitations !== false);
    if (eps.length === 0) return { ok: false, code: 217, why: `${to.email} takes no invitations now (IMS OFF)` };
    if ((this.memberships.get(to.id) ?? 0) >= SB_POLICY.maxSessionsPerUser) {
      return { ok: false, code: 217, why: `${to.email} is in too many conversations already` };
    }
    const chat = new SbChat(String(this.nextId++), this);
    this.chats.set(chat.id, chat);
    this.panel.open(chat, from, text, SB_POLICY.grantTtlMs);
    const caller = { email: from.email, friendlyName: from.friendlyName };
    for (const ep of eps) ep.notify({ kind: 'ring', sessionId: chat.id, cookie: this.grants.issue('ring', to, chat.id), from: caller });
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
    this.core.events.off('credentials', this.onCredentials);
    this.panel.close();
  }

  // ChatHooks: every session reports here.

  joined(chat: SbChat, member: SbParticipant): void {
    if (!member.internal) this.memberships.set(member.userId, (this.memberships.get(member.userId) ?? 0) + 1);
    this.panel.joined(chat, member);
    this.history.joined(chat, member);
    this.offline.joined(chat, member);
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
    this.history.relayed(chat, from, payload, msg);
  }

  ended(chat: SbChat): void {
    this.chats.delete(chat.id);
    this.panel.ended(chat);
    this.history.ended(chat);
    this.calls.prune();
  }
}

