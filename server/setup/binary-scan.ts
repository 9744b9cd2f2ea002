// Finds every Microsoft host name inside an executable: as ASCII (C strings, URLs) and as UTF-16
// (in the byte order of the Mach-O part it sits in), each with the NUL-terminated string around
// it, which is what a patch may rewrite. A name counts only as a whole name: "messenger.hotmail.com"
// inside "gateway.messenger.hotmail.com" is the longer name, found once, as itself.
import { bigEndianAt, describeExecutable, type ExecutableInfo } from './macho';

export type TextEncoding = 'ascii' | 'utf16le' | 'utf16be';

export interface HostOccurrence {
  host: string;
  encoding: TextEncoding;
  /** Byte offset of the name's first byte. */
  offset: number;
  /** Bytes the name takes (twice its length in UTF-16). */
  byteLength: number;
  /** Where the printable text around it starts (after a NUL or a non-text byte). */
  textStart: number;
  /** Byte offset of the NUL that ends the string, or -1 when none is within reach. */
  terminator: number;
}

/** A string longer than this is not a C string a programmer wrote; its end is "not found". */
export const MAX_STRING_BYTES = 4096;

export function unitSize(e: TextEncoding): 1 | 2 {
  return e === 'ascii' ? 1 : 2;
}

/** The character (code unit) at byte `at` in that encoding, or -1 outside the buffer. */
export function unitAt(buf: Buffer, at: number, e: TextEncoding): number {
  if (at < 0 || at + unitSize(e) > buf.length) return -1;
  return e === 'ascii' ? buf[at]! : e === 'utf16le' ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
}

const lowerAscii = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);
const isNameChar = (c: number) => {
  const l = lowerAscii(c);
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
};
/** Printable text (what may be shifted inside a string): ASCII 0x20–0x7e, tab, CR, LF. */
export const isTextUnit = (c: number) => (c >= 0x20 && c <= 0x7e) || c === 9 || c === 10 || c === 13;

function pattern(host: string, e: TextEncoding): Buffer {
  const ascii = Buffer.from(host.toLowerCase(), 'latin1');
  if (e === 'ascii') return ascii;
  const out = Buffer.alloc(ascii.length * 2);
  for (let i = 0; i < ascii.length; i++) out[i * 2 + (e === 'utf16le' ? 0 : 1)] = ascii[i]!;
  return out;
}

export function findHostOccurrences(buf: Buffer, hosts: readonly string[], info: ExecutableInfo = describeExecutable(buf)): HostOccurrence[] {
  // One lower-cased copy, searched with Buffer.indexOf (memchr-fast) for every name and encoding.
  const lower = Buffer.from(buf);
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    if (c >= 0x41 && c <= 0x5a) lower[i] = c + 32;
  }
  const found: HostOccurrence[] = [];
  for (const host of hosts) {
    for (const encoding of ['ascii', 'utf16le', 'utf16be'] as const) {
      const needle = pattern(host, encoding);
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        if (encoding !== 'ascii' && bigEndianAt(info, at) !== (encoding === 'utf16be')) continue;
        if (!wholeName(lower, at, needle.length, encoding)) continue;
        found.push({ host, encoding, offset: at, byteLength: needle.length, ...stringAround(buf, at, needle.length, encoding) });
      }
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Not part of a longer name: no name character (or dot) before, none after (a final dot is fine). */
function wholeName(buf: Buffer, at: number, len: number, e: TextEncoding): boolean {
  const u = unitSize(e);
  const before = unitAt(buf, at - u, e);
  if (before >= 0 && (isNameChar(before) || before === 0x2e)) return false;
  const after = unitAt(buf, at + len, e);
  if (after >= 0 && isNameChar(after)) return false;
  if (after === 0x2e && isNameChar(unitAt(buf, at + len + u, e))) return false;
  return true;
}

function stringAround(buf: Buffer, at: number, len: number, e: TextEncoding): { textStart: number; terminator: number } {
  const u = unitSize(e);
  let start = at;
  while (start - u >= 0 && at - start < MAX_STRING_BYTES && isTextUnit(unitAt(buf, start - u, e))) start -= u;
  let end = at + len;
  while (end - at < MAX_STRING_BYTES) {
    const c = unitAt(buf, end, e);
    if (c === 0) return { textStart: start, terminator: end };
    if (c < 0 || !isTextUnit(c)) break;
    end += u;
  }
  return { textStart: start, terminator: -1 };
}

/** The text from `from` to `to` (bytes) as a JS string. */
export function readText(buf: Buffer, from: number, to: number, e: TextEncoding): string {
  let s = '';
  for (let at = from; at < to; at += unitSize(e)) s += String.fromCharCode(unitAt(buf, at, e));
  return s;
}

export function encodeText(text: string, e: TextEncoding): Buffer {
  if (e === 'ascii') return Buffer.from(text, 'latin1');
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    if (e === 'utf16le') out.writeUInt16LE(text.charCodeAt(i), i * 2);
    else out.writeUInt16BE(text.charCodeAt(i), i * 2);
  }
  return out;
}
