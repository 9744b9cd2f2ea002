// Synthetic Messenger-for-Mac-like executables for the hex-patch tests (unit and browser): a
// universal binary with a PowerPC and an Intel slice, each with Mach-O headers, C strings
// (bare names, URLs, a name with a port), UTF-16 strings in the slice's byte order, decoys that
// only look like names, and a name sitting in binary data. It records where every real name is.

export interface PlacedName {
  host: string;
  encoding: 'ascii' | 'utf16le' | 'utf16be';
  offset: number;
}

export interface SyntheticBinary {
  buf: Buffer;
  names: PlacedName[];
}

/** What each slice holds, in order; `name` marks the host inside a string. */
const C_STRINGS: { text: string; name?: string }[] = [
  { text: 'messenger.hotmail.com', name: 'messenger.hotmail.com' },
  { text: 'https://nexus.passport.com/rdr/pprdr.asp', name: 'nexus.passport.com' },
  { text: 'gateway.messenger.hotmail.com', name: 'gateway.messenger.hotmail.com' },
  { text: 'http://config.messenger.msn.com/Config/MsgrConfig.asmx', name: 'config.messenger.msn.com' },
  { text: 'messenger.hotmail.com:1863', name: 'messenger.hotmail.com' },
  { text: 'g.msn.com', name: 'g.msn.com' },
  // Decoys: part of longer names, never patched.
  { text: 'notmessenger.hotmail.com' },
  { text: 'messenger.hotmail.community' },
  { text: 'Welcome to Messenger' },
];

const UTF16_STRINGS: { text: string; name?: string }[] = [
  { text: 'contacts.msn.com', name: 'contacts.msn.com' },
  { text: 'https://login.live.com/RST.srf', name: 'login.live.com' },
];

/** A Mach-O 32-bit header: magic, cputype, cpusubtype, filetype (2 = executable), then zeros. */
function machHeader(bigEndian: boolean, cputype: number): Buffer {
  const h = Buffer.alloc(28);
  if (bigEndian) {
    h.writeUInt32BE(0xfeedface, 0);
    h.writeInt32BE(cputype, 4);
    h.writeUInt32BE(2, 12);
  } else {
    h.writeUInt32LE(0xfeedface, 0);
    h.writeInt32LE(cputype, 4);
    h.writeUInt32LE(2, 12);
  }
  return h;
}

function utf16(text: string, bigEndian: boolean): Buffer {
  const b = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    if (bigEndian) b.writeUInt16BE(text.charCodeAt(i), i * 2);
    else b.writeUInt16LE(text.charCodeAt(i), i * 2);
  }
  return b;
}

/** Deterministic "code": bytes that never form a host name. */
function filler(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = (x >>> 24) & 0x8f; // high bit or low values: no runs of letters
  }
  return b;
}

function slice(bigEndian: boolean, cputype: number, at: number, names: PlacedName[]): Buffer {
  const parts: Buffer[] = [machHeader(bigEndian, cputype), filler(300, cputype)];
  let size = parts.reduce((n, p) => n + p.length, 0);
  const push = (b: Buffer) => {
    parts.push(b);
    size += b.length;
  };
  push(Buffer.from([0]));
  for (const s of C_STRINGS) {
    if (s.name) names.push({ host: s.name, encoding: 'ascii', offset: at + size + s.text.indexOf(s.name) });
    push(Buffer.from(`${s.text}\0`, 'latin1'));
  }
  push(filler(200, cputype + 1));
  // UTF-16 strings start on an even offset, as compilers align them.
  if ((at + size) % 2) push(Buffer.from([0]));
  push(Buffer.from([0, 0]));
  for (const s of UTF16_STRINGS) {
    const encoding = bigEndian ? 'utf16be' : 'utf16le';
    if (s.name) names.push({ host: s.name, encoding, offset: at + size + s.text.indexOf(s.name) * 2 });
    push(Buffer.concat([utf16(s.text, bigEndian), Buffer.from([0, 0])]));
  }
  push(filler(100, cputype + 2));
  // A name inside binary data, with no NUL after it: found, but not safely shortened.
  push(Buffer.from([0x01, 0x02]));
  names.push({ host: 'login.passport.com', encoding: 'ascii', offset: at + size });
  push(Buffer.from('login.passport.com', 'latin1'));
  push(Buffer.from([0xff, 0xfe, 0x01]));
  push(filler(300, cputype + 3));
  return Buffer.concat(parts);
}

/** A universal binary: fat header, a PowerPC slice (big-endian) at 4096, an Intel slice after it. */
export function syntheticMessengerBinary(): SyntheticBinary {
  const names: PlacedName[] = [];
  const ppcAt = 4096;
  const ppc = slice(true, 18, ppcAt, names);
  const i386At = ppcAt + Math.ceil(ppc.length / 4096) * 4096;
  const i386 = slice(false, 7, i386At, names);
  const fat = Buffer.alloc(i386At + i386.length);
  fat.writeUInt32BE(0xcafebabe, 0);
  fat.writeUInt32BE(2, 4);
  for (const [i, [cpu, off, len]] of [[18, ppcAt, ppc.length], [7, i386At, i386.length]].entries()) {
    fat.writeInt32BE(cpu!, 8 + i * 20);
    fat.writeUInt32BE(off!, 8 + i * 20 + 8);
    fat.writeUInt32BE(len!, 8 + i * 20 + 12);
    fat.writeUInt32BE(12, 8 + i * 20 + 16);
  }
  ppc.copy(fat, ppcAt);
  i386.copy(fat, i386At);
  return { buf: fat, names: names.sort((a, b) => a.offset - b.offset) };
}

/** A Mach-O file with no Microsoft name at all (a helper tool, say). */
export function syntheticBinaryWithoutNames(): Buffer {
  return Buffer.concat([machHeader(false, 7), filler(4000, 99), Buffer.from('Hello from a helper\0', 'latin1')]);
}
