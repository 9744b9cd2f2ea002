// The heap trimmer collects once a crowd has left and the count has settled, at most once a
// minute, never while clients arrive or leave, and never without gc() (no --expose-gc); and once
// after a crowd has arrived and the count has settled (the sign-ins' garbage), once per burst.
// After departures, glibc's malloc_trim (injected here; the addon itself: malloc-trim.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describeTrim, exposedCompactingGc, exposedGc, MAX_COLLECTIONS, startHeapTrimmer, type TrimReport } from './heap-trim';

function rig(o: { gc?: boolean; minDrop?: number; minArrivalIntervalMs?: number } = {}) {
  let open = 0;
  let clock = 0;
  let collections = 0;
  const t = startHeapTrimmer(
    { open: () => open, gc: o.gc === false ? undefined : () => collections++, committed: () => 0, now: () => clock, minDrop: o.minDrop ?? 100, minIntervalMs: 60_000, minArrivalIntervalMs: o.minArrivalIntervalMs },
    false,
  );
  return {
    t,
    set: (n: number) => (open = n),
    advance: (ms: number) => (clock += ms),
    collections: () => collections,
  };
}

test('collects after 1,000 leave, once the count has settled; two gc() calls each time', () => {
  const r = rig();
  r.set(1000);
  assert.equal(r.t.check(), false, 'a crowd arriving: nothing to give back');
  r.set(400);
  assert.equal(r.t.check(), false, 'still leaving: wait');
  r.set(0);
  assert.equal(r.t.check(), false, 'still leaving: wait');
  assert.equal(r.t.check(), true, 'settled at 0 after a peak of 1,000');
  assert.equal(r.collections(), 2, 'a second collection hands the swept pages back');
  assert.equal(r.t.check(), false, 'nothing left since');
  assert.equal(r.t.runs, 1);
});

test('small churn never collects; a big drop within a minute of the last waits for the minute', () => {
  const r = rig();
  r.set(5000);
  r.t.check();
  assert.equal(r.t.check(), true, '5,000 arrived and settled: one collection');
  assert.equal(r.collections(), 1);
  r.set(4950);
  r.t.check();
  assert.equal(r.t.check(), false, '50 of 5,000 leaving is churn');
  r.set(4000);
  r.t.check();
  assert.equal(r.t.check(), false, '1,000 of 5,000 is under a quarter');
  r.set(1000);
  r.t.check();
  assert.equal(r.t.check(), true);
  r.set(2000);
  r.t.check();
  r.set(0);
  r.t.check();
  r.advance(30_000);
  assert.equal(r.t.check(), false, 'the last collection was 30 s ago');
  r.advance(30_000);
  assert.equal(r.t.check(), true, 'a minute later');
  assert.equal(r.collections(), 5);
  assert.equal(r.t.arrivalRuns, 1);
});

test('without --expose-gc it does nothing; exposedGc reflects the flag', () => {
  const r = rig({ gc: false });
  r.set(1000);
  r.t.check();
  r.set(0);
  r.t.check();
  assert.equal(r.t.check(), false);
  assert.equal(typeof exposedGc(), typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'function' : 'undefined');
});

test('caches of departed users are released just before each collection, and only then', () => {
  const order: string[] = [];
  let open = 0;
  let clock = 0;
  const t = startHeapTrimmer({ open: () => open, release: () => order.push('release'), gc: () => order.push('gc'), committed: () => 0, now: () => clock }, false);
  open = 1000;
  t.check();
  open = 0;
  t.check();
  assert.deepEqual(order, [], 'still leaving: nothing released');
  t.check();
  assert.deepEqual(order, ['release', 'gc', 'gc']);
  clock += 1000;
  t.check();
  assert.deepEqual(order, ['release', 'gc', 'gc'], 'no collection, no release');
});

