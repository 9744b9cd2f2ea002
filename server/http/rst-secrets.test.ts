// The proof-key store the NS will use to check SSO answers, and the tap masking RST.srf relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskBody } from './mask';
import { ProofKeyStore } from './rst-secrets';
import { serviceFor } from './rst-tokens';

test('a key is found by its ticket until it expires; copies only', () => {
  let now = 1_000;
  const store = new ProofKeyStore(10, () => now);
  const key = Buffer.alloc(24, 1);
  store.remember('ticket-a', key, 2_000);
  key.fill(9); // the caller's buffer changing later must not change ours
  assert.deepEqual(store.secretFor('ticket-a'), Buffer.alloc(24, 1));
  store.secretFor('ticket-a')!.fill(5);
  assert.deepEqual(store.secretFor('ticket-a'), Buffer.alloc(24, 1));
  assert.equal(store.secretFor('ticket-b'), undefined);
  now = 2_000;
  assert.equal(store.secretFor('ticket-a'), undefined, 'expired');
  assert.equal(store.size, 0);
  store.remember('already-expired', key, 2_000);
  assert.equal(store.size, 0);
});

test('full: expired keys go first, then the oldest', () => {
  let now = 0;
  const store = new ProofKeyStore(3, () => now);
  store.remember('t1', Buffer.from('1'), 100);
  store.remember('t2', Buffer.from('2'), 1_000);
  store.remember('t3', Buffer.from('3'), 1_000);
  now = 200;
  store.remember('t4', Buffer.from('4'), 1_000); // t1 has expired: pruned, nobody live evicted
  assert.deepEqual(['t1', 't2', 't3', 't4'].map((t) => store.secretFor(t)?.toString()), [undefined, '2', '3', '4']);
  store.remember('t5', Buffer.from('5'), 1_000); // none expired: t2, the oldest, goes
  assert.deepEqual(['t2', 't3', 't4', 't5'].map((t) => store.secretFor(t)?.toString()), [undefined, '3', '4', '5']);
  store.forget('t3');
  assert.equal(store.size, 2);
});

test('ticket services by requested address', () => {
  assert.equal(serviceFor('http://Passport.NET/tb'), 'passport');
  assert.equal(serviceFor('messenger.msn.com'), 'messenger');
  assert.equal(serviceFor('MessengerClear.Live.com'), 'messenger');
  assert.equal(serviceFor('contacts.msn.com'), 'contacts');
  assert.equal(serviceFor('https://storage.msn.com:443/x'), 'storage');
  assert.equal(serviceFor('voice.messenger.msn.com'), 'voice');
  assert.equal(serviceFor('a|b.example'), 'ab', 'nothing that could break the ticket format');
  assert.equal(serviceFor('...'), 'other');
});

test('masking <Password>: CDATA, a comment inside, self-closing, unclosed', () => {
  assert.equal(
    maskBody('<wsse:Password><![CDATA[hun<ter2]]></wsse:Password><x/>'),
    '<wsse:Password>***</wsse:Password><x/>',
  );
  assert.equal(maskBody('<Password>hun<!-- -->ter2</Password>'), '<Password>***</Password>');
  assert.equal(maskBody('<Password/><Username>bob</Username>'), '<Password/><Username>bob</Username>');
  assert.equal(maskBody('<a><ns1:Password Id="p">secret</ns1:Password></a>'), '<a><ns1:Password Id="p">***</ns1:Password></a>');
  assert.equal(maskBody('<Password>sec<![CDATA[ret'), '<Password>***');
  assert.equal(maskBody('<Password>a</Password><Password>b</Password>'), '<Password>***</Password><Password>***</Password>');
  // Hostile input still finishes quickly.
  const started = Date.now();
  maskBody('<Password>'.repeat(50_000) + '</Password'.repeat(50_000));
  assert.ok(Date.now() - started < 2_000);
});
