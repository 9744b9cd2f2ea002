import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchEvents } from './event-batch';
import type { PanelEventMessage } from './contract';

test('events emitted together leave as one batch, in order; close flushes and then drops', async () => {
  const sent: PanelEventMessage[][] = [];
  const b = batchEvents((batch) => sent.push(batch), 5);
  b.emit('lists', { email: 'a@lan' });
  b.emit('accountsChanged', {});
  assert.equal(sent.length, 0);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(sent, [[{ event: 'lists', data: { email: 'a@lan' } }, { event: 'accountsChanged', data: {} }]]);
  b.emit('lists', { email: 'b@lan' });
  b.close();
  assert.equal(sent.length, 2);
  b.emit('lists', { email: 'c@lan' });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(sent.length, 2);
});
