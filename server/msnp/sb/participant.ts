// A member of a switchboard session: a client's SB connection, or a panel-driven contact the server
// speaks for. The session tells each member what the others do; each writes it its own way.
import type { ChatMessage } from './message';

export interface SbParticipant {
  readonly userId: number;
  readonly email: string;
  /** The machine GUID an MSNP16+ client named itself with ("alice@x;{guid}"), without braces. */
  readonly guid?: string;
  readonly friendlyName: string;
  /** "caps" or "caps:ext" as the member's client announced them. */
  readonly capabilities: string;
  /** A panel-driven contact: no socket, the server writes for it. */
  readonly internal: boolean;
  /** A panel-driven contact that answers P2P: the machine GUID it answers with (core/panel-peer.ts). */
  readonly panelPeerGuid?: string;
  /** Someone joined the session (JOI); `firstOfAccount` unless another place of theirs is already in. */
  memberJoined(m: SbParticipant, firstOfAccount: boolean): void;
  /** Someone left it (BYE); `lastOfAccount` unless another place of theirs stays. */
  memberLeft(m: SbParticipant, lastOfAccount: boolean): void;
  /** A message from another member, exactly as it was sent. */
  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void;
  /** The session is over (its last client left): go quietly. */
  sessionEnded(): void;
}
