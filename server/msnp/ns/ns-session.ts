// One notification-server connection: its sign-in state, its dialect, and the command table.
// As a core Endpoint it receives version-neutral events and writes them in its own dialect.
import { isTrid, type MsnpCommand } from '../codec';
import { sharedOutput, type MsnpConnection, type SharedOutput } from '../connection';
import type { Dialect } from '../dialects/dialect';
import type { Endpoint, EndpointEvent } from '../../core/presence';
import type { User } from '../../core/model';
import type { NsContext } from './context';
import { LOGIN_COMMANDS } from './login-commands';
import { PRESENCE_COMMANDS } from './presence-commands';
import { LIST_COMMANDS } from './list-commands';
import { SERVICE_COMMANDS } from './service-commands';
import { SYNC_COMMANDS } from './sync-commands';
import { LEGACY_LIST_COMMANDS } from './legacy-list-commands';
import { CHALLENGE_COMMANDS } from './challenge-commands';
import { INVITE_COMMANDS } from './invite-commands';
import { QUERY_COMMANDS } from './query-commands';
import { SWITCHBOARD_COMMANDS, sbAddress } from './switchboard-commands';
import { MD5_LOGIN_COMMANDS } from './md5-login-commands';
import { OFFLINE_COMMANDS } from './offline-commands';

export type NsHandler = (s: NsSession, cmd: MsnpCommand, trid: string) => void | Promise<void>;

const HANDLERS: Record<string, NsHandler> = {
  ...LOGIN_COMMANDS,
  ...PRESENCE_COMMANDS,
  ...LIST_COMMANDS,
  ...SERVICE_COMMANDS,
  ...SYNC_COMMANDS,
  ...LEGACY_LIST_COMMANDS,
  ...CHALLENGE_COMMANDS,
  ...SWITCHBOARD_COMMANDS,
  ...INVITE_COMMANDS,
  ...QUERY_COMMANDS,
  ...MD5_LOGIN_COMMANDS,
  ...OFFLINE_COMMANDS,
};

/** Whether this server has a handler for a notification-server verb (the command-set audit checks every dialect). */
export function handlesVerb(verb: string): boolean {
  return verb in HANDLERS;
}

/** Before sign-in a client may only do these; anything else closes the connection. */
const BEFORE_SIGN_IN = new Set(['VER', 'CVR', 'INF', 'USR', 'OUT', 'PNG']);
/** Commands that carry no TrID. */
const NO_TRID = new Set(['PNG', 'OUT']);

export interface ClientInfo {
  /** From CVR: "macmsgs 8.0.1 (mac 10.14.6)". */
  client?: string;
  locale?: string;
}

export class NsSession implements Endpoint {
  private agreedDialect?: Dialect;
  private reportedClient: ClientInfo = {};
  /** Called when what the panel shows of this session changes (version, client, account). */
  onDescribed: () => void = () => {};
  /** The address given in USR … I, until the ticket proves it (dropped then: the user has it). */
  pendingEmail?: string;
  user?: User;
  /** The machine GUID from USR SSO S (MSNP16+), lower-case without braces: this endpoint's name. */
  machineGuid?: string;
  /** The first CHG has been answered with the initial presence list. */
  live = false;
  /** IMS OFF (MSN TV): no invitations reach this session and it starts no conversations. */
  acceptsInvitations = true;
  private held?: EndpointEvent[];
  private detached = false;

  constructor(
    readonly conn: MsnpConnection,
    readonly ctx: NsContext,
  ) {
    conn.onCommand = (cmd) => this.handle(cmd);
    conn.onClose = () => this.leave();
  }

  get dialect(): Dialect | undefined {
    return this.agreedDialect;
  }

  set dialect(d: Dialect | undefined) {
    this.agreedDialect = d;
    this.onDescribed();
  }

  get clientInfo(): ClientInfo {
    return this.reportedClient;
  }

  set clientInfo(info: ClientInfo) {
    this.reportedClient = info;
    this.onDescribed();
  }

  get id(): string {
    return this.conn.id;
  }

  get userId(): number {
    return this.user?.id ?? -1;
  }

  get signedIn(): boolean {
    return this.user !== undefined;
  }

