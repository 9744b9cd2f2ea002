// Gives memory back after a crowd leaves. V8 collects the old generation only when it next needs
// room, so once 1,000 clients have signed out their sessions stay in the heap as garbage, and the
// heap's pages stay with the process, until something allocates again: a LAN party that ended
// kept ~45 MB. When the number of open connections has fallen well below its peak and stayed
// there for a moment, this runs full collections (two, then more while the heap still shrinks: V8
// hands freed pages back to the system when the next collection finds them swept), at most once a
// minute, never while a crowd is still arriving or leaving. It needs gc(), which Node exposes with
// --expose-gc: npm start, npm run serve and Electron pass it (scripts/start.mjs, package.json);
// without it this does nothing.
//
// The same after a crowd ARRIVES: a sign-in leaves garbage behind (its lists' rows read from
// SQLite, the lines it was sent, the parser's chunks) scattered among the clients' live objects,
// and V8 keeps the pages: with 1,000 clients signed in and idle the heap held 22-26 MB of pages for
// 16 MB of live objects, ~7 KB of RSS a client. Once the count has grown by a quarter (and
// minDrop) since the last collection and stopped moving, one full collection runs (at most once
// per minArrivalIntervalMs). It must be a compacting one: the burst's garbage is spread among the
// clients' live objects on the same pages, so an ordinary collection frees it inside the pages and
// RSS does not move (measured: 77.0 MB before and after with 1,000 clients; compacting: 81 -> 74 MB).
// Its pause (docs/performance.md: ~60 ms with 1,000 clients) lands after the burst of sign-ins,
// once per burst; a status change that arrives during it waits that long.
//
// After the collections that follow departures, glibc's malloc_trim(0) (malloc-trim.ts, our own
// addon, when built): the crowd's freed blocks outside the V8 heap that glibc would otherwise keep,
// 2-4 MB after 1,000 clients. Each such trim is reported (onTrim) with the RSS it gave back.

import { setFlagsFromString } from 'node:v8';

export interface HeapTrimOptions {
  /** Connections open now (every listener). */
  open: () => number;
  /** Drops what memory caches keep of users who left (cached accounts), just before collecting. */
  release?: () => void;
  /** A full garbage collection; undefined when Node was started without --expose-gc. */
  gc: (() => void) | undefined;
  /** Bytes the JavaScript heap holds from the system now (V8's heapTotal by default). */
  committed?: () => number;
  /** A full collection that also compacts the heap (after arrivals, and the first after departures); gc when not given. */
  compactingGc?: () => void;
  /** glibc's malloc_trim(0), run after the collections that follow departures (true: memory returned). */
  mallocTrim?: () => boolean;
  /** The process's resident memory in bytes (process.memoryUsage.rss by default). */
  rss?: () => number;
  /** Told after each trim that follows departures, with how much came back. */
  onTrim?: (report: TrimReport) => void;
  now?: () => number;
  /** How often to look (an unref'd timer: it never keeps the process alive). */
  checkEveryMs?: number;
  /** Fewest connections gone since the peak that are worth a collection. */
  minDrop?: number;
  /** Fewest ms between two collections after departures. */
  minIntervalMs?: number;
  /** Fewest ms between two collections after arrivals (each needs the count up a quarter, so they are rare anyway). */
  minArrivalIntervalMs?: number;
}

/** One trim after departures: RSS before, after the collections, after malloc_trim. */
export interface TrimReport {
  /** Connections gone since the peak. */
  left: number;
  rssBefore: number;
  rssAfterGc: number;
  /** Undefined when malloc_trim is unavailable. */
  rssAfterMallocTrim?: number;
  /** What malloc_trim answered: whether glibc returned any memory. */
  mallocTrimmed?: boolean;
  /** The whole trim, collections and malloc_trim, in ms. */
  ms: number;
}

export interface HeapTrimmer {
  /** One look: collects when the drop is large, the count has settled and the last one is long ago. */
  check(): boolean;
  /** How many collections it ran (after departures and after arrivals). */
  readonly runs: number;
  /** How many of them followed a crowd's arrival. */
  readonly arrivalRuns: number;
  /** The last trim after departures. */
  readonly lastTrim: TrimReport | undefined;
  stop(): void;
}

