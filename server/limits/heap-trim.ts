// Gives memory back after a crowd leaves. V8 collects the old generation only when it next needs
// room, so once 1,000 clients have signed out their sessions stay in the heap as garbage, and the
// heap's pages stay with the process, until something allocates again: a LAN party that ended
// kept ~45 MB. When the number of open connections has fallen well below its peak and stayed
// there for a moment, this runs full collections (two, then more while the heap still shrinks: V8
// hands freed pages back to the system when the next collection finds them swept), at most once a
// minute, never while a crowd is still arriving or leaving. It needs gc(), which Node exposes with
// --expose-gc: npm start, npm run serve and Electron pass it (scripts/start.mjs, package.json);
// without it this does nothing.

export interface HeapTrimOptions {
  /** Connections open now (every listener). */
  open: () => number;
  /** Drops what memory caches keep of users who left (cached accounts), just before collecting. */
  release?: () => void;
  /** A full garbage collection; undefined when Node was started without --expose-gc. */
  gc: (() => void) | undefined;
  /** Bytes the JavaScript heap holds from the system now (V8's heapTotal by default). */
  committed?: () => number;
  now?: () => number;
  /** How often to look (an unref'd timer: it never keeps the process alive). */
  checkEveryMs?: number;
  /** Fewest connections gone since the peak that are worth a collection. */
  minDrop?: number;
  /** Fewest ms between two collections. */
  minIntervalMs?: number;
}

export interface HeapTrimmer {
  /** One look: collects when the drop is large, the count has settled and the last one is long ago. */
  check(): boolean;
  /** How many collections it ran. */
  readonly runs: number;
  stop(): void;
}

export function startHeapTrimmer(o: HeapTrimOptions, schedule = true): HeapTrimmer {
  const now = o.now ?? Date.now;
  const committed = o.committed ?? (() => process.memoryUsage().heapTotal);
  const minDrop = o.minDrop ?? 100;
  const minInterval = o.minIntervalMs ?? 60_000;
  let peak = o.open();
  let previous = peak;
  let lastRun = -Infinity;
  let runs = 0;
  const trimmer: HeapTrimmer = {
    check() {
      const open = o.open();
      const settled = open === previous;
      previous = open;
      if (open > peak) peak = open;
      // A quarter of the peak at least: 100 leaving out of 5,000 is churn, not a party ending.
      const dropped = peak - open >= Math.max(minDrop, peak / 4);
      if (!o.gc || !settled || !dropped || now() - lastRun < minInterval) return false;
      o.release?.();
      collectUntilSettled(o.gc, committed);
      runs++;
      lastRun = now();
      peak = open;
      return true;
    },
    get runs() {
      return runs;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
  const timer = schedule && o.gc ? setInterval(() => trimmer.check(), o.checkEveryMs ?? 2_000) : undefined;
  timer?.unref();
  return trimmer;
}

/** Most full collections one trim runs (each takes ~10-20 ms on the heap left after a crowd). */
export const MAX_COLLECTIONS = 5;

/**
 * Full collections until the heap stops shrinking, two at least: a page one collection empties is
 * handed back to the system by the next. Measured after 1,000 clients left: 45 MB committed
 * (7 MB live), 29 MB after the first, 12 MB after the second, back near the live size after more.
 */
function collectUntilSettled(gc: () => void, committed: () => number): void {
  gc();
  let before = committed();
  gc();
  let after = committed();
  for (let n = 2; n < MAX_COLLECTIONS && after < before; n++) {
    gc();
    before = after;
    after = committed();
  }
}

/** Node's gc() when started with --expose-gc. */
export function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
}
