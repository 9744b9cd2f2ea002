// One copy of the short strings many sessions hold alike: a client's version ("macmsgs 8.0.1
// (mac 10.14.6)"), its locale ("0x0409"), its capabilities ("1085276192:131088"). Each session
// otherwise keeps its own, and one cut from a command line keeps the whole line alive (V8 makes a
// substring of 13 characters or more a view into its parent): a heap snapshot of 1,000 signed-in
// clients held every client's "CHG 5 NLN 1085276192:131088" line through its capabilities, and the
// client version as a string built from pieces. The table is bounded: past MAX_INTERNED distinct
// values a value is still copied out of its line, but not kept here (a client cannot grow it).

/** Distinct values kept at most. */
export const MAX_INTERNED = 4096;

const table = new Map<string, string>();

/** The shared copy of `s`: flat, owning its characters (not a view into a longer string). */
export function intern(s: string): string {
  const known = table.get(s);
  if (known !== undefined) return known;
  // A JSON round trip makes a new flat string with exactly these characters (lone surrogates too).
  const own = JSON.parse(JSON.stringify(s)) as string;
  if (table.size < MAX_INTERNED) table.set(own, own);
  return own;
}

/** How many values are kept (tests look). */
export function internedCount(): number {
  return table.size;
}
