// Reads the first bytes a client sends on the HTTPS port and says what it is: a TLS
// ClientHello (the normal record format) or an SSLv2-compatible ClientHello (sent by
// Windows 2000/XP when "Use SSL 2.0" is ticked in Internet Options), with the versions,
// cipher suites and SNI it offers. The listener uses this to log what old clients ask for
// and to explain, in plain words, why a handshake cannot work.
//
// Pure function on a Buffer. It must never throw: every byte sequence maps to a result, and
// a prefix of a valid hello maps to { incomplete: true } so the caller knows to wait.

import { cipherSuiteName, isGrease } from './cipher-suites.js';

export interface ClientHelloInfo {
  format: 'tls' | 'sslv2';
  /** Version in the (first) record header; 'SSL 2.0' for the SSLv2 record format. */
  recordVersion: string;
  /** Legacy client_version field of the hello, e.g. 'TLS 1.0'. */
  helloVersion: string;
  helloVersionCode: number;
  /** Highest version offered, taking the supported_versions extension (TLS 1.3 clients) into account. */
  maxVersion: string;
  maxVersionCode: number;
  /** supported_versions extension contents (GREASE removed), when the client sent it. */
  supportedVersions?: number[];
  /** Offered suites in client order. TLS ids are 16-bit; SSLv2-only kinds keep their 24-bit value. */
  cipherSuites: number[];
  /** OpenSSL-style names for cipherSuites, same order (unknown ids as hex). */
  cipherSuiteNames: string[];
  /** Host name from the SNI extension, if any (SSLv2 hellos cannot carry one). */
  serverName?: string;
  /** Extension type numbers, in order (empty for SSLv2 or extension-less hellos). */
  extensions: number[];
  /** How many bytes of the input the hello occupies (all records it spans). */
  length: number;
}

export type ClientHelloResult = ClientHelloInfo | { incomplete: true } | { error: string };

/** TLS records carry at most 2^14 bytes plus expansion; anything larger is not TLS. */
const MAX_RECORD = 16384 + 2048;
/** Real hellos are a few hundred bytes (a few KB with post-quantum key shares). */
const MAX_HELLO = 64 * 1024;
const MAX_RECORDS = 16;

export function parseClientHello(buf: Buffer): ClientHelloResult {
  try {
    if (buf.length === 0) return { incomplete: true };
    const b0 = buf[0];
    if (b0 === 0x16) return parseTlsRecords(buf);
    if (b0 & 0x80) return parseSslv2(buf);
    return { error: describeGarbage(buf) };
  } catch (err) {
    // Defensive: the parsers check every bound, but a parser bug must not crash a listener.
    return { error: `unparseable hello (${(err as Error)?.message ?? String(err)})` };
  }
}

export function tlsVersionName(code: number): string {
  switch (code) {
    case 0x0002:
      return 'SSL 2.0';
    case 0x0300:
      return 'SSL 3.0';
    case 0x0301:
      return 'TLS 1.0';
    case 0x0302:
      return 'TLS 1.1';
    case 0x0303:
      return 'TLS 1.2';
    case 0x0304:
      return 'TLS 1.3';
    default:
      if (isGrease(code)) return 'GREASE';
      if (code >> 8 === 0x7f) return `TLS 1.3 draft ${code & 0xff}`;
      return `0x${code.toString(16).padStart(4, '0')}`;
  }
}

// ---- TLS record format ---------------------------------------------------------------
// 16 03 01 00 c5 | 01 00 00 c1 03 03 <random 32> <sid> <suites> <compression> <extensions>

