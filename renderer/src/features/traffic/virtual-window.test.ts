import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atBottom, visibleRange } from './virtual-window';

test('only the rows in view and a margin are rendered', () => {
  assert.deepEqual(visibleRange(0, 440, 22, 50_000, 10), { start: 0, end: 31 });
  assert.deepEqual(visibleRange(22 * 1000, 440, 22, 50_000, 10), { start: 990, end: 1031 });
  assert.deepEqual(visibleRange(22 * 49_980, 440, 22, 50_000, 10), { start: 49_969, end: 50_000 }, 'scrolled to the end');
  assert.deepEqual(visibleRange(0, 440, 22, 0), { start: 0, end: 0 });
  assert.deepEqual(visibleRange(9999, 440, 22, 5), { start: 0, end: 5 }, 'a list shorter than the old scroll position');
});

test('at the bottom within one row', () => {
  assert.equal(atBottom(560, 440, 1000, 22), true);
  assert.equal(atBottom(530, 440, 1000, 22), false);
  assert.equal(atBottom(0, 440, 100, 22), true);
});