  private handle(cmd: MsnpCommand): void | Promise<void> {
    const trid = cmd.args[0];
    if (!NO_TRID.has(cmd.verb) && !isTrid(trid)) {
      // Without a TrID the client cannot match an answer; the stream is not MSNP we understand.
      this.conn.close(`"${cmd.line.slice(0, 80)}" has no transaction id`);
      return;
    }
    if (!this.signedIn && !BEFORE_SIGN_IN.has(cmd.verb)) {
      this.conn.close(`${cmd.verb} before signing in (only VER, CVR, USR, PNG and OUT are allowed then)`);
      return;
    }
    if (!this.dialect && cmd.verb !== 'VER' && cmd.verb !== 'OUT' && cmd.verb !== 'PNG') {
      this.conn.close(`${cmd.verb} before VER: the client must first agree a protocol version`);
      return;
    }
    const known = this.dialect ? this.dialect.commands.has(cmd.verb) || BEFORE_SIGN_IN.has(cmd.verb) : true;
    if (!known) {
      // Not a command of this dialect: say so (200 = syntax error), never stay silent.
      this.conn.error(200, trid ?? 0, `${cmd.verb} is not a command of ${this.dialect?.name ?? 'MSNP'}`);
      return;
    }
    const handler = HANDLERS[cmd.verb];
    if (!handler) {
      // A real command this server does not implement yet: a protocol error and a note in the traffic view.
      this.conn.error(502, trid ?? 0, `${cmd.verb} is not handled by this server yet`);
      return;
    }
    return handler(this, cmd, trid ?? '0');
  }

  /** Sends a line (and payload) in this connection's dialect. */
  send(line: string, payload?: string | Buffer): void {
    this.conn.send(line, payload);
  }

  /**
   * Runs a change whose effects this session will be told about (a contact's presence after an
   * ADD, say), holding those events until `release()`: the reply to the command goes first.
   *   C: ADD 9 FL bob@x bob@x 0    S: ADD 9 FL 16 bob@x bob@x 0    S: NLN NLN bob@x Bob 28
   */
  hold<T>(change: () => T): T {
    this.held ??= [];
    try {
      return change();
    } catch (e) {
      this.release();
      throw e;
    }
  }

  release(): void {
    const events = this.held ?? [];
    this.held = undefined;
    for (const e of events) this.notify(e);
  }

  notify(event: EndpointEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    const d = this.dialect;
    if (!d || this.conn.isClosed) return;
    switch (event.kind) {
      case 'presence': {
        // Every watcher on this dialect writes the same lines: the first one formats and encodes
        // them, the rest write the same bytes (connection.ts, SharedOutput).
        let out = event.rendered.get(d) as SharedOutput | undefined;
        if (!out) event.rendered.set(d, (out = sharedOutput(d.liveUpdate(event.view, event.basicChanged, event.extendedChanged))));
        this.conn.sendShared(out);
        return;
      }
      case 'reverse-list':
        for (const l of d.reverseListChange(event.added, event.email, event.friendlyName, event.listVersion, this.user)) {
          this.send(l.line, l.payload);
        }
        return;
      case 'user-notification': {
        this.send(`UBN ${d.ubnSender(event.from, event.fromGuid)} ${event.type} ${event.payload.length}`, event.payload);
        return;
      }
      case 'ring':
        this.send(d.ring(event.sessionId, sbAddress(this.ctx.addresses()), event.cookie, event.from.email, event.from.friendlyName));
        return;
      case 'own-presence':
        for (const l of d.ownUpdate(event.view, event.places, event.statusChanged && event.by !== this.id)) this.send(l.line, l.payload);
        return;
    }
  }

  kick(reason: 'OTH' | 'SSD' | 'KICK'): void {
    if (this.conn.isClosed) return;
    this.conn.note(`signed out by the server (${reason})`);
    // OUT OTH: signed in elsewhere; OUT SSD: server going down. A panel kick uses plain OUT.
    this.send(reason === 'KICK' ? 'OUT' : `OUT ${reason}`);
    this.conn.close(reason === 'OTH' ? 'the account signed in elsewhere' : 'signed out by the server');
  }

  /**
   * Completes sign-in: the core now routes presence to this session, one of the account's places.
   * Returns why not when the account is signed in at too many places already.
   */
  attach(user: User): string | undefined {
    this.user = user;
    const admitted = this.ctx.core.presence.attach(this, {
      machineGuid: this.machineGuid ?? '',
      name: '',
      clientType: '',
      idle: false,
      capabilities: '0',
      client: this.clientInfo.client ?? '',
      dialect: this.dialect?.name ?? '',
    });
    if (!admitted.ok) {
      this.user = undefined;
      return admitted.why;
    }
    this.conn.account = user.email;
    // Only sign-in needed it; cut from the USR line, it would keep that line for the session's life.
    this.pendingEmail = undefined;
    this.onDescribed();
    return undefined;
  }

  private leave(): void {
    if (this.detached || !this.user) return;
    this.detached = true;
    this.ctx.core.presence.detach(this);
  }
}
