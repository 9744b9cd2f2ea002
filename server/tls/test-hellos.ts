// Hand-built ClientHellos for the tests (not used at run time). Built byte by byte so the
// tests do not depend on what any TLS library is still willing to send.

import crypto from 'node:crypto';

/**
 * SSLv2-compatible ClientHello, as Windows 2000/XP send with "Use SSL 2.0" enabled:
 * 80 len | 01 | version | spec-len | sid-len | challenge-len | 3-byte specs | sid | challenge
 */
export function buildSslv2Hello(opts: { version?: number; specs: number[]; challenge?: Buffer; sessionId?: Buffer }): Buffer {
  const challenge = opts.challenge ?? crypto.randomBytes(16);
  const sid = opts.sessionId ?? Buffer.alloc(0);
  const specs = Buffer.alloc(opts.specs.length * 3);
  opts.specs.forEach((s, i) => specs.writeUIntBE(s, i * 3, 3));
  const head = Buffer.alloc(9);
  head[0] = 0x01; // SSL2_MT_CLIENT_HELLO
  head.writeUInt16BE(opts.version ?? 0x0301, 1);
  head.writeUInt16BE(specs.length, 3);
  head.writeUInt16BE(sid.length, 5);
  head.writeUInt16BE(challenge.length, 7);
  const body = Buffer.concat([head, specs, sid, challenge]);
  const len = Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]);
  return Buffer.concat([len, body]);
}

export interface TlsHelloSpec {
  recordVersion?: number;
  version?: number;
  suites: number[];
  serverName?: string;
  supportedVersions?: number[];
  /** Split the handshake message into records of at most this many bytes. */
  maxFragment?: number;
}

/** TLS-record-format ClientHello with optional SNI and supported_versions extensions. */
export function buildTlsHello(spec: TlsHelloSpec): Buffer {
  const exts: Buffer[] = [];
  if (spec.serverName !== undefined) {
    const name = Buffer.from(spec.serverName, 'latin1');
    const entry = Buffer.concat([Buffer.from([0x00]), u16(name.length), name]);
    exts.push(ext(0x0000, Buffer.concat([u16(entry.length), entry])));
  }
  if (spec.supportedVersions) {
    const list = Buffer.concat(spec.supportedVersions.map(u16));
    exts.push(ext(0x002b, Buffer.concat([Buffer.from([list.length]), list])));
  }
  const suites = Buffer.concat(spec.suites.map(u16));
  const extBlock = exts.length ? Buffer.concat([u16(exts.reduce((n, e) => n + e.length, 0)), ...exts]) : Buffer.alloc(0);
  const body = Buffer.concat([
    u16(spec.version ?? 0x0301),
    crypto.randomBytes(32),
    Buffer.from([0x00]), // empty session id
    u16(suites.length),
    suites,
    Buffer.from([0x01, 0x00]), // compression: null only
    extBlock,
  ]);
  const hs = Buffer.concat([Buffer.from([0x01, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  const max = spec.maxFragment ?? 16384;
  const records: Buffer[] = [];
  for (let i = 0; i < hs.length; i += max) {
    const frag = hs.subarray(i, i + max);
    records.push(Buffer.concat([Buffer.from([0x16]), u16(spec.recordVersion ?? 0x0301), u16(frag.length), frag]));
  }
  return Buffer.concat(records);
}

function ext(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(data.length), data]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Small deterministic PRNG (mulberry32) so fuzz failures are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