function parseTlsRecords(buf: Buffer): ClientHelloResult {
  const fragments: Buffer[] = [];
  let have = 0;
  let offset = 0;
  let firstRecordVersion = -1;
  let need = -1; // total handshake bytes wanted (4-byte header + body), once known
  for (let records = 0; records < MAX_RECORDS; records++) {
    // A ClientHello may span several handshake records; each has its own 5-byte header.
    if (buf.length < offset + 1) return { incomplete: true };
    if (buf[offset] !== 0x16) return { error: `ClientHello interrupted by a record of type 0x${buf[offset].toString(16)}` };
    if (buf.length < offset + 2) return { incomplete: true };
    if (buf[offset + 1] !== 0x03) return { error: describeGarbage(buf) };
    if (buf.length < offset + 3) return { incomplete: true };
    if (buf[offset + 2] > 0x04) return { error: `unknown TLS record version 03 ${hex(buf[offset + 2])}` };
    if (buf.length < offset + 5) return { incomplete: true };
    const version = buf.readUInt16BE(offset + 1);
    const len = buf.readUInt16BE(offset + 3);
    if (len === 0 || len > MAX_RECORD) return { error: `TLS record length ${len} is impossible` };
    if (firstRecordVersion < 0) firstRecordVersion = version;
    const end = offset + 5 + len;
    // Checking the handshake header early lets garbage fail fast instead of waiting for 18 KB.
    const avail = buf.subarray(offset + 5, Math.min(end, buf.length));
    fragments.push(avail);
    have += avail.length;
    const hs = fragments.length === 1 ? avail : Buffer.concat(fragments);
    if (hs.length >= 1 && hs[0] !== 0x01) return { error: `handshake message type ${hs[0]} is not ClientHello (1)` };
    if (hs.length >= 4) {
      need = 4 + hs.readUIntBE(1, 3);
      if (need > MAX_HELLO) return { error: `ClientHello length ${need - 4} is implausibly large` };
    }
    if (end > buf.length) return { incomplete: true };
    if (need >= 0 && have >= need) {
      return parseTlsHello(hs.subarray(0, need), tlsVersionName(firstRecordVersion), end);
    }
    offset = end;
  }
  return { error: `ClientHello spread over more than ${MAX_RECORDS} records` };
}

function parseTlsHello(msg: Buffer, recordVersion: string, length: number): ClientHelloResult {
  const r = new Reader(msg, 4);
  const helloVersionCode = r.u16();
  if (helloVersionCode === undefined) return malformed('no version');
  if (helloVersionCode >> 8 !== 0x03) return { error: `ClientHello version ${hex(helloVersionCode >> 8)} ${hex(helloVersionCode & 0xff)} is not SSL 3.0 or TLS` };
  if (!r.skip(32)) return malformed('random cut short');
  const sidLen = r.u8();
  if (sidLen === undefined || sidLen > 32 || !r.skip(sidLen)) return malformed('bad session id');
  const suitesLen = r.u16();
  if (suitesLen === undefined || suitesLen === 0 || suitesLen % 2 !== 0) return malformed('bad cipher suite list length');
  const suitesBytes = r.bytes(suitesLen);
  if (!suitesBytes) return malformed('cipher suite list cut short');
  const cipherSuites: number[] = [];
  for (let i = 0; i < suitesBytes.length; i += 2) cipherSuites.push(suitesBytes.readUInt16BE(i));
  const compLen = r.u8();
  if (compLen === undefined || compLen === 0 || !r.skip(compLen)) return malformed('bad compression methods');

  const extensions: number[] = [];
  let serverName: string | undefined;
  let supportedVersions: number[] | undefined;
  if (r.remaining() > 0) {
    const extLen = r.u16();
    if (extLen === undefined || extLen !== r.remaining()) return malformed('extensions length does not match');
    while (r.remaining() > 0) {
      const type = r.u16();
      const len = r.u16();
      const data = len === undefined ? undefined : r.bytes(len);
      if (type === undefined || !data) return malformed('extension cut short');
      extensions.push(type);
      if (type === 0) serverName ??= parseSni(data);
      if (type === 43) supportedVersions = parseSupportedVersions(data);
    }
  }

  let maxVersionCode = helloVersionCode;
  if (supportedVersions && supportedVersions.length > 0) maxVersionCode = Math.max(...supportedVersions);
  return {
    format: 'tls',
    recordVersion,
    helloVersion: tlsVersionName(helloVersionCode),
    helloVersionCode,
    maxVersion: tlsVersionName(maxVersionCode),
    maxVersionCode,
    ...(supportedVersions ? { supportedVersions } : {}),
    cipherSuites,
    cipherSuiteNames: cipherSuites.map(cipherSuiteName),
    ...(serverName !== undefined ? { serverName } : {}),
    extensions,
    length,
  };
}

/** server_name: list length, then (type 0 = host_name, 2-byte length, name) entries. */
function parseSni(data: Buffer): string | undefined {
  const r = new Reader(data, 0);
  const listLen = r.u16();
  if (listLen === undefined) return undefined;
  while (r.remaining() > 0) {
    const type = r.u8();
    const len = r.u16();
    const name = len === undefined ? undefined : r.bytes(len);
    if (type === undefined || !name) return undefined;
    // Only accept a printable host name; anything else would be unsafe to echo into logs.
    if (type === 0 && /^[\x21-\x7e]{1,255}$/.test(name.toString('latin1'))) return name.toString('latin1').toLowerCase();
  }
  return undefined;
}

