// A GUID as its 16 bytes instead of its 36-character string. Every contact on a list has one (the
// `C=` of MSNP10+ `LST N=bob@example.com F=Bob C=4b1c5c3e-0b9a-4b8e-9a53-3f6fd0b8e1c2 3 1`), so
// with 20 mutual contacts a signed-in client holds 40 of them: as strings 56 bytes each (a heap
// snapshot of 1,000 clients: ~2.4 KB a client), as bytes 16. The string is made again when a line
// or the address book needs it. Only the canonical form (lowercase hex, 8-4-4-4-12, as
// crypto.randomUUID makes) is held as bytes: any other text is kept as it is, so what comes out is
// always exactly what SQLite holds.

/** The byte length of one GUID. */
export const GUID_BYTES = 16;

/** Hex digit value by char code (lowercase only); -1 for anything else. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) NIBBLE['0123456789abcdef'.charCodeAt(c)] = c;
/** Where the dashes sit in the 36 characters. */
const DASHES = [8, 13, 18, 23];

/**
 * Writes `guid`'s 16 bytes at `out[at]` and returns true if it is in canonical form; false (and
 * `out` untouched past what it wrote) otherwise.
 */
export function packGuid(guid: string, out: Uint8Array, at: number): boolean {
  if (guid.length !== 36) return false;
  for (const d of DASHES) if (guid.charCodeAt(d) !== 45) return false;
  let o = at;
  for (let i = 0; i < 36; ) {
    if (i === 8 || i === 13 || i === 18 || i === 23) i++;
    const hi = guid.charCodeAt(i);
    const lo = guid.charCodeAt(i + 1);
    const h = hi < 128 ? NIBBLE[hi]! : -1;
    const l = lo < 128 ? NIBBLE[lo]! : -1;
    if (h < 0 || l < 0) return false;
    out[o++] = (h << 4) | l;
    i += 2;
  }
  return true;
}

/** The hex digits' char codes, by nibble. */
const DIGIT = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Where each text is assembled (a flat string comes out; `+` would make a tree of 21 pieces). */
const TEXT = Buffer.alloc(36, '-');

/** The canonical 36-character text of the GUID at `bytes[at]`. */
export function formatGuid(bytes: Uint8Array, at: number): string {
  let o = 0;
  for (let i = 0; i < GUID_BYTES; i++) {
    if (o === 8 || o === 13 || o === 18 || o === 23) o++;
    const b = bytes[at + i]!;
    TEXT[o++] = DIGIT[b >> 4]!;
    TEXT[o++] = DIGIT[b & 15]!;
  }
  return TEXT.toString('latin1', 0, 36);
}