test('more collections while the heap still shrinks, up to MAX_COLLECTIONS', () => {
  // What V8 held after 1,000 clients left, collection after collection (MB committed).
  const run = (sizes: number[]) => {
    let open = 1000;
    let calls = 0;
    const t = startHeapTrimmer({ open: () => open, gc: () => calls++, committed: () => sizes[Math.min(calls, sizes.length) - 1]!, now: () => 0 }, false);
    open = 0;
    t.check();
    assert.equal(t.check(), true);
    return calls;
  };
  assert.equal(run([29, 29]), 2, 'the second gave nothing back: two');
  assert.equal(run([29, 12, 7, 7]), 4, 'shrinking: on until a collection gives nothing back');
  assert.equal(run([45, 40, 35, 30, 25, 20, 15]), MAX_COLLECTIONS, 'never more than MAX_COLLECTIONS');
});

test('a crowd arriving: one collection once the count stops moving, none while it grows', () => {
  const r = rig();
  for (const n of [150, 400, 700, 1000]) {
    r.set(n);
    r.advance(2_000);
    assert.equal(r.t.check(), false, `still arriving (${n})`);
  }
  assert.equal(r.collections(), 0, 'nothing during the burst');
  r.advance(2_000);
  assert.equal(r.t.check(), true, 'settled at 1,000');
  assert.equal(r.collections(), 1, 'one gc() after arrivals');
  assert.equal(r.t.arrivalRuns, 1);
  for (let i = 0; i < 5; i++) {
    r.advance(2_000);
    assert.equal(r.t.check(), false, 'once per burst: the same 1,000 idle do not collect again');
  }
  // Churn: 100 more among 1,000 is under a quarter of those open.
  r.set(1100);
  r.t.check();
  r.advance(60_000);
  assert.equal(r.t.check(), false);
  // A second crowd, a quarter more than the last collection saw.
  r.set(1500);
  r.t.check();
  assert.equal(r.t.check(), true, 'the next burst (1,000 -> 1,500) settled');
  assert.equal(r.t.arrivalRuns, 2);
});

test('arrivals collect at most once per minArrivalIntervalMs, counted from the fewest open since', () => {
  const r = rig({ minArrivalIntervalMs: 10_000 });
  r.set(1000);
  r.t.check();
  assert.equal(r.t.check(), true);
  r.set(2000);
  r.t.check();
  r.advance(4_000);
  assert.equal(r.t.check(), false, '4 s after the last collection');
  r.advance(6_000);
  assert.equal(r.t.check(), true, '10 s after');
  // Some leave, then more arrive than left: the growth is measured from the low point (1,600).
  r.set(1600);
  r.t.check();
  r.advance(10_000);
  assert.equal(r.t.check(), false, '400 of 2,000 leaving is under a quarter (churn)');
  r.set(2200);
  r.t.check();
  assert.equal(r.t.check(), true, '600 more than the 1,600 low is a quarter of 2,200');
  assert.equal(r.t.arrivalRuns, 3);
  assert.equal(r.collections(), 3);
});

test('without gc() arrivals do nothing either', () => {
  const r = rig({ gc: false });
  r.set(1000);
  r.t.check();
  assert.equal(r.t.check(), false);
  assert.equal(r.t.arrivalRuns, 0);
});

test('arrivals use the compacting collection; departures compact first, then collect ordinarily', () => {
  let open = 0;
  const calls: string[] = [];
  const t = startHeapTrimmer({ open: () => open, gc: () => calls.push('gc'), compactingGc: () => calls.push('compact'), committed: () => 0, now: () => 0 }, false);
  open = 1000;
  t.check();
  t.check();
  assert.deepEqual(calls, ['compact']);
  open = 0;
  t.check();
  t.check();
  assert.deepEqual(calls, ['compact', 'compact', 'gc']);
});

