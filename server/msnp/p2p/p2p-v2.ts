// P2P version 2 framing (WLM 2009, MSNP18): a transport header with TLVs, then (when the packet
// carries data) a data header with TLVs, the bytes, and over the switchboard the same 4-byte
// big-endian footer as v1. Big-endian throughout; TLV blocks padded with zeros to 4 bytes.
//   transport: HeaderLength u8 | OpCode u8 (0x01 SYN, 0x02 RAK: ack me) | MessageSize u16 | SequenceNumber u32 | TLVs
//              TLV 1 = peer info (12 bytes, on SYN), TLV 2 = ack (u32: acked seq + its MessageSize)
//   data:      HeaderLength u8 | TF u8 (1 first, 4 MSN object data, 6 file) | PackageNumber u16 | SessionID u32 | TLVs
//              TLV 1 = data remaining (u64)
// MessageSize counts the data header and the bytes. Sources: MSNPSharp 3.0 P2PHeader.cs (layout,
// ack = identifier + MessageSize, TF values); libpurple p2p.c (the ack rule).

export const V2_OP = { syn: 0x01, rak: 0x02 } as const;
export const V2_TF = { none: 0, first: 0x01, msnObject: 0x04, file: 0x06 } as const;
export const V2_MAX_CHUNK = 1202;

export interface V2Packet {
  opcode: number;
  sequence: number;
  /** TLV 1 of the transport header (sent with SYN). */
  peerInfo?: Buffer;
  /** TLV 2: the sequence number this packet acknowledges up to. */
  ack?: number;
  /** Present when the packet carries data (MessageSize > 0). */
  data?: {
    tf: number;
    packageNumber: number;
    sessionId: number;
    dataRemaining?: number;
    bytes: Buffer;
  };
  footer: number;
  /** As read from the wire (data header + bytes); computed when building. */
  messageSize?: number;
}

export type V2Parse = { ok: true; packet: V2Packet } | { ok: false; why: string };

function readTlvs(block: Buffer): Map<number, Buffer> | string {
  const tlvs = new Map<number, Buffer>();
  let i = 0;
  while (i < block.length) {
    const t = block[i]!;
    if (t === 0) break; // padding
    if (i + 2 > block.length) return 'a TLV type without its length';
    const len = block[i + 1]!;
    if (i + 2 + len > block.length) return `TLV ${t} says ${len} bytes but the block ends first`;
    tlvs.set(t, block.subarray(i + 2, i + 2 + len));
    i += 2 + len;
  }
  return tlvs;
}

function writeTlvs(fixed: Buffer, tlvs: [number, Buffer][]): Buffer {
  const body = Buffer.concat(tlvs.map(([t, v]) => Buffer.concat([Buffer.from([t, v.length]), v])));
  const len = fixed.length + body.length;
  const padded = Buffer.alloc(len + ((4 - (len % 4)) % 4));
  fixed.copy(padded, 0);
  body.copy(padded, fixed.length);
  padded[0] = padded.length;
  return padded;
}

