// The arithmetic of a windowed list whose rows differ in height: where each row starts, and which
// rows overlap a band of the list (the part on screen plus a margin). Binary search, so a list of
// 10,000 rows costs a few comparisons per scroll event.

/** offsets[i] is where row i starts; offsets[n] is the height of the whole list. */
export function offsetsOf(heights: readonly number[]): number[] {
  const out = new Array<number>(heights.length + 1);
  out[0] = 0;
  for (let i = 0; i < heights.length; i++) out[i + 1] = out[i]! + heights[i]!;
  return out;
}

/** The first index whose value is greater than `y` (offsets ascend). */
function firstAbove(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Rows [start, end) that overlap the band from `top` to `bottom` (list coordinates). */
export function rowsInView(offsets: readonly number[], top: number, bottom: number): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  // Row i overlaps when it ends below `top` and starts above `bottom`.
  // At least one row, so a list scrolled out of sight still has its measured first (or last) row.
  const start = Math.min(count - 1, Math.max(0, firstAbove(offsets, top) - 1));
  const end = Math.max(start + 1, Math.min(count, firstAbove(offsets, bottom - 1e-9)));
  return { start, end };
}
