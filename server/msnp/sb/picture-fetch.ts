// The server asks a signed-in client for its display picture, as a contact would: a switchboard
// session with a panel-driven contact in it, the client rung into it, then an MSNSLP INVITE for the
// client's MSN object over P2P v1 (every client with MSN objects speaks it; WLM 2009 and MSNPSharp
// 3.0 answer v1 to a peer that sends v1). The asker leaves once the picture is in, or on failure.
//   NS: RNG 11752013 10.0.0.2:1864 CKI 1029384756.2837465520 online@local Online%20User
//   SB: IRO 1 1 1 online@local Online%20User   ANS 1 OK
//   SB: MSG online@local Online%20User 502  (P2P-Dest: me@local, INVITE for me@local's <msnobj …/>)
import type { Core } from '../../core/core';
import { List, type User } from '../../core/model';
import { PANEL_CAPABILITIES } from '../../core/presence';
import type { TrafficTap } from '../../tap/tap';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import { parseMessage, type ChatMessage } from './message';
import type { Switchboards } from './switchboards';
import { V1Link } from '../p2p/link-v1';
import { ObjectClient } from '../p2p/object-client';
import { p2pEnvelope, parseP2pAddress } from '../p2p/p2p-envelope';

export const PICTURE_FETCH = {
  /** The whole fetch (ring, answer, INVITE, data) must be over within this. */
  timeoutMs: 20_000,
};

export class PictureFetches {
  constructor(
    private readonly core: Core,
    private readonly hub: Switchboards,
    private readonly tap: TrafficTap,
  ) {}

  /** The picture `msnObject` names, from `user`'s signed-in client; rejects with the reason. */
  fetch(user: User, msnObject: string, maxBytes: number): Promise<Buffer> {
    const ep = this.core.presence.endpointOf(user.id);
    if (!ep) return Promise.reject(new Error('the client is no longer signed in'));
    if (ep.acceptsInvitations === false) return Promise.reject(new Error('the client takes no invitations now (IMS OFF)'));
    const asker = this.askerFor(user);
    if (!asker) return Promise.reject(new Error('no panel-driven contact on its list to ask it as'));
    const member = new Asker(asker, user, msnObject, maxBytes, (line) => this.note(user.email, line));
    const chat = this.hub.open(member);
    member.chat = chat;
    const cookie = this.hub.grants.issue('ring', user, chat.id);
    this.note(user.email, `asks ${user.email} for its display picture as ${asker.email} (session ${chat.id})`);
    ep.notify({ kind: 'ring', sessionId: chat.id, cookie, from: { email: asker.email, friendlyName: asker.friendlyName } });
    const ms = PICTURE_FETCH.timeoutMs;
    const timer = setTimeout(() => member.stop(`no picture within ${ms / 1000} s`), ms);
    timer.unref();
    return member.result.finally(() => clearTimeout(timer));
  }

  /**
   * Who rings the client: a contact the server speaks for (no client signed in as it) that the
   * client has on its list and does not block; one online from the panel if there is one.
   */
  private askerFor(user: User): User | undefined {
    const candidates = this.core.lists
      .entries(user.id)
      .filter((e) => e.lists & List.FL && !(e.lists & List.BL) && !this.core.presence.isSignedIn(e.contactId))
      .map((e) => this.core.users.byId(e.contactId))
      .filter((u): u is User => u !== undefined);
    const online = candidates.find((u) => !['FLN', 'HDN'].includes(this.core.presence.snapshot(u.id)?.status ?? 'FLN'));
    return online ?? candidates[0];
  }

  private note(account: string, line: string): void {
    this.tap.record({ conn: 'sb-picture', service: 'SB', direction: 'note', line: `picture fetch: ${line}`, account });
  }
}

/** The asking contact inside the session: no socket, only P2P. */
class Asker implements SbParticipant {
  readonly internal = true;
  readonly guid = undefined;
  readonly capabilities = PANEL_CAPABILITIES;
  readonly userId: number;
  readonly email: string;
  readonly friendlyName: string;
  chat?: SbChat;
  private client?: ObjectClient;
  private gone = false;
  private failed?: (e: Error) => void;
  private resolveWith!: (b: Buffer) => void;
  /** The picture's bytes, or why not. */
  readonly result: Promise<Buffer>;

  constructor(
    asker: User,
    private readonly owner: User,
    private readonly msnObject: string,
    private readonly maxBytes: number,
    private readonly note: (line: string) => void,
  ) {
    this.userId = asker.id;
    this.email = asker.email;
    this.friendlyName = asker.friendlyName;
    this.result = new Promise<Buffer>((resolve, reject) => {
      this.failed = reject;
      this.resolveWith = resolve;
    });
    this.result.catch(() => {});
  }

  memberJoined(m: SbParticipant): void {
    if (m.internal || m.userId !== this.owner.id || this.client) return;
    const link = new V1Link((binary) => this.send(p2pEnvelope({ email: this.owner.email }, undefined, binary)));
    this.client = new ObjectClient({ link, local: this.email, remote: this.owner.email, msnObject: this.msnObject, maxBytes: this.maxBytes, note: this.note });
    this.client.result.then(
      (bytes) => {
        this.note(`${bytes.length} bytes received from ${this.owner.email}`);
        this.resolveWith(bytes);
        // Time for the BYE and its ack before the asker leaves.
        setTimeout(() => this.leave(), 500).unref();
      },
      (e: Error) => this.stop(e.message),
    );
    // After the client's IRO/ANS OK, as a contact's first message would come.
    setImmediate(() => this.client?.start());
  }

  memberLeft(m: SbParticipant): void {
    if (m.userId === this.owner.id) this.stop(`${this.owner.email} left the conversation`);
  }

  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    if (msg.kind !== 'p2p' || from.userId !== this.owner.id || !this.client) return;
    if (parseP2pAddress(msg.headers.get('p2p-dest'))?.email !== this.email) return;
    const body = payload.subarray(msg.bodyStart);
    setImmediate(() => this.client?.receive(body));
  }

  sessionEnded(): void {
    this.gone = true;
    this.stop('the conversation ended');
  }

  /** Gives up with a reason (logged once by whoever awaits the result) and leaves. */
  stop(why: string): void {
    this.client?.close(why);
    this.failed?.(new Error(why));
    this.leave();
  }

  private leave(): void {
    if (this.gone) return;
    this.gone = true;
    this.chat?.leave(this);
  }

  private send(payload: Buffer): void {
    if (this.gone || !this.chat) return;
    this.chat.relay(this, payload, parseMessage(payload)!);
  }
}
