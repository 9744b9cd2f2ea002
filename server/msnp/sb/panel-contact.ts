// A panel-driven contact inside a switchboard session: a member with no socket. The server writes
// its messages (the operator's replies, or echoes), each after a typing notification, as a client
// would:   S: MSG online@local Online%20User 93  (text/x-msmsgscontrol)   S: MSG online@local Online%20User 142  (text/plain)
import type { User } from '../../core/model';
import { panelPeerGuid } from '../../core/panel-peer';
import type { SbChat } from './chat';
import type { SbParticipant } from './participant';
import { bodyText, parseMessage, textMessage, typingMessage, type ChatMessage } from './message';
import type { PanelContactPeer, PeerHost } from './panel-contact-p2p';

export interface PanelContactOptions {
  /** Is this contact in echo mode right now? */
  echo: () => boolean;
  /** Answers P2P (display picture requests) for this contact: panel-contact-p2p.ts. */
  peer?: (host: PeerHost) => PanelContactPeer;
}

export class PanelContactMember implements SbParticipant {
  readonly internal = true;
  readonly guid = undefined;
  readonly userId: number;
  readonly email: string;
  readonly friendlyName: string;
  readonly panelPeerGuid?: string;
  private gone = false;
  private readonly peer?: PanelContactPeer;

  constructor(
    readonly chat: SbChat,
    user: User,
    readonly capabilities: string,
    private readonly opts: PanelContactOptions,
  ) {
    this.userId = user.id;
    this.email = user.email;
    this.friendlyName = user.friendlyName;
    // Only a contact that answers P2P is announced as a P2P peer (MSNP18 names it by this GUID).
    this.panelPeerGuid = opts.peer ? panelPeerGuid(user.email) : undefined;
    this.peer = opts.peer?.({ email: this.email, sendRaw: (payload) => this.sendRaw(payload) });
  }

  get present(): boolean {
    return !this.gone;
  }

  memberJoined(): void {}

  memberLeft(): void {}

  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    if (msg.kind === 'p2p' && !from.internal) return this.peer?.deliver(from, payload, msg);
    // Only people are echoed: two contacts in echo mode would otherwise answer each other forever.
    if (from.internal || msg.kind !== 'text' || !this.opts.echo()) return;
    const text = bodyText(payload, msg);
    // After the sender's ACK: the echo answers the message, it does not interrupt it.
    setImmediate(() => this.say(text, msg.headers.get('x-mms-im-format')));
  }

  /** Writes a message as this contact: "is typing", then the text. False once it has left. */
  say(text: string, imFormat?: string): boolean {
    if (this.gone) return false;
    this.send(typingMessage(this.email));
    this.send(textMessage(text, imFormat));
    return true;
  }

  /** Leaves the session (the others get BYE): taken offline, or a real client signed in as it. */
  leave(): void {
    if (this.gone) return;
    this.gone = true;
    this.peer?.close();
    this.chat.leave(this);
  }

  sessionEnded(): void {
    this.gone = true;
    this.peer?.close();
  }

  private send(message: string): void {
    this.sendRaw(Buffer.from(message, 'utf8'));
  }

  private sendRaw(payload: Buffer): void {
    if (this.gone) return;
    this.chat.relay(this, payload, parseMessage(payload)!);
  }
}
