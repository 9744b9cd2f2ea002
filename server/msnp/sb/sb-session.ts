// One client connection to the switchboard: who it is (from its cookie), the dialect of that
// user's notification session, the session it is in, and the command table. As a session member
// it writes what the others do (JOI, BYE, MSG) in its own dialect.
import { encodeParam, isTrid, type MsnpCommand } from '../codec';
import type { MsnpConnection } from '../connection';
import type { Dialect } from '../dialects/dialect';
import type { Core } from '../../core/core';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import type { ChatMessage } from './message';
import type { Switchboards } from './switchboards';
import { SB_AUTH_COMMANDS } from './sb-auth-commands';
import { SB_CHAT_COMMANDS } from './sb-chat-commands';

export type SbHandler = (s: SbSession, cmd: MsnpCommand, trid: string) => void;

const HANDLERS: Record<string, SbHandler> = { ...SB_AUTH_COMMANDS, ...SB_CHAT_COMMANDS };

/** A client that connects and never says USR or ANS is let go after this long. */
export const SB_AUTH_TIMEOUT_MS = 60_000;

export interface SbIdentity {
  userId: number;
  email: string;
  guid?: string;
  friendlyName: string;
  capabilities: string;
  dialect: Dialect;
}

export class SbSession implements SbParticipant {
  readonly internal = false;
  identity?: SbIdentity;
  chat?: SbChat;
  private readonly authTimer: NodeJS.Timeout;

  constructor(
    readonly conn: MsnpConnection,
    readonly core: Core,
    readonly hub: Switchboards,
  ) {
    conn.onCommand = (cmd) => this.handle(cmd);
    conn.onClose = () => this.closed();
    this.authTimer = setTimeout(() => {
      if (!this.identity) conn.close(`no USR or ANS within ${SB_AUTH_TIMEOUT_MS / 1000} s`);
    }, SB_AUTH_TIMEOUT_MS);
    this.authTimer.unref();
  }

  get userId(): number {
    return this.identity?.userId ?? -1;
  }
  get email(): string {
    return this.identity?.email ?? '';
  }
  get guid(): string | undefined {
    return this.identity?.guid;
  }
  get friendlyName(): string {
    return this.identity?.friendlyName ?? '';
  }
  get capabilities(): string {
    return this.identity?.capabilities ?? '0';
  }
  get dialect(): Dialect {
    return this.identity!.dialect;
  }

  /** Signed in to the switchboard (USR or ANS accepted). */
  authenticated(identity: SbIdentity, chat: SbChat | undefined): void {
    clearTimeout(this.authTimer);
    this.identity = identity;
    this.chat = chat;
    this.conn.account = identity.email;
  }

  send(line: string, payload?: Buffer | string): void {
    this.conn.send(line, payload);
  }

  memberJoined(m: SbParticipant, firstOfAccount = true): void {
    for (const line of this.dialect.sbJoined(m, firstOfAccount)) this.send(line);
  }

  memberLeft(m: SbParticipant, lastOfAccount = true): void {
    for (const line of this.dialect.sbLeft(m, lastOfAccount)) this.send(line);
  }

  /**   S: MSG alice@lan Alice 136  + the sender's bytes, unchanged */
  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    void msg;
    this.send(`${msgPrefix(from)}${payload.length}`, payload);
  }

  sessionEnded(): void {
    this.chat = undefined;
    this.conn.close('the conversation ended');
  }

  private handle(cmd: MsnpCommand): void {
    const trid = cmd.args[0];
    if (cmd.verb === 'OUT') return HANDLERS.OUT!(this, cmd, '0');
    if (!isTrid(trid)) {
      this.conn.close(`"${cmd.line.slice(0, 80)}" has no transaction id: not a switchboard command`);
      return;
    }
    if (!this.identity && cmd.verb !== 'USR' && cmd.verb !== 'ANS') {
      this.conn.close(`${cmd.verb} before USR/ANS on the switchboard`);
      return;
    }
    const handler = HANDLERS[cmd.verb];
    if (!handler) {
      this.conn.error(200, trid, `${cmd.verb} is not a switchboard command`);
      return;
    }
    handler(this, cmd, trid);
  }

  private closed(): void {
    clearTimeout(this.authTimer);
    const chat = this.chat;
    this.chat = undefined;
    chat?.leave(this);
  }
}

/**
 * "MSG alice@lan Alice%20Smith " for a sender, made once per sender and name rather than per
 * relayed message (a member's name is fixed once it is in the session, but a panel-driven contact
 * may be renamed, so the cache is keyed on the name too).
 */
const prefixes = new WeakMap<SbParticipant, { email: string; name: string; prefix: string }>();
export function msgPrefix(from: SbParticipant): string {
  const email = from.email;
  const name = from.friendlyName;
  const known = prefixes.get(from);
  if (known && known.email === email && known.name === name) return known.prefix;
  const prefix = `MSG ${email} ${encodeParam(name)} `;
  prefixes.set(from, { email, name, prefix });
  return prefix;
}