test('the compacting collection gives back pages an ordinary one keeps, and leaves the flag off', () => {
  setFlagsFromString('--expose-gc');
  const g = globalThis as { gc?: unknown };
  const had = g.gc;
  g.gc ??= runInNewContext('gc');
  try {
    const gc = exposedGc()!;
    const compacting = exposedCompactingGc()!;
    // Objects that lived long enough to reach the old generation, of which one in eight stays,
    // spread over every page: as sign-ins leave their garbage among the clients' objects.
    const kept: object[] = [];
    const fragment = (tag: string) => {
      const all = Array.from({ length: 400_000 }, (_, i) => ({ i, s: `${tag}${i}`, a: [i] }));
      gc();
      for (let i = 0; i < all.length; i += 8) kept.push(all[i]!);
    };
    fragment('x');
    gc();
    gc();
    const ordinary = process.memoryUsage().heapTotal;
    compacting();
    const compacted = process.memoryUsage().heapTotal;
    console.log(`heap after ordinary gc() ${(ordinary / 1048576).toFixed(1)} MB, compacted ${(compacted / 1048576).toFixed(1)} MB`);
    assert.ok(ordinary - compacted > 5 * 1024 * 1024, `heap ${(ordinary / 1048576).toFixed(1)} -> ${(compacted / 1048576).toFixed(1)} MB`);
    assert.equal(kept.length, 50_000, 'every kept object is still there');
    // The flag is off again: an ordinary collection of a new fragmented heap does not compact it.
    fragment('y');
    gc();
    gc();
    const again = process.memoryUsage().heapTotal;
    assert.ok(again - compacted > 5 * 1024 * 1024, `an ordinary gc() compacted too: ${(again / 1048576).toFixed(1)} MB`);
  } finally {
    if (!had) delete g.gc;
  }
});

test('after departures malloc_trim runs once, after the collections, and the RSS it gave back is reported', () => {
  let open = 0;
  let rss = 70 * 1048576;
  const calls: string[] = [];
  const reports: TrimReport[] = [];
  const t = startHeapTrimmer(
    {
      open: () => open,
      release: () => calls.push('release'),
      gc: () => {
        calls.push('gc');
        rss -= 1048576;
      },
      compactingGc: () => {
        calls.push('compact');
        rss -= 1048576;
      },
      mallocTrim: () => {
        calls.push('malloc_trim');
        rss -= 4 * 1048576;
        return true;
      },
      committed: () => 0,
      rss: () => rss,
      onTrim: (r) => reports.push(r),
      now: () => 0,
    },
    false,
  );
  open = 1000;
  t.check();
  t.check();
  assert.deepEqual(calls, ['compact'], 'arrivals: no malloc_trim while the crowd is there');
  rss = 70 * 1048576;
  open = 0;
  t.check();
  assert.equal(t.check(), true);
  assert.deepEqual(calls, ['compact', 'release', 'compact', 'gc', 'malloc_trim']);
  assert.equal(reports.length, 1);
  assert.deepEqual({ ...reports[0], ms: 0 }, { left: 1000, rssBefore: 70 * 1048576, rssAfterGc: 68 * 1048576, rssAfterMallocTrim: 64 * 1048576, mallocTrimmed: true, ms: 0 });
  assert.equal(t.lastTrim, reports[0]);
  assert.equal(
    describeTrim(reports[0]!).replace(/\(\d+ ms\)/, '(N ms)'),
    'memory after 1000 left: RSS 70.0 MB, 68.0 after collecting, 64.0 after malloc_trim (N ms)',
  );
});

test('without the addon the trim after departures reports the collections alone', () => {
  let open = 1000;
  const reports: TrimReport[] = [];
  const t = startHeapTrimmer({ open: () => open, gc: () => {}, committed: () => 0, rss: () => 1048576, onTrim: (r) => reports.push(r), now: () => 0 }, false);
  open = 0;
  t.check();
  assert.equal(t.check(), true);
  assert.equal(reports[0]!.rssAfterMallocTrim, undefined);
  assert.equal(reports[0]!.mallocTrimmed, undefined);
  assert.match(describeTrim(reports[0]!), /^memory after 1000 left: RSS 1\.0 MB, 1\.0 after collecting \(\d+ ms\)$/);
});
