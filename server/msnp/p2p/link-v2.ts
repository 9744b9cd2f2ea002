// P2P v2 over the switchboard (WLM 2009, MSNP18): sequence numbers that advance by each packet's
// MessageSize, acks that name the next expected sequence (seq + MessageSize) for packets that ask
// for one (RAK), a SYN answered with our peer info, MSNSLP messages split with "data remaining".
//   C: 0x18 SYN|RAK seq=1000 TLV1=peer-info  data: TF=1 session 0 (INVITE)
//   S: 0x14 SYN seq=5000 TLV1=peer-info TLV2=ack(1000+size)
import { randomInt } from 'node:crypto';
import { buildV2, parseV2, SERVER_PEER_INFO, v2Length, V2_MAX_CHUNK, V2_OP, V2_TF, type V2Packet } from './p2p-v2';
import { AckWaits, type LinkEvent, type P2pLink } from './link';
import { MAX_SLP_MESSAGE } from './link-v1';

export class V2Link implements P2pLink {
  readonly version = 2;
  private sequence = randomInt(1_000, 0x3fffffff);
  private readonly acks = new AckWaits();
  private slp?: { parts: Buffer[]; got: number };
  private package = 0;

  constructor(private readonly send: (binary: Buffer) => void) {}

  receive(body: Buffer): LinkEvent[] {
    const parsed = parseV2(body);
    if (!parsed.ok) return [{ kind: 'error', why: parsed.why }];
    const p = parsed.packet;
    if (p.ack !== undefined) this.acks.settle(p.ack);
    const events: LinkEvent[] = [];
    const d = p.data;
    if (d && d.sessionId === 0 && d.bytes.length > 0) {
      const first = (d.tf & V2_TF.first) !== 0;
      if (first) this.slp = { parts: [], got: 0 };
      if (!this.slp) {
        events.push({ kind: 'error', why: 'a continuation of an MSNSLP message that never began (no first packet)' });
      } else if (this.slp.got + d.bytes.length + (d.dataRemaining ?? 0) > MAX_SLP_MESSAGE) {
        this.slp = undefined;
        events.push({ kind: 'error', why: `an MSNSLP message over ${MAX_SLP_MESSAGE} bytes` });
      } else {
        this.slp.parts.push(d.bytes);
        this.slp.got += d.bytes.length;
        if (!d.dataRemaining) {
          events.push({ kind: 'slp', bytes: Buffer.concat(this.slp.parts) });
          this.slp = undefined;
        }
      }
    }
    if (p.opcode & V2_OP.rak) this.ackPacket(p);
    return events;
  }

  sendSlp(bytes: Buffer): Promise<void> {
    this.package = (this.package + 1) & 0xffff;
    return this.sendChunks(0, V2_TF.first, V2_TF.none, this.package, bytes, 0);
  }

  /** MSNPSharp 3.0 sends the same four zero bytes as v1 before a display picture's data. */
  sendDataPreparation(sessionId: number, appId: number): Promise<void> {
    return this.sendChunks(sessionId, V2_TF.first, V2_TF.none, 0, Buffer.alloc(4), appId);
  }

  sendData(sessionId: number, appId: number, data: Buffer): Promise<void> {
    return this.sendChunks(sessionId, V2_TF.msnObject | V2_TF.first, V2_TF.msnObject, 1, data, appId);
  }

  close(why: string): void {
    this.acks.rejectAll(why);
    this.slp = undefined;
  }

  /** Our ack; a SYN is answered with a SYN carrying our peer info (the handshake). */
  private ackPacket(p: V2Packet): void {
    const syn = (p.opcode & V2_OP.syn) !== 0;
    const ack = (p.sequence + (p.messageSize ?? 0)) >>> 0;
    this.send(buildV2({ opcode: syn ? V2_OP.syn : 0, sequence: this.sequence, peerInfo: syn ? SERVER_PEER_INFO : undefined, ack }, 0));
  }

  /** Chunks of one message; only the last asks for an ack, which resolves the promise. */
  private sendChunks(sessionId: number, firstTf: number, laterTf: number, packageNumber: number, data: Buffer, footer: number): Promise<void> {
    let acked: Promise<void> = Promise.resolve();
    for (let offset = 0; offset < data.length; offset += V2_MAX_CHUNK) {
      const bytes = data.subarray(offset, offset + V2_MAX_CHUNK);
      const remaining = data.length - offset - bytes.length;
      const last = remaining === 0;
      const packet = {
        opcode: last ? V2_OP.rak : 0,
        sequence: this.sequence,
        data: { tf: offset === 0 ? firstTf : laterTf, packageNumber, sessionId, dataRemaining: remaining || undefined, bytes },
      };
      this.sequence = (this.sequence + v2Length(packet)) >>> 0;
      if (last) acked = this.acks.wait(this.sequence);
      this.send(buildV2(packet, footer));
    }
    return acked;
  }
}

