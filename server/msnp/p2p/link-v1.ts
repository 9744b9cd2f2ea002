// P2P v1 over the switchboard: our identifiers, chunking at 1202 bytes, reassembly of the peer's
// MSNSLP messages (and of the data of a session we asked for) by Identifier and Offset (a chunk whose offset is not where the message has got
// to is a lie, and the message is dropped), acks both ways.
//   ack: SessionID=S Identifier=our-next Offset=0 TotalSize=T Size=0 Flags=2 AckSessionID=their-id AckUniqueID=their-ack-id AckDataSize=T
import { randomInt } from 'node:crypto';
import { ackV1, buildV1, parseV1, V1_FLAGS, V1_MAX_CHUNK, type V1Header } from './p2p-v1';
import { AckWaits, type LinkEvent, type P2pLink } from './link';

/** An MSNSLP message bigger than this is not a picture request. */
export const MAX_SLP_MESSAGE = 16 * 1024;

export class V1Link implements P2pLink {
  readonly version = 1;
  private nextId = randomInt(1_000, 0x3fffffff);
  private readonly acks = new AckWaits();
  private readonly partial = new Map<number, { header: V1Header; parts: Buffer[]; got: number }>();
  /** Data sessions we receive, with the largest message each may carry. */
  private readonly incoming = new Map<number, number>();

  constructor(private readonly send: (binary: Buffer) => void) {}

  receive(body: Buffer): LinkEvent[] {
    const parsed = parseV1(body);
    if (!parsed.ok) return [{ kind: 'error', why: parsed.why }];
    const { header, data } = parsed.message;
    if (header.flags & V1_FLAGS.ack) {
      this.acks.settle(header.ackSessionId);
      return [];
    }
    if (header.flags & V1_FLAGS.closeSession) return [{ kind: 'closed', sessionId: header.sessionId }];
    // Session 0 is MSNSLP; a data session only when we asked for it (our INVITE was accepted).
    const limit = header.sessionId === 0 ? MAX_SLP_MESSAGE : this.incoming.get(header.sessionId);
    if (limit === undefined) return [];
    if (header.totalSize > limit) {
      this.partial.delete(header.identifier);
      const what = header.sessionId === 0 ? 'an MSNSLP message' : `data in session ${header.sessionId}`;
      return [{ kind: 'error', why: `${what} of ${header.totalSize} bytes (at most ${limit})` }];
    }
    const at = this.partial.get(header.identifier) ?? { header, parts: [], got: 0 };
    if (header.offset !== at.got || header.totalSize !== at.header.totalSize) {
      this.partial.delete(header.identifier);
      return [{ kind: 'error', why: `P2P chunk of message ${header.identifier} claims offset ${header.offset} of ${header.totalSize} where ${at.got} of ${at.header.totalSize} bytes have arrived` }];
    }
    at.parts.push(data);
    at.got += data.length;
    if (at.got < header.totalSize) {
      this.partial.set(header.identifier, at);
      return [];
    }
    this.partial.delete(header.identifier);
    this.send(ackV1(header, this.id()));
    const bytes = Buffer.concat(at.parts);
    if (header.sessionId === 0) return [{ kind: 'slp', bytes }];
    return [{ kind: 'data', sessionId: header.sessionId, bytes, object: (header.flags & V1_FLAGS.data) !== 0 }];
  }

  /** Accept data in `sessionId` (the peer accepted our INVITE), each message at most `maxBytes`. */
  expectData(sessionId: number, maxBytes: number): void {
    this.incoming.set(sessionId, maxBytes);
  }

  sendSlp(bytes: Buffer): Promise<void> {
    return this.sendMessage(0, V1_FLAGS.normal, bytes, 0);
  }

  sendDataPreparation(sessionId: number, appId: number): Promise<void> {
    return this.sendMessage(sessionId, V1_FLAGS.normal, Buffer.alloc(4), appId);
  }

  sendData(sessionId: number, appId: number, data: Buffer): Promise<void> {
    return this.sendMessage(sessionId, V1_FLAGS.data, data, appId);
  }

  close(why: string): void {
    this.acks.rejectAll(why);
    this.partial.clear();
  }

  /** One message, in chunks sharing its Identifier; the peer acks it once, after the last chunk. */
  private sendMessage(sessionId: number, flags: number, data: Buffer, footer: number): Promise<void> {
    const identifier = this.id();
    const ackSessionId = randomInt(1, 0x7fffffff);
    const acked = this.acks.wait(identifier);
    for (let offset = 0; offset < data.length || offset === 0; offset += V1_MAX_CHUNK) {
      const chunk = data.subarray(offset, offset + V1_MAX_CHUNK);
      this.send(
        buildV1(
          { sessionId, identifier, offset, totalSize: data.length, flags, ackSessionId, ackUniqueId: 0, ackDataSize: 0 },
          chunk,
          footer,
        ),
      );
      if (data.length === 0) break;
    }
    return acked;
  }

  private id(): number {
    const id = this.nextId;
    this.nextId = (this.nextId + 1) >>> 0 || 1;
    return id;
  }
}
