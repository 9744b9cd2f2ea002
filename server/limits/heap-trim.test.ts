// The heap trimmer collects once a crowd has left and the count has settled, at most once a
// minute, never while clients arrive or leave, and never without gc() (no --expose-gc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposedGc, MAX_COLLECTIONS, startHeapTrimmer } from './heap-trim';

function rig(o: { gc?: boolean; minDrop?: number } = {}) {
  let open = 0;
  let clock = 0;
  let collections = 0;
  const t = startHeapTrimmer(
    { open: () => open, gc: o.gc === false ? undefined : () => collections++, committed: () => 0, now: () => clock, minDrop: o.minDrop ?? 100, minIntervalMs: 60_000 },
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
  assert.equal(r.collections(), 4);
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
