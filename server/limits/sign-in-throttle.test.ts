// Password guessing is slowed per address and per account on login2.srf, RST.srf and RST2.srf
// (issue 13, finding 5: 18–22 wrong passwords a second from one address), without ever locking
// the owner out for long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignInThrottle, type ThrottlePolicy } from './sign-in-throttle';
import { startTestServer } from '../test-support/test-server';
import { passportLogin } from '../test-support/passport-login';
import { postRst, rst2RequestXml, rstRequestXml, WLM_SSO_TOKENS } from '../http/rst-testkit';
import { compactToken } from '../http/rst-testkit';

const POLICY: ThrottlePolicy = {
  freeFailures: 3,
  baseDelayMs: 1_000,
  maxAddressDelayMs: 8_000,
  maxAccountDelayMs: 4_000,
  forgetAfterMs: 60_000,
  maxInFlightPerAddress: 2,
};

function tryOnce(t: SignInThrottle, account: string, address: string, outcome: 'right' | 'wrong'): boolean {
  const v = t.attempt(account, address);
  if (v.ok) v.done(outcome);
  return v.ok;
}

test('free failures, then a doubling wait up to a cap; a right password clears it', () => {
  let now = 0;
  const t = new SignInThrottle(POLICY, () => now);
  for (let i = 0; i < 3; i++) assert.equal(tryOnce(t, 'alice@lan', '10.0.0.9', 'wrong'), true);
  assert.equal(t.waitFor('10.0.0.9'), 0, 'three mistakes are free');
  assert.equal(tryOnce(t, 'alice@lan', '10.0.0.9', 'wrong'), true);
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    waits.push(t.waitFor('10.0.0.9'));
    assert.equal(tryOnce(t, 'alice@lan', '10.0.0.9', 'right'), false, 'held back, even with the right password');
    now += t.waitFor('10.0.0.9');
    assert.equal(tryOnce(t, 'alice@lan', '10.0.0.9', 'wrong'), true);
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 8000, 8000], 'doubling, capped at 8 s');
  now += t.waitFor('10.0.0.9');
  assert.equal(tryOnce(t, 'alice@lan', '10.0.0.9', 'right'), true);
  assert.equal(t.waitFor('10.0.0.9'), 0, 'cleared by the right password');
});

test("guessing alice's password elsewhere does not keep alice out of the PC she signs in from", () => {
  let now = 0;
  const t = new SignInThrottle(POLICY, () => now);
  assert.equal(tryOnce(t, 'alice@lan', '10.0.0.2', 'right'), true, 'her PC');
  // An attacker spreads guesses over many addresses, so no single address is slowed.
  for (let i = 0; i < 12; i++) tryOnce(t, 'alice@lan', `10.0.1.${i % 3}`, 'wrong');
  assert.equal(tryOnce(t, 'alice@lan', '10.0.1.200', 'wrong'), false, 'the account is slowed for new addresses');
  assert.equal(tryOnce(t, 'alice@lan', '10.0.0.2', 'right'), true, 'but not for the PC she used before');
});

test('only a few checks at once per address', () => {
  const t = new SignInThrottle(POLICY);
  const a = t.attempt('x@lan', '10.0.0.3');
  const b = t.attempt('y@lan', '10.0.0.3');
  const c = t.attempt('z@lan', '10.0.0.3');
  assert.deepEqual([a.ok, b.ok, c.ok], [true, true, false]);
  assert.equal(t.attempt('z@lan', '10.0.0.4').ok, true, 'another address is not affected');
  if (a.ok) a.done('wrong');
  assert.equal(t.attempt('z@lan', '10.0.0.3').ok, true);
});

test('login2.srf, RST.srf and RST2.srf: throttled tries are refused without a password check and shown', async () => {
  const app = await startTestServer({ limits: { signIn: { ...POLICY, baseDelayMs: 3_000, maxInFlightPerAddress: 8 } } });
  try {
    await app.core.directory.createAccount('alice@lan', 'right-pw', 'Alice');
    for (let i = 0; i < 4; i++) assert.equal((await passportLogin(app.ports.http, 'alice@lan', 'guess' + i)).status, 401);
    const started = Date.now();
    const held = await passportLogin(app.ports.http, 'alice@lan', 'right-pw');
    assert.equal(held.status, 401, 'the right password waits too');
    assert.equal(held.headers['retry-after'], '3');
    assert.ok(Date.now() - started < 500, 'answered at once: no scrypt work was done');
    const rst = await postRst(app.ports.http, '/RST.srf', rstRequestXml('alice@lan', 'right-pw', WLM_SSO_TOKENS));
    assert.match(rst.res.body, /FailedAuthentication/);
    const rst2 = await postRst(app.ports.http, '/RST2.srf', rst2RequestXml('alice@lan', 'right-pw', WLM_SSO_TOKENS));
    assert.match(rst2.res.body, /FailedAuthentication/);
    const notes = app.tap.recent(200).filter((r) => r.direction === 'note' && r.line.startsWith('Throttled sign-in for alice@lan from 127.0.0.1'));
    assert.equal(notes.length, 3);
    assert.match(notes[0]!.line, /4 wrong passwords from 127\.0\.0\.1; the next try is allowed in 3 s \(password not checked\)$/);
    const progress = app.clientProgress.list().find((c) => c.address === '127.0.0.1');
    assert.match(progress!.steps.passport!.detail, /held back after too many wrong passwords/);
    // After the wait, the owner gets in.
    await new Promise((r) => setTimeout(r, 3_100));
    const ok = await postRst(app.ports.http, '/RST.srf', rstRequestXml('alice@lan', 'right-pw', WLM_SSO_TOKENS));
    assert.ok(compactToken(ok.doc, 'messengerclear.live.com'));
  } finally {
    await app.cleanup();
  }
});

test('a flood of parallel wrong passwords from one address costs only a few password checks', async () => {
  const app = await startTestServer({
    limits: { signIn: { ...POLICY, maxInFlightPerAddress: 4 }, perAddress: { NS: 16, SB: 200, HTTP: 100, HTTPS: 32 } },
  });
  try {
    await app.core.directory.createAccount('bob@lan', 'right-pw', 'Bob');
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => passportLogin(app.ports.http, 'bob@lan', `guess${i}`)));
    assert.ok(answers.every((a) => a.status === 401));
    const checked = app.tap.recent(2000).filter((r) => r.line.includes('sign-in refused for bob@lan: wrong password')).length;
    const throttled = app.tap.recent(2000).filter((r) => r.line.startsWith('Throttled sign-in for bob@lan')).length;
    assert.equal(checked + throttled, 60);
    assert.ok(checked <= POLICY.freeFailures + 4, `${checked} passwords checked of 60`);
  } finally {
    await app.cleanup();
  }
});
