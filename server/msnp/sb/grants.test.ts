// Switchboard cookies: one use, two minutes, one account; unused XFR cookies are counted per user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrantBook } from './grants';
import { RateWindow } from './rate-window';

test('a cookie works once, for its account and command, until it expires', () => {
  let now = 1_000_000;
  const book = new GrantBook(120_000, () => now);
  const c = book.issue('xfr', { id: 7, email: 'alice@lan', guid: 'g7' });
  assert.match(c, /^\d+\.\d+\.\d+$/);
  assert.equal(book.pendingSessions(7), 1);
  assert.deepEqual(book.redeem(c, 'xfr', 'alice@lan'), { ok: true, grant: { kind: 'xfr', userId: 7, email: 'alice@lan', guid: 'g7', sessionId: undefined, expires: 1_120_000 } });
  assert.equal(book.pendingSessions(7), 0);
  assert.equal(book.redeem(c, 'xfr', 'alice@lan').ok, false, 'used already');

  const ring = book.issue('ring', { id: 8, email: 'bob@lan', guid: 'g8' }, '123');
  assert.match((book.redeem(ring, 'xfr', 'bob@lan') as { why: string }).why, /wrong command/);
  const other = book.issue('xfr', { id: 7, email: 'alice@lan', guid: 'g7' });
  assert.match((book.redeem(other, 'xfr', 'bob@lan') as { why: string }).why, /issued to alice@lan/);
  assert.equal(book.redeem(other, 'xfr', 'alice@lan').ok, false, 'burnt by the wrong account');

  const late = book.issue('ring', { id: 8, email: 'bob@lan', guid: 'g8' }, '123');
  now += 120_000;
  assert.match((book.redeem(late, 'ring', 'bob@lan') as { why: string }).why, /expired/);
  book.issue('xfr', { id: 9, email: 'carol@lan', guid: 'g9' });
  now += 120_000;
  book.sweep();
  assert.equal(book.size, 0);
  assert.equal(book.pendingSessions(9), 0);
});

test("a deleted account's unused cookies are revoked with it", () => {
  const book = new GrantBook(120_000);
  const c = book.issue('xfr', { id: 7, email: 'zed@lan', guid: 'g7' });
  book.issue('xfr', { id: 8, email: 'yan@lan', guid: 'g8' });
  book.revokeUser(7);
  assert.equal(book.redeem(c, 'xfr', 'zed@lan').ok, false);
  assert.equal(book.pendingSessions(7), 0);
  assert.equal(book.size, 1);
});

test('a rate window lets N through per window, per key', () => {
  let now = 0;
  const w = new RateWindow(3, 1000, () => now);
  assert.deepEqual([w.take(1), w.take(1), w.take(1), w.take(1), w.take(2)], [true, true, true, false, true]);
  now = 999;
  assert.equal(w.take(1), false);
  now = 1000;
  assert.equal(w.take(1), true);
  now = 5000;
  w.prune();
  assert.equal(w.take(1), true);
});
