// The relayed MSG line's "MSG <sender> <name> " prefix is made once per sender and name, not
// percent-encoded again for every message (thousands a second), and follows a rename.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msgPrefix } from './sb-session';
import type { SbParticipant } from './participant';

test('one encoding per sender and name, whatever the number of messages; a rename makes a new prefix', () => {
  const alice = { email: 'alice@lan', friendlyName: 'Alice Ü' } as unknown as SbParticipant & { friendlyName: string };
  const encode = globalThis.encodeURIComponent;
  let calls = 0;
  globalThis.encodeURIComponent = (s: string | number | boolean) => {
    calls++;
    return encode(s);
  };
  try {
    for (let i = 0; i < 1000; i++) assert.equal(msgPrefix(alice), 'MSG alice@lan Alice%20%C3%9C ');
    assert.equal(calls, 1);
    alice.friendlyName = 'Alice (away)';
    assert.equal(msgPrefix(alice), 'MSG alice@lan Alice%20(away) ');
    assert.equal(msgPrefix(alice), 'MSG alice@lan Alice%20(away) ');
    assert.equal(calls, 2);
  } finally {
    globalThis.encodeURIComponent = encode;
  }
});