/** Reads one P2P v2 packet (the MSG body after the MIME headers). */
export function parseV2(body: Buffer): V2Parse {
  if (body.length < 8) return { ok: false, why: `a P2P v2 packet needs at least 8 header bytes; this one has ${body.length}` };
  const headerLength = body[0]!;
  if (headerLength < 8 || headerLength % 4 !== 0 || headerLength > body.length) {
    return { ok: false, why: `P2P v2 header length ${headerLength} is not a multiple of 4 from 8 up within ${body.length} bytes` };
  }
  const opcode = body[1]!;
  const messageSize = body.readUInt16BE(2);
  const sequence = body.readUInt32BE(4);
  const tlvs = readTlvs(body.subarray(8, headerLength));
  if (typeof tlvs === 'string') return { ok: false, why: `P2P v2 header: ${tlvs}` };
  const ackTlv = tlvs.get(2);
  if (ackTlv && ackTlv.length !== 4) return { ok: false, why: 'P2P v2 ack TLV is not 4 bytes' };
  const rest = body.length - headerLength;
  if (messageSize !== rest - 4 && messageSize !== rest) {
    return { ok: false, why: `P2P v2 MessageSize ${messageSize} but ${rest} bytes follow the header` };
  }
  const packet: V2Packet = {
    opcode,
    sequence,
    messageSize,
    peerInfo: tlvs.get(1),
    ack: ackTlv?.readUInt32BE(0),
    footer: rest >= messageSize + 4 ? body.readUInt32BE(headerLength + messageSize) : 0,
  };
  if (messageSize > 0) {
    const d = body.subarray(headerLength, headerLength + messageSize);
    const dataHeaderLength = d[0]!;
    if (dataHeaderLength < 8 || dataHeaderLength % 4 !== 0 || dataHeaderLength > d.length) {
      return { ok: false, why: `P2P v2 data header length ${dataHeaderLength} does not fit MessageSize ${messageSize}` };
    }
    const dtlvs = readTlvs(d.subarray(8, dataHeaderLength));
    if (typeof dtlvs === 'string') return { ok: false, why: `P2P v2 data header: ${dtlvs}` };
    const remaining = dtlvs.get(1);
    if (remaining && remaining.length !== 8) return { ok: false, why: 'P2P v2 data-remaining TLV is not 8 bytes' };
    const dataRemaining = remaining ? remaining.readBigUInt64BE(0) : undefined;
    if (dataRemaining !== undefined && dataRemaining > 2n ** 31n) return { ok: false, why: 'P2P v2 data remaining beyond 2 GB' };
    packet.data = {
      tf: d[1]!,
      packageNumber: d.readUInt16BE(2),
      sessionId: d.readUInt32BE(4),
      dataRemaining: dataRemaining === undefined ? undefined : Number(dataRemaining),
      bytes: Buffer.from(d.subarray(dataHeaderLength)),
    };
  }
  return { ok: true, packet };
}

/** Writes one P2P v2 packet; lengths and padding are computed. */
export function buildV2(p: Omit<V2Packet, 'footer'>, footer: number): Buffer {
  const fixed = Buffer.alloc(8);
  fixed[1] = p.opcode;
  fixed.writeUInt32BE(p.sequence >>> 0, 4);
  const tlvs: [number, Buffer][] = [];
  if (p.peerInfo) tlvs.push([1, p.peerInfo]);
  if (p.ack !== undefined) {
    const v = Buffer.alloc(4);
    v.writeUInt32BE(p.ack >>> 0);
    tlvs.push([2, v]);
  }
  let dataPart = Buffer.alloc(0);
  if (p.data) {
    const dfixed = Buffer.alloc(8);
    dfixed[1] = p.data.tf;
    dfixed.writeUInt16BE(p.data.packageNumber, 2);
    dfixed.writeUInt32BE(p.data.sessionId >>> 0, 4);
    const dtlvs: [number, Buffer][] = [];
    if (p.data.dataRemaining) {
      const v = Buffer.alloc(8);
      v.writeBigUInt64BE(BigInt(p.data.dataRemaining));
      dtlvs.push([1, v]);
    }
    dataPart = Buffer.concat([writeTlvs(dfixed, dtlvs), p.data.bytes]);
  }
  if (dataPart.length > 0xffff) throw new Error('a P2P v2 packet carries at most 65535 bytes');
  const header = writeTlvs(fixed, tlvs);
  header.writeUInt16BE(dataPart.length, 2);
  const foot = Buffer.alloc(4);
  foot.writeUInt32BE(footer >>> 0);
  return Buffer.concat([header, dataPart, foot]);
}

/** How far a packet moves the sender's sequence: its MessageSize (data header + bytes). */
export function v2Length(p: Pick<V2Packet, 'data'>): number {
  if (!p.data) return 0;
  const tlvBytes = p.data.dataRemaining ? 10 : 0;
  const dh = 8 + tlvBytes;
  return dh + ((4 - (dh % 4)) % 4) + p.data.bytes.length;
}

/** Peer info we send with SYN: protocol version 0x0200, implementation 0, version 0x0e00, caps 0x0000010f (as WLM 2009). */
export const SERVER_PEER_INFO = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0f]);
