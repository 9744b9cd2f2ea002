// The history's queue: a relayed chat line waits for its transaction as bytes and numbers in
// preallocated columns (no string or object of its own), and comes out in order with the
// conversation changes around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryQueue, type QueuedChange } from './history-queue';

const drain = (q: HistoryQueue) => {
  const seen: unknown[] = [];
  q.drain({ change: (c) => seen.push(c), message: (id, from, kind, text, time) => seen.push([id, from, kind, text, time]) });
  return seen;
};

test('messages come out with the changes around them, in order, with their exact text', () => {
  const q = new HistoryQueue();
  const begin: QueuedChange = { op: 'begin', id: 'sb-1', kind: 'switchboard', startedAt: 5, participants: [] };
  const payload = Buffer.from('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhéllo 🦋');
  q.change(begin);
  q.message('sb-1', 'alice@lan', 'text', payload, 10, payload.indexOf('\r\n\r\n') + 4);
  q.message('sb-1', 'bob@lan', 'nudge', payload, 11, payload.length);
  q.message('sb-1', 'bob@lan', 'offline', 'a string too', 12);
  q.change({ op: 'end', id: 'sb-1', endedAt: 13 });
  assert.equal(q.length, 5);
  assert.deepEqual(drain(q), [
    begin,
    ['sb-1', 'alice@lan', 'text', 'héllo 🦋', 10],
    ['sb-1', 'bob@lan', 'nudge', '', 11],
    ['sb-1', 'bob@lan', 'offline', 'a string too', 12],
    { op: 'end', id: 'sb-1', endedAt: 13 },
  ]);
  assert.equal(q.length, 0);
  assert.deepEqual(drain(q), []);
});

test('a queued message keeps no string or object of its own, however many wait', () => {
  const q = new HistoryQueue();
  const body = Buffer.from('MIME-Version: 1.0\r\n\r\nline ');
  for (let n = 0; n < 5000; n++) q.message('sb-7', 'alice@lan', 'text', Buffer.concat([body, Buffer.from(String(n))]), n, 21);
  // Every JS value the queue holds: typed arrays, the byte buffer, and columns of the strings it was given.
  for (const [name, value] of Object.entries(q as unknown as Record<string, unknown>)) {
    if (!Array.isArray(value)) {
      assert.ok(typeof value === 'number' || ArrayBuffer.isView(value), `${name} is ${typeof value}`);
      continue;
    }
    for (const v of value) assert.ok(v === undefined || v === 'sb-7' || v === 'alice@lan', `${name} holds ${String(v)}`);
  }
  const out = drain(q) as [string, string, string, string, number][];
  assert.equal(out.length, 5000);
  assert.deepEqual(out[4999], ['sb-7', 'alice@lan', 'text', 'line 4999', 4999]);
  // After a burst the columns shrink back and hold nothing.
  for (const value of Object.values(q as unknown as Record<string, unknown>)) {
    if (Array.isArray(value)) assert.ok(value.length <= 1024 && value.every((v) => v === undefined));
    else if (ArrayBuffer.isView(value)) assert.ok(value.byteLength <= 128 * 1024 * 8);
  }
});
