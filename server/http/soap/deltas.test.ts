// Stamp times as sent and read back (any offset, 100 ns digits), and where a lastChange lands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Core } from '../../core/core';
import { AddressBook } from '../../core/address-book';
import { deltaWindow, parseStampTime, stampTime } from './deltas';

test('stampTime: UTC, seven digits, the last always 0', () => {
  assert.equal(stampTime(1795214918424001), '2026-11-20T22:48:38.4240010Z');
  assert.equal(stampTime(0), '1970-01-01T00:00:00.0000000Z');
});

test('parseStampTime: offsets, short fractions, the services\' "never"', () => {
  assert.equal(parseStampTime('2026-11-20T22:48:38.4240010Z'), 1795214918424001);
  assert.equal(parseStampTime('2026-11-20T14:48:38.4240019-08:00'), 1795214918424001, '100 ns digit dropped, offset applied');
  assert.equal(parseStampTime('2026-11-21T00:18:38.424001+01:30'), 1795214918424001);
  assert.equal(parseStampTime('2026-11-20T22:48:38'), 1795214918000000, 'no zone: UTC');
  assert.equal(parseStampTime('0001-01-01T00:00:00.0000000-08:00'), 'never');
  assert.equal(parseStampTime('0001-01-01T00:00:00'), 'never');
  for (const bad of ['', 'now', '2026-11-20', '2026-11-20T22:48:38.12345678Z', '2026-13-45T99:00:00Z garbage']) {
    assert.equal(parseStampTime(bad), undefined, bad);
  }
});

test('deltaWindow: full without deltasOnly or with "never"; the stamp at or before a time; FullSyncRequired otherwise', () => {
  const core = Core.open(':memory:');
  const store = AddressBook.of(core).store;
  const a = core.users.create('a@lan', 'x', 'A');
  const b = core.users.create('b@lan', 'x', 'B');
  core.directory.addToLists(a.id, b.id, 1);
  const t1 = store.latestTime();
  const s1 = store.latestSeq();
  core.directory.addToLists(a.id, b.id, 2);
  assert.deepEqual(deltaWindow(store, 'X', false, stampTime(t1)), { since: 0 });
  assert.deepEqual(deltaWindow(store, 'X', true, '0001-01-01T00:00:00'), { since: 0 });
  assert.deepEqual(deltaWindow(store, 'X', true, stampTime(t1)), { since: s1 });
  assert.ok(store.latestTime() > t1, 'stamps strictly increase');
  const fault = deltaWindow(store, 'ABFindAll', true, stampTime(store.latestTime() + 1));
  assert.ok('fault' in fault && fault.fault.errorcode === 'FullSyncRequired');
  core.close();
});
