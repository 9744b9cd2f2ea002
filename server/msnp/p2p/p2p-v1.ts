// P2P version 1 framing (MSN 6–7.5, WLM 8.x, Messenger for Mac): a 48-byte little-endian binary
// header, the chunk's bytes, then a 4-byte big-endian footer (the application id: 0 for MSNSLP,
// 1 or 12 for display pictures). Chunks are at most 1202 bytes over the switchboard.
//   SessionID u32 | Identifier u32 | Offset u64 | TotalSize u64 | MessageSize u32 | Flags u32 |
//   AckSessionID u32 | AckUniqueID u32 | AckDataSize u64
// Sources: msnpiki "MSNP2P Binary headers"; MSNPSharp 2.5.8 P2PMessage.cs (field order, ack rules).

export const V1_HEADER_BYTES = 48;
export const V1_MAX_CHUNK = 1202;

export const V1_FLAGS = {
  normal: 0,
  nak: 0x1,
  ack: 0x2,
  waiting: 0x4,
  error: 0x8,
  file: 0x10,
  /** Data of an MSN object (display picture, emoticon). */
  data: 0x20,
  /** The sender closes the session (MSNPSharp 2.5.8 sends it after receiving a picture). */
  closeSession: 0x40,
  tlpError: 0x80,
} as const;

export interface V1Header {
  sessionId: number;
  identifier: number;
  offset: number;
  totalSize: number;
  messageSize: number;
  flags: number;
  ackSessionId: number;
  ackUniqueId: number;
  ackDataSize: number;
}

export interface V1Message {
  header: V1Header;
  data: Buffer;
  footer: number;
}

export type V1Parse = { ok: true; message: V1Message } | { ok: false; why: string };

/** Largest size we accept as a 64-bit field (a picture is kilobytes; a lie is not a BigInt problem). */
const MAX_SIZE = 2 ** 31;

/** Reads one P2P v1 message (the MSG body after the MIME headers). */
export function parseV1(body: Buffer): V1Parse {
  if (body.length < V1_HEADER_BYTES) return { ok: false, why: `a P2P v1 message needs a 48-byte header; this one has ${body.length} bytes` };
  const big = (at: number) => body.readBigUInt64LE(at);
  const offset = big(8);
  const totalSize = big(16);
  const ackDataSize = big(40);
  if (offset > BigInt(MAX_SIZE) || totalSize > BigInt(MAX_SIZE) || ackDataSize > BigInt(MAX_SIZE)) {
    return { ok: false, why: 'P2P v1 offset or size beyond 2 GB' };
  }
  const header: V1Header = {
    sessionId: body.readUInt32LE(0),
    identifier: body.readUInt32LE(4),
    offset: Number(offset),
    totalSize: Number(totalSize),
    messageSize: body.readUInt32LE(24),
    flags: body.readUInt32LE(28),
    ackSessionId: body.readUInt32LE(32),
    ackUniqueId: body.readUInt32LE(36),
    ackDataSize: Number(ackDataSize),
  };
  const rest = body.length - V1_HEADER_BYTES;
  if (header.messageSize !== rest - 4 && header.messageSize !== rest) {
    return { ok: false, why: `P2P v1 MessageSize ${header.messageSize} but ${rest} bytes follow the header` };
  }
  if (header.offset + header.messageSize > header.totalSize && !(header.flags & V1_FLAGS.ack)) {
    return { ok: false, why: `P2P v1 chunk at offset ${header.offset} of ${header.messageSize} bytes runs past TotalSize ${header.totalSize}` };
  }
  const data = body.subarray(V1_HEADER_BYTES, V1_HEADER_BYTES + header.messageSize);
  const footer = rest >= header.messageSize + 4 ? body.readUInt32BE(V1_HEADER_BYTES + header.messageSize) : 0;
  return { ok: true, message: { header, data: Buffer.from(data), footer } };
}

/** Writes one P2P v1 message; MessageSize comes from the data. */
export function buildV1(header: Omit<V1Header, 'messageSize'>, data: Buffer, footer: number): Buffer {
  const out = Buffer.alloc(V1_HEADER_BYTES + data.length + 4);
  out.writeUInt32LE(header.sessionId >>> 0, 0);
  out.writeUInt32LE(header.identifier >>> 0, 4);
  out.writeBigUInt64LE(BigInt(header.offset), 8);
  out.writeBigUInt64LE(BigInt(header.totalSize), 16);
  out.writeUInt32LE(data.length, 24);
  out.writeUInt32LE(header.flags >>> 0, 28);
  out.writeUInt32LE(header.ackSessionId >>> 0, 32);
  out.writeUInt32LE(header.ackUniqueId >>> 0, 36);
  out.writeBigUInt64LE(BigInt(header.ackDataSize), 40);
  data.copy(out, V1_HEADER_BYTES);
  out.writeUInt32BE(footer >>> 0, V1_HEADER_BYTES + data.length);
  return out;
}

/**
 * The acknowledgement of a whole message (sent once its last chunk arrived): same session, the
 * acked message's Identifier in AckSessionID, its AckSessionID in AckUniqueID, its TotalSize in
 * AckDataSize (MSNPSharp CreateAcknowledgement; msnpiki).
 */
export function ackV1(of: V1Header, identifier: number): Buffer {
  return buildV1(
    {
      sessionId: of.sessionId,
      identifier,
      offset: 0,
      totalSize: of.totalSize,
      flags: V1_FLAGS.ack,
      ackSessionId: of.identifier,
      ackUniqueId: of.ackSessionId,
      ackDataSize: of.totalSize,
    },
    Buffer.alloc(0),
    0,
  );
}
