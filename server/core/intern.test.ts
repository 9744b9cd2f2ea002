// intern gives back the same characters, keeps one copy per value, and never more than MAX_INTERNED.
import test from 'node:test';
import assert from 'node:assert/strict';
import { intern, internedCount, MAX_INTERNED } from './intern';

test('equal values come back equal, stored once; the table stops growing at its bound', () => {
  const line = 'CHG 5 NLN 1085276192:131088';
  const caps = line.split(' ')[3]!;
  const start = internedCount();
  assert.equal(intern(caps), '1085276192:131088');
  assert.equal(intern('1085276192:131088'), '1085276192:131088');
  assert.equal(internedCount(), start + 1, 'one copy for both');
  assert.equal(intern('\ud800 lone surrogate'), '\ud800 lone surrogate', 'any characters, exactly');
  for (let i = 0; internedCount() < MAX_INTERNED; i++) intern(`filler ${i}`);
  assert.equal(intern('one value too many'), 'one value too many');
  assert.equal(internedCount(), MAX_INTERNED, 'a client cannot grow it past the bound');
});