function parseSupportedVersions(data: Buffer): number[] | undefined {
  const r = new Reader(data, 0);
  const len = r.u8();
  if (len === undefined || len % 2 !== 0) return undefined;
  const list = r.bytes(len);
  if (!list) return undefined;
  const out: number[] = [];
  for (let i = 0; i < list.length; i += 2) {
    const v = list.readUInt16BE(i);
    if (!isGrease(v)) out.push(v);
  }
  return out;
}

// ---- SSLv2-compatible format ---------------------------------------------------------
// 80 2e 01 03 01 00 15 00 00 00 10 | cipher specs (3 bytes each) | session id | challenge
//  len^  ^type ^ver  ^specs ^sid ^challenge lengths

function parseSslv2(buf: Buffer): ClientHelloResult {
  if (buf.length < 2) return { incomplete: true };
  const bodyLen = ((buf[0] & 0x7f) << 8) | buf[1];
  if (bodyLen < 9) return { error: describeGarbage(buf) };
  if (buf.length >= 3 && buf[2] !== 0x01) return { error: describeGarbage(buf) };
  if (buf.length >= 4 && buf[3] !== 0x00 && buf[3] !== 0x03) return { error: describeGarbage(buf) };
  if (buf.length < 2 + bodyLen) return { incomplete: true };

  const r = new Reader(buf.subarray(0, 2 + bodyLen), 3);
  const helloVersionCode = r.u16()!;
  const specLen = r.u16()!;
  const sidLen = r.u16()!;
  const challengeLen = r.u16()!;
  if (specLen === 0 || specLen % 3 !== 0) return malformed('SSLv2 cipher-spec length is not a multiple of 3');
  if (sidLen !== 0 && sidLen !== 16) return malformed('SSLv2 session id must be 0 or 16 bytes');
  if (challengeLen < 16 || challengeLen > 32) return malformed('SSLv2 challenge must be 16–32 bytes');
  if (specLen + sidLen + challengeLen !== r.remaining()) return malformed('SSLv2 lengths do not add up');
  const specs = r.bytes(specLen)!;
  const cipherSuites: number[] = [];
  for (let i = 0; i < specs.length; i += 3) {
    // 00 xx yy = the TLS suite 0xxxyy; a non-zero first byte is an SSL 2.0-only kind.
    cipherSuites.push(specs.readUIntBE(i, 3));
  }
  return {
    format: 'sslv2',
    recordVersion: 'SSL 2.0',
    helloVersion: tlsVersionName(helloVersionCode),
    helloVersionCode,
    maxVersion: tlsVersionName(helloVersionCode),
    maxVersionCode: helloVersionCode,
    cipherSuites,
    cipherSuiteNames: cipherSuites.map(cipherSuiteName),
    extensions: [],
    length: 2 + bodyLen,
  };
}

// ---- helpers -------------------------------------------------------------------------

function describeGarbage(buf: Buffer): string {
  const head = buf.subarray(0, 16);
  const text = head.toString('latin1');
  if (/^[A-Z]{3,8} \S/.test(text)) {
    return `plain-text request on the TLS port ("${text.split(/[\r\n]/)[0].slice(0, 40)}"), not a TLS ClientHello`;
  }
  if (buf[0] >= 0x14 && buf[0] <= 0x18) return `TLS record of type 0x${hex(buf[0])} before any ClientHello`;
  return `not a TLS ClientHello (first bytes ${[...head.subarray(0, 8)].map(hex).join(' ')})`;
}

function malformed(why: string): { error: string } {
  return { error: `malformed ClientHello: ${why}` };
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Bounds-checked big-endian reader; every method returns undefined instead of throwing. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    private pos: number,
  ) {}
  remaining(): number {
    return Math.max(0, this.buf.length - this.pos);
  }
  u8(): number | undefined {
    if (this.remaining() < 1) return undefined;
    return this.buf[this.pos++];
  }
  u16(): number | undefined {
    if (this.remaining() < 2) return undefined;
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  bytes(n: number): Buffer | undefined {
    if (this.remaining() < n) return undefined;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(n: number): boolean {
    return this.bytes(n) !== undefined;
  }
}
