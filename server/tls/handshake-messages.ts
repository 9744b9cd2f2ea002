// Handshake messages of a TLS 1.0 RSA handshake, server side, as bytes:
//
//   client                               server
//   ClientHello (TLS or SSLv2 format) -->
//                                   <--  ServerHello, Certificate, ServerHelloDone
//   ClientKeyExchange, [CCS], Finished -->
//                                   <--  [CCS], Finished
//
// Each message is type(1) | length(3) | body; several may share a record, one may span several.

import type { ClientHelloInfo } from './client-hello.js';
import { ContentType, MAX_PLAINTEXT, RecordReader, TLS10 } from './record-layer.js';
import { Alert, TlsFatal } from './tls-alerts.js';

export const HandshakeType = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  certificate: 11,
  serverHelloDone: 14,
  clientKeyExchange: 16,
  finished: 20,
} as const;

/** renegotiation_info (RFC 5746) and its signalling suite. */
const EXT_RENEGOTIATION_INFO = 0xff01;
const SCSV_RENEGOTIATION = 0x00ff;

export interface HandshakeMessage {
  type: number;
  body: Buffer;
  /** Header and body, as the Finished hashes need them. */
  raw: Buffer;
}

export function handshakeMessage(type: number, body: Buffer): Buffer {
  const head = Buffer.from([type, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]);
  return Buffer.concat([head, body]);
}

/** Reassembles handshake messages from record fragments. No client message we accept is large. */
export class HandshakeAssembler {
  private buf: Buffer = Buffer.alloc(0);

  push(fragment: Buffer): void {
    this.buf = this.buf.length === 0 ? fragment : Buffer.concat([this.buf, fragment]);
  }

  /** True when no partial message is waiting (ChangeCipherSpec must come at a boundary). */
  get empty(): boolean {
    return this.buf.length === 0;
  }

  next(): HandshakeMessage | null {
    if (this.buf.length < 4) return null;
    const length = this.buf.readUIntBE(1, 3);
    if (length > MAX_PLAINTEXT) throw new TlsFatal(Alert.decodeError, `handshake message of ${length} bytes`);
    if (this.buf.length < 4 + length) return null;
    const raw = this.buf.subarray(0, 4 + length);
    this.buf = this.buf.subarray(4 + length);
    return { type: raw[0], body: raw.subarray(4), raw };
  }
}

export interface HelloForHandshake {
  /** The bytes the Finished hashes start with. */
  transcript: Buffer;
  clientRandom: Buffer;
  clientVersion: number;
  /** The client signalled RFC 5746 support, so our ServerHello must carry renegotiation_info. */
  secureRenegotiation: boolean;
  /** Bytes the client sent after its hello (none, normally: it waits for our answer). */
  rest: Buffer;
}

/**
 * What the handshake needs from the hello the listener already parsed: its random and the
 * exact bytes to hash. For an SSLv2-format hello the hash covers the message from its type
 * byte on (the 2-byte length header excluded), and the challenge, left-padded with zeros to
 * 32 bytes, is the client random (RFC 2246 appendix E.2):
 *   80 2e | 01 03 01 … <challenge 16>   ->  random = 00×16 | challenge
 */
export function helloForHandshake(head: Buffer, hello: ClientHelloInfo): HelloForHandshake {
  const rest = head.subarray(hello.length);
  const secureRenegotiation = hello.cipherSuites.includes(SCSV_RENEGOTIATION) || hello.extensions.includes(EXT_RENEGOTIATION_INFO);
  if (hello.format === 'sslv2') {
    const msg = head.subarray(2, hello.length);
    const challengeLength = msg.readUInt16BE(7);
    const challenge = msg.subarray(msg.length - challengeLength);
    const clientRandom = Buffer.concat([Buffer.alloc(32 - challenge.length), challenge]);
    return { transcript: msg, clientRandom, clientVersion: hello.helloVersionCode, secureRenegotiation, rest };
  }
  const reader = new RecordReader();
  reader.push(head.subarray(0, hello.length));
  const fragments: Buffer[] = [];
  for (let rec = reader.next(); rec; rec = reader.next()) {
    if (rec.type !== ContentType.handshake) throw new TlsFatal(Alert.unexpectedMessage, 'non-handshake record inside the ClientHello');
    fragments.push(rec.fragment);
  }
  const all = Buffer.concat(fragments);
  const length = 4 + all.readUIntBE(1, 3);
  // The client must wait for our ServerHello, so nothing may follow the hello in its records.
  if (all.length !== length) throw new TlsFatal(Alert.unexpectedMessage, 'handshake data after the ClientHello');
  return { transcript: all, clientRandom: all.subarray(6, 38), clientVersion: hello.helloVersionCode, secureRenegotiation, rest };
}

/** ServerHello: TLS 1.0, our random, no session id (we keep no session cache), the suite, null compression. */
export function serverHello(random: Buffer, suiteId: number, secureRenegotiation: boolean): Buffer {
  const parts = [Buffer.from([TLS10 >> 8, TLS10 & 0xff]), random, Buffer.from([0x00, suiteId >> 8, suiteId & 0xff, 0x00])];
  if (secureRenegotiation) {
    // extensions length 5 | ff 01 | 00 01 | 00 (empty renegotiated_connection)
    parts.push(Buffer.from([0x00, 0x05, 0xff, 0x01, 0x00, 0x01, 0x00]));
  }
  return handshakeMessage(HandshakeType.serverHello, Buffer.concat(parts));
}

/** Certificate: a 3-byte-length list of 3-byte-length DER certificates, leaf first. */
export function certificateMessage(ders: readonly Buffer[]): Buffer {
  const entries = ders.map((d) => Buffer.concat([u24(d.length), d]));
  const list = Buffer.concat(entries);
  return handshakeMessage(HandshakeType.certificate, Buffer.concat([u24(list.length), list]));
}

export function serverHelloDone(): Buffer {
  return handshakeMessage(HandshakeType.serverHelloDone, Buffer.alloc(0));
}

export function finishedMessage(verifyData: Buffer): Buffer {
  return handshakeMessage(HandshakeType.finished, verifyData);
}

/**
 * The encrypted pre-master secret from a ClientKeyExchange body. TLS prefixes it with a 2-byte
 * length; a few early TLS 1.0 clients sent it bare, as in SSL 3.0, so accept that too when the
 * body is exactly one modulus long.
 */
export function encryptedPreMaster(body: Buffer, modulusBytes: number): Buffer {
  if (body.length >= 2 && body.readUInt16BE(0) === body.length - 2) return body.subarray(2);
  if (body.length === modulusBytes) return body;
  throw new TlsFatal(Alert.decodeError, `ClientKeyExchange of ${body.length} bytes does not hold one RSA block`);
}

function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
