// A panel-driven contact's P2P side: the client asks it for its display picture over the
// switchboard (application/x-msnmsgrp2p MSGs addressed to it), and the shared P2P module answers
// as Messenger would. One P2P link per asking client endpoint and P2P version.
//   C: MSG 7 D 502  (P2P-Dest: online@local, INVITE …)      S: MSG online@local Online%20User 130  (P2P-Dest: me@local, ack)
import type { Core } from '../../core/core';
import type { TrafficTap } from '../../tap/tap';
import type { SbParticipant } from './participant';
import type { ChatMessage } from './message';
import { ObjectServer } from '../p2p/object-server';
import { V1Link } from '../p2p/link-v1';
import { V2Link } from '../p2p/link-v2';
import { formatP2pAddress, p2pEnvelope, parseP2pAddress, type P2pAddress } from '../p2p/p2p-envelope';

/** What a panel-driven contact hands its P2P messages to. */
export interface PanelContactPeer {
  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void;
  close(): void;
}

export interface PeerHost {
  readonly email: string;
  /** Writes a MSG as this contact into the session. */
  sendRaw(payload: Buffer): void;
}

/** The most P2P partners (client endpoints) one contact keeps per conversation. */
const MAX_LINKS = 8;

export class PanelContactP2p implements PanelContactPeer {
  private readonly links = new Map<string, ObjectServer>();

  constructor(
    private readonly host: PeerHost,
    private readonly core: Core,
    private readonly tap: TrafficTap,
  ) {}

  deliver(from: SbParticipant, payload: Buffer, msg: ChatMessage): void {
    const dest = parseP2pAddress(msg.headers.get('p2p-dest'));
    if (!dest || dest.email !== this.host.email) return; // for another member
    // P2P v2 names both ends with machine GUIDs; v1 only the recipient.
    const src: P2pAddress = dest.guid
      ? (parseP2pAddress(msg.headers.get('p2p-src')) ?? { email: from.email, guid: from.guid ? `{${from.guid}}` : undefined })
      : { email: from.email };
    if (dest.guid && !src.guid) {
      this.note(`P2P v2 message from ${from.email} without a P2P-Src machine GUID: dropped`);
      return;
    }
    const key = `${formatP2pAddress(src)} v${dest.guid ? 2 : 1}`;
    let server = this.links.get(key);
    if (!server) {
      if (this.links.size >= MAX_LINKS) {
        this.note(`P2P from ${formatP2pAddress(src)} dropped: ${MAX_LINKS} P2P partners already in this conversation`);
        return;
      }
      const send = (binary: Buffer) => this.host.sendRaw(p2pEnvelope(src, dest, binary));
      server = new ObjectServer({
        link: dest.guid ? new V2Link(send) : new V1Link(send),
        local: formatP2pAddress(dest),
        find: (creator, sha1d) => (creator.toLowerCase() === this.host.email ? this.core.pictures.find(creator, sha1d) : undefined),
        note: (line) => this.note(`${formatP2pAddress(src)}: ${line}`),
      });
      this.links.set(key, server);
    }
    const body = payload.subarray(msg.bodyStart);
    // After the sender's ACK, as a client's answer would come (FIFO, so the order is kept).
    setImmediate(() => server.receive(body));
  }

  close(): void {
    for (const s of this.links.values()) s.close();
    this.links.clear();
  }

  private note(line: string): void {
    this.tap.record({ conn: 'sb-panel', service: 'SB', direction: 'note', line: `${this.host.email} P2P: ${line}`, account: this.host.email });
  }
}
