// The TLS 1.0 record layer for the JavaScript engine: framing incoming bytes into records, and
// protecting records in one direction (MAC-then-encrypt, RFC 2246 section 6.2.3).
//
//   17 03 01 00 30 | E( data | HMAC(seq|type|version|len|data) | padding | padding_length )
//
// Limits follow the spec: a ciphertext fragment is at most 2^14 + 2048 bytes and a plaintext
// at most 2^14; anything larger is record_overflow, so a client cannot make us buffer more.

import crypto from 'node:crypto';
import { createBulkCipher, type BulkCipher } from './bulk-ciphers.js';
import type { LegacySuite } from './legacy-suites.js';
import { Alert, TlsFatal } from './tls-alerts.js';

export const ContentType = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
export const TLS10 = 0x0301;
export const MAX_PLAINTEXT = 16384;
export const MAX_CIPHERTEXT = 16384 + 2048;

export interface TlsRecord {
  type: number;
  version: number;
  fragment: Buffer;
}

/** Cuts a byte stream into records, checking each header before waiting for its body. */
export class RecordReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
  }

  get buffered(): number {
    return this.buf.length;
  }

  /** The next complete record, or null until more bytes arrive. Throws TlsFatal on a bad header. */
  next(): TlsRecord | null {
    const b = this.buf;
    if (b.length >= 1 && (b[0] < ContentType.changeCipherSpec || b[0] > ContentType.applicationData)) {
      throw new TlsFatal(Alert.unexpectedMessage, `record type 0x${b[0].toString(16)} is not a TLS record`);
    }
    if (b.length >= 2 && b[1] !== 0x03) throw new TlsFatal(Alert.protocolVersion, `record version ${b[1]}.x is not SSL 3/TLS`);
    if (b.length < 5) return null;
    const length = b.readUInt16BE(3);
    if (length > MAX_CIPHERTEXT) throw new TlsFatal(Alert.recordOverflow, `record of ${length} bytes exceeds 2^14 + 2048`);
    if (b.length < 5 + length) return null;
    const rec = { type: b[0], version: b.readUInt16BE(1), fragment: b.subarray(5, 5 + length) };
    this.buf = b.subarray(5 + length);
    return rec;
  }
}

/** One direction's protection state: NULL before ChangeCipherSpec, the negotiated suite after. */
export class RecordProtection {
  private seq = 0n;

  private constructor(
    private readonly suite: LegacySuite | null,
    private readonly macKey: Buffer,
    private readonly cipher: BulkCipher | null,
  ) {}

  static none(): RecordProtection {
    return new RecordProtection(null, Buffer.alloc(0), null);
  }

  static forSuite(suite: LegacySuite, macKey: Buffer, key: Buffer, iv: Buffer, direction: 'encrypt' | 'decrypt'): RecordProtection {
    return new RecordProtection(suite, macKey, createBulkCipher(suite.cipher, key, iv, direction));
  }

  get active(): boolean {
    return this.suite !== null;
  }

  /** A complete record (header included) carrying `data`, which must be at most 2^14 bytes. */
  seal(type: number, data: Buffer): Buffer {
    let body = data;
    if (this.suite && this.cipher) {
      const mac = this.mac(type, TLS10, data);
      const block = this.suite.blockLength;
      if (block > 0) {
        const padLength = (block - ((data.length + mac.length + 1) % block)) % block;
        body = this.cipher.update(Buffer.concat([data, mac, Buffer.alloc(padLength + 1, padLength)]));
      } else {
        body = this.cipher.update(Buffer.concat([data, mac]));
      }
    }
    const header = Buffer.from([type, TLS10 >> 8, TLS10 & 0xff, body.length >> 8, body.length & 0xff]);
    return Buffer.concat([header, body]);
  }

  /** The plaintext of a received record; throws bad_record_mac (never a padding-specific error). */
  open(rec: TlsRecord): Buffer {
    if (!this.suite || !this.cipher) {
      if (rec.fragment.length > MAX_PLAINTEXT) throw new TlsFatal(Alert.recordOverflow, `plaintext record of ${rec.fragment.length} bytes`);
      return rec.fragment;
    }
    const { blockLength: block, macLength } = this.suite;
    const frag = rec.fragment;
    if (block === 0) {
      if (frag.length < macLength) throw new TlsFatal(Alert.badRecordMac, 'record shorter than its MAC');
      const plain = this.cipher.update(frag);
      const data = plain.subarray(0, plain.length - macLength);
      const ok = crypto.timingSafeEqual(this.mac(rec.type, rec.version, data), plain.subarray(plain.length - macLength));
      if (!ok) throw new TlsFatal(Alert.badRecordMac, 'record MAC does not verify');
      return this.checkedLength(data);
    }
    if (frag.length === 0 || frag.length % block !== 0 || frag.length < macLength + 1) {
      throw new TlsFatal(Alert.badRecordMac, `ciphertext length ${frag.length} is not whole ${block}-byte blocks holding a MAC`);
    }
    const plain = this.cipher.update(frag);
    // TLS 1.0 padding: padding_length + 1 bytes, all equal to padding_length (0–255). Check
    // every candidate byte and compute the MAC whatever the outcome, so a bad pad is neither
    // reported nor timed differently from a bad MAC (the lesson of Vaudenay and Lucky 13).
    const padLength = plain[plain.length - 1];
    let bad = padLength + 1 + macLength > plain.length ? 1 : 0;
    const span = Math.min(256, plain.length);
    for (let i = 1; i <= span; i++) {
      const inPad = i <= padLength + 1 ? 1 : 0;
      bad |= inPad & (plain[plain.length - i] !== padLength ? 1 : 0);
    }
    const cut = bad ? 1 : padLength + 1;
    const dataEnd = Math.max(0, plain.length - cut - macLength);
    const data = plain.subarray(0, dataEnd);
    const macOk = crypto.timingSafeEqual(this.mac(rec.type, rec.version, data), plain.subarray(dataEnd, dataEnd + macLength));
    if (bad || !macOk) throw new TlsFatal(Alert.badRecordMac, 'record MAC does not verify');
    return this.checkedLength(data);
  }

  private checkedLength(data: Buffer): Buffer {
    if (data.length > MAX_PLAINTEXT) throw new TlsFatal(Alert.recordOverflow, `decrypted record of ${data.length} bytes`);
    return data;
  }

  /** HMAC(mac_key, seq_num(8) | type(1) | version(2) | length(2) | data); the sequence number counts records in this direction. */
  private mac(type: number, version: number, data: Buffer): Buffer {
    const head = Buffer.alloc(13);
    head.writeBigUInt64BE(this.seq);
    head[8] = type;
    head.writeUInt16BE(version, 9);
    head.writeUInt16BE(data.length, 11);
    this.seq++;
    return crypto.createHmac(this.suite!.mac, this.macKey).update(head).update(data).digest();
  }
}

/** Split data into records of at most 2^14 bytes (an empty input still makes one record). */
export function sealAll(protection: RecordProtection, type: number, data: Buffer): Buffer {
  if (data.length <= MAX_PLAINTEXT) return protection.seal(type, data);
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += MAX_PLAINTEXT) out.push(protection.seal(type, data.subarray(at, at + MAX_PLAINTEXT)));
  return Buffer.concat(out);
}