export function startHeapTrimmer(o: HeapTrimOptions, schedule = true): HeapTrimmer {
  const now = o.now ?? Date.now;
  const committed = o.committed ?? (() => process.memoryUsage().heapTotal);
  const minDrop = o.minDrop ?? 100;
  const minInterval = o.minIntervalMs ?? 60_000;
  const minArrivalInterval = o.minArrivalIntervalMs ?? 10_000;
  const rss = o.rss ?? process.memoryUsage.rss;
  let lastTrim: TrimReport | undefined;
  let peak = o.open();
  /** The fewest open since the last collection: an arrival is measured from it. */
  let low = peak;
  let previous = peak;
  let lastRun = -Infinity;
  let lastArrivalRun = -Infinity;
  let runs = 0;
  let arrivalRuns = 0;
  const trimmer: HeapTrimmer = {
    check() {
      const open = o.open();
      const settled = open === previous;
      previous = open;
      if (open > peak) peak = open;
      if (open < low) low = open;
      if (!o.gc || !settled) return false;
      // A quarter of the peak at least: 100 leaving out of 5,000 is churn, not a party ending.
      const dropped = peak - open >= Math.max(minDrop, peak / 4);
      if (dropped && now() - lastRun >= minInterval) {
        const t0 = performance.now();
        const rssBefore = rss();
        o.release?.();
        collectUntilSettled(o.gc, committed, o.compactingGc);
        const rssAfterGc = rss();
        // After the collections: V8 frees the crowd's off-heap objects (socket wraps, buffers'
        // stores) as it collects their handles, so only now is the freed memory all with glibc.
        const mallocTrimmed = o.mallocTrim?.();
        lastTrim = {
          left: peak - open,
          rssBefore,
          rssAfterGc,
          rssAfterMallocTrim: o.mallocTrim ? rss() : undefined,
          mallocTrimmed,
          ms: performance.now() - t0,
        };
        o.onTrim?.(lastTrim);
        runs++;
        lastRun = now();
        peak = low = open;
        return true;
      }
      // Likewise a quarter of those open now: 100 arriving among 5,000 is churn.
      const arrived = open - low >= Math.max(minDrop, open / 4);
      if (arrived && !dropped && now() - lastArrivalRun >= minArrivalInterval) {
        // One compacting collection: the live objects move together and the emptied pages go back.
        (o.compactingGc ?? o.gc)();
        runs++;
        arrivalRuns++;
        lastArrivalRun = now();
        peak = low = open;
        return true;
      }
      return false;
    },
    get runs() {
      return runs;
    },
    get arrivalRuns() {
      return arrivalRuns;
    },
    get lastTrim() {
      return lastTrim;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
  const timer = schedule && o.gc ? setInterval(() => trimmer.check(), o.checkEveryMs ?? 2_000) : undefined;
  timer?.unref();
  return trimmer;
}

/** e.g. `memory after 1000 left: RSS 70.1 MB, 66.3 after collecting, 62.0 after malloc_trim (95 ms)`. */
export function describeTrim(t: TrimReport): string {
  const mb = (n: number) => (n / 1048576).toFixed(1);
  const malloc = t.rssAfterMallocTrim === undefined ? '' : `, ${mb(t.rssAfterMallocTrim)} after malloc_trim`;
  return `memory after ${t.left} left: RSS ${mb(t.rssBefore)} MB, ${mb(t.rssAfterGc)} after collecting${malloc} (${Math.round(t.ms)} ms)`;
}

/** Most full collections one trim runs (each takes ~10-20 ms on the heap left after a crowd). */
export const MAX_COLLECTIONS = 5;

/**
 * Full collections until the heap stops shrinking, two at least: a page one collection empties is
 * handed back to the system by the next. Measured after 1,000 clients left: 45 MB committed
 * (7 MB live), 29 MB after the first, 12 MB after the second, back near the live size after more.
 * The first compacts when it can: with the crowd's objects gone most pages are fragmented, and the
 * survivors moved together free whole pages, which the next hands back (V8's heap pages ~1 MB lower
 * after 1,000 left; 33-51 ms for the departures' collections in all, against 30-33 ms without;
 * docs/performance.md, "After leaving, fifth pass").
 */
function collectUntilSettled(gc: () => void, committed: () => number, compactingGc?: () => void): void {
  (compactingGc ?? gc)();
  let before = committed();
  gc();
  let after = committed();
  for (let n = 2; n < MAX_COLLECTIONS && after < before; n++) {
    gc();
    before = after;
    after = committed();
  }
}

/**
 * gc() that compacts every page it can, when started with --expose-gc. V8 compacts only the pages
 * it judges fragmented enough; Node's gc() takes no option to ask for more (Node 20's V8 knows
 * `type` and `execution` only), so the flag V8 reads at each full collection is set around the call
 * (Node starts V8 with --no-freeze-flags-after-init, so flags stay writable).
 */
export function exposedCompactingGc(): (() => void) | undefined {
  const gc = exposedGc();
  if (!gc) return undefined;
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

/** Node's gc() when started with --expose-gc. */
export function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
}
