import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offsetsOf, rowsInView } from './windowed-range';

test('offsets are where each row starts, the last is the whole height', () => {
  assert.deepEqual(offsetsOf([30, 50, 50, 20]), [0, 30, 80, 130, 150]);
  assert.deepEqual(offsetsOf([]), [0]);
});

test('the rows that overlap a band, whatever their heights', () => {
  const o = offsetsOf([30, 50, 50, 20]); // rows at 0, 30, 80, 130; 150 tall
  assert.deepEqual(rowsInView(o, 0, 30), { start: 0, end: 1 });
  assert.deepEqual(rowsInView(o, 29, 31), { start: 0, end: 2 });
  assert.deepEqual(rowsInView(o, 80, 130), { start: 2, end: 3 });
  assert.deepEqual(rowsInView(o, -500, 10_000), { start: 0, end: 4 }, 'a band beyond both ends: every row');
  assert.deepEqual(rowsInView(o, 400, 900), { start: 3, end: 4 }, 'scrolled past the end: the last row, never an empty window');
  assert.deepEqual(rowsInView(offsetsOf([]), 0, 100), { start: 0, end: 0 });
});

test('10,000 rows of 56 px: a screenful and its margin, not the list', () => {
  const o = offsetsOf(new Array(10_000).fill(56));
  const { start, end } = rowsInView(o, 56 * 5000 - 600, 56 * 5000 + 800 + 600);
  assert.equal(start, 5000 - 11);
  assert.ok(end - start < 50, `${end - start} rows`);
});
