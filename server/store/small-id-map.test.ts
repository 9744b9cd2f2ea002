// SmallIdMap must behave exactly as the Map it replaces in the lists (order, overwrite, delete,
// changes while iterating), below and past the size where it turns into a Map.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SMALL_LIMIT, SmallIdMap } from './small-id-map';

test('same answers as a Map for any sequence of sets and deletes, small and large', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 1, max: 150 }), v: fc.integer() }),
    fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 1, max: 150 }), v: fc.constant(0) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const small = new SmallIdMap<number>();
      const map = new Map<number, number>();
      for (const o of ops) {
        if (o.kind === 'set') {
          small.set(o.id, o.v);
          map.set(o.id, o.v);
        } else {
          assert.equal(small.delete(o.id), map.delete(o.id));
        }
        assert.equal(small.size, map.size);
      }
      assert.deepEqual([...small], [...map]);
      assert.deepEqual([...small.values()], [...map.values()]);
      const visited: [number, number][] = [];
      small.forEach((v, id) => visited.push([id, v]));
      assert.deepEqual(visited, [...map], 'forEach visits what iterating does, in order');
      for (let id = 0; id <= 151; id++) {
        assert.equal(small.get(id), map.get(id));
        assert.equal(small.has(id), map.has(id));
      }
    }),
    { numRuns: 200 },
  );
});

test('stays two arrays up to SMALL_LIMIT ids, then becomes a Map keeping order', () => {
  const m = new SmallIdMap<string>();
  for (let id = 1; id <= SMALL_LIMIT; id++) m.set(id, `v${id}`);
  assert.equal(m.isLarge, false, 'a few dozen ids fit in arrays (half the memory of a Map)');
  m.set(SMALL_LIMIT + 1, 'last');
  assert.equal(m.isLarge, true);
  assert.deepEqual([...m.values()].slice(0, 2), ['v1', 'v2']);
  assert.equal([...m].at(-1)![1], 'last');
});

test('setting or deleting while iterating behaves as a Map: every id seen once', () => {
  const m = new SmallIdMap<number>();
  for (let id = 1; id <= 5; id++) m.set(id, id);
  const seen: number[] = [];
  for (const [id, v] of m) {
    seen.push(id);
    if (v % 2 === 0) m.set(id, v * 10);
    else m.delete(id);
  }
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.deepEqual([...m], [[2, 20], [4, 40]]);
});
