// A look at a binary plist's object graph before bplist-parser expands it. The format stores
// objects once and refers to them by number, so a small damaged (or crafted) file can refer to
// itself (endless recursion) or share objects so that expanding them explodes (2^40 copies from a
// few hundred bytes). The parser has limits on object count and size, not on either of these;
// this walks the references only (no values) and refuses such a file with a reason.

/** More values than any preferences file has: Messenger's are a few hundred. */
export const MAX_EXPANDED_VALUES = 200_000;

export function bplistGraphProblem(buf: Buffer): string | undefined {
  if (buf.length < 8 + 32) return 'it is too short to be a binary property list';
  const t = buf.length - 32;
  const offsetSize = buf[t + 6]!;
  const refSize = buf[t + 7]!;
  const count = Number(buf.readBigUInt64BE(t + 8));
  const top = Number(buf.readBigUInt64BE(t + 16));
  const table = Number(buf.readBigUInt64BE(t + 24));
  if (![1, 2, 4, 8].includes(offsetSize) || ![1, 2, 4, 8].includes(refSize)) return 'its trailer is damaged';
  if (count < 1 || top >= count || table + count * offsetSize > t) return 'its object table is damaged';
  // Sizes of 1, 2, 4 or 8 bytes; an 8-byte value beyond 2^48 is as good as damaged here (-1).
  const uint = (at: number, size: number) => {
    if (at + size > t) return -1;
    if (size < 8) return buf.readUIntBE(at, size);
    return buf.readUInt16BE(at) === 0 ? buf.readUIntBE(at + 2, 6) : -1;
  };
  const offsetOf = (i: number) => uint(table + i * offsetSize, offsetSize);

  /** The references an array, set or dictionary holds; none for other objects. */
  const children = (i: number): number[] | string => {
    const at = offsetOf(i);
    if (at < 8 || at >= t) return 'an object lies outside the file';
    const marker = buf[at]!;
    const type = marker >> 4;
    if (type !== 0xa && type !== 0xc && type !== 0xd) return [];
    let n = marker & 0x0f;
    let refsAt = at + 1;
    if (n === 0x0f) {
      const size = 1 << (buf[at + 1]! & 0x0f);
      n = uint(at + 2, size);
      refsAt = at + 2 + size;
      if (n < 0) return 'a length lies outside the file';
    }
    const refs = type === 0xd ? n * 2 : n;
    if (refsAt + refs * refSize > t) return 'a list runs past the end of the file';
    const out: number[] = [];
    for (let k = 0; k < refs; k++) out.push(uint(refsAt + k * refSize, refSize));
    return out;
  };

  // Depth-first with memoised sizes; "visiting" marks detect a reference back up the path.
  const size = new Map<number, number>();
  const visiting = new Set<number>();
  const walk = (i: number): number | string => {
    if (i < 0 || i >= count) return 'a reference points at no object';
    const known = size.get(i);
    if (known !== undefined) return known;
    if (visiting.has(i)) return 'it contains itself';
    if (visiting.size > 512) return 'it is nested more than 512 levels deep';
    visiting.add(i);
    const refs = children(i);
    if (typeof refs === 'string') return refs;
    let total = 1;
    for (const r of refs) {
      const s = walk(r);
      if (typeof s === 'string') return s;
      total += s;
      if (total > MAX_EXPANDED_VALUES) return `it would expand to more than ${MAX_EXPANDED_VALUES} values`;
    }
    visiting.delete(i);
    size.set(i, total);
    return total;
  };
  const r = walk(top);
  return typeof r === 'string' ? r : undefined;
}
