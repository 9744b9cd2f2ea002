import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount } from './format-count';

test('counts are grouped by thousands with commas, as English text writes them', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(1000), '1,000');
  assert.equal(formatCount(10000), '10,000');
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(-4500), '-4,500');
});
