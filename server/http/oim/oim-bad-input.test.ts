// Store2 and RSI with bad input: each gets the fault a client acts on, nothing is stored, and the
// message already waiting is neither lost nor duplicated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { passportLogin } from '../../test-support/passport-login';
import { List, type User } from '../../core/model';
import { answerMsnp11 } from '../../msnp/challenge';
import { path as xpath } from '../../xml/xml';
import { request } from '../testkit';
import { lockKeyChallenge, oimContent, oimFaultCode, postRsi, postStore2, store2Envelope, WLM85_APP } from './oim-testkit';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
let bob: User;
let ticket: string;
let lockKey: string;
const RUN = 'B1A2C3D4-0000-4000-8000-00000000AAAA';

before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
  bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
  const carol = await app.core.directory.createAccount('carol@lan', 'carol-pw', 'Carol');
  app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
  app.core.directory.addToLists(carol.id, alice.id, List.BL); // carol blocks alice
  ticket = (await passportLogin(app.ports.http, 'alice@lan', 'alice-pw')).fromPP!;
  const challenge = lockKeyChallenge((await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket }))).doc)!;
  lockKey = answerMsnp11(challenge, WLM85_APP.id, WLM85_APP.key);
  // One message that must survive everything below.
  const ok = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, runId: RUN, text: 'keep me' }));
  assert.equal(ok.res.status, 200);
});
after(async () => {
  await app.cleanup();
});

/** bob still has exactly the one good message. */
function nothingLost(): void {
  const waiting = app.core.oims.forRecipient(bob.id);
  assert.deepEqual(waiting.map((m) => m.text), ['keep me']);
}

test('a wrong lock key: AuthenticationFailed with a new LockKeyChallenge; the new answer works', async () => {
  const r = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey: 'f'.repeat(32), text: 'x' }));
  assert.equal(r.res.status, 500);
  assert.equal(oimFaultCode(r.doc), 'AuthenticationFailed');
  const challenge = lockKeyChallenge(r.doc);
  assert.match(challenge ?? '', /^\d{20}$/);
  nothingLost();
  // The old key was for the old challenge: refused now; the fresh answer is accepted.
  const old = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, runId: RUN, text: 'keep me' }));
  assert.equal(oimFaultCode(old.doc), 'AuthenticationFailed');
  const latest = lockKeyChallenge(old.doc)!;
  assert.notEqual(latest, challenge, 'each refusal comes with a fresh challenge');
  lockKey = answerMsnp11(latest, WLM85_APP.id, WLM85_APP.key);
  // A retry of the stored message (same run, same sequence number) is acknowledged, not stored twice.
  const retry = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, runId: RUN, text: 'keep me' }));
  assert.equal(retry.res.status, 200);
  nothingLost();
});

test('a forged or expired ticket, or a From that is not the ticket holder: AuthenticationFailed without a lock-key challenge', async () => {
  const alice = app.core.users.byEmail('alice@lan')!;
  const [payload] = ticket.replace(/^t=/, '').split('.');
  const forged = `t=${payload}.${'A'.repeat(43)}&p=`;
  const expired = `t=${app.core.tickets.issue(alice.id, 'messenger', -1000)}&p=`;
  for (const [what, t, from] of [['forged', forged, 'alice@lan'], ['expired', expired, 'alice@lan'], ['someone else', ticket, 'bob@lan']] as const) {
    const r = await postStore2(app.ports.http, store2Envelope({ from, to: 'bob@lan', ticket: t, lockKey, text: `from a ${what} ticket` }));
    assert.equal(r.res.status, 500, what);
    assert.equal(oimFaultCode(r.doc), 'AuthenticationFailed', what);
    assert.equal(lockKeyChallenge(r.doc), undefined, `${what}: the ticket is the problem, not the lock key`);
    assert.ok(xpath(r.doc, 'Body', 'Fault', 'detail', 'TweenerChallenge'), `${what}: the client is told to sign in again`);
  }
  nothingLost();
});

test('a megabyte of text, and a message over the offline-message limit: InvalidContent', async () => {
  const huge = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, seq: 3, text: 'a'.repeat(1024 * 1024) }));
  assert.equal(huge.res.status, 500);
  assert.equal(oimFaultCode(huge.doc), 'InvalidContent');
  const long = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, seq: 4, text: 'b'.repeat(5000) }));
  assert.equal(oimFaultCode(long.doc), 'InvalidContent');
  assert.match(xpath(long.doc, 'Body', 'Fault', 'faultstring')!.text, /at most 4096/);
  nothingLost();
});

test('a broken MIME body, broken XML, a sequence mismatch: InvalidContent', async () => {
  const broken = [
    'no headers at all, just text',
    oimContent('x', 5, RUN).replace('Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: 8bit'),
    oimContent('x', 5, RUN).replace(/\r\n\r\n.*$/s, '\r\n\r\n!!!not base64!!!'),
    oimContent('x', 5, RUN).replace(/\r\n\r\n.*$/s, `\r\n\r\n${Buffer.from([0xff, 0xfe, 0x80]).toString('base64')}`),
    oimContent('x', 6, RUN), // X-OIM-Sequence-Num 6 in a request numbered 5
    oimContent('x', 5, 'not-a-guid'),
  ];
  for (const content of broken) {
    const r = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, seq: 5, content }));
    assert.equal(r.res.status, 500, content.slice(0, 60));
    assert.equal(oimFaultCode(r.doc), 'InvalidContent', content.slice(0, 60));
  }
  const xml = await request(app.ports.http, { method: 'POST', path: '/OimWS/oim.asmx', headers: { SOAPAction: 'http://messenger.live.com/ws/2006/09/oim/Store2' }, body: '<soap:Envelope><oops' });
  assert.equal(xml.status, 500);
  assert.ok(xml.body.includes('q0:InvalidContent'));
  nothingLost();
});

test('a recipient who blocks the sender, or who does not exist: SystemUnavailable, nothing stored', async () => {
  const carol = app.core.users.byEmail('carol@lan')!;
  for (const to of ['carol@lan', 'nobody@lan']) {
    const r = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to, ticket, lockKey, seq: 7, text: 'hi' }));
    assert.equal(r.res.status, 500, to);
    assert.equal(oimFaultCode(r.doc), 'SystemUnavailable', to);
  }
  assert.equal(app.core.oims.count(carol.id), 0);
  nothingLost();
});

test('RSI: no or a forged PassportCookie, an unknown action, an unknown id: faults, nothing deleted', async () => {
  const bobTicket = (await passportLogin(app.ports.http, 'bob@lan', 'bob-pw')).fromPP!;
  const forged = await postRsi(app.ports.http, 'GetMetadata', 't=forged.sig&p=');
  assert.equal(forged.res.status, 500);
  assert.equal(oimFaultCode(forged.doc), 'AuthenticationFailed', 'a refused ticket: sign in again');
  assert.equal((await postRsi(app.ports.http, 'GetMetadata', '')).res.status, 500);
  assert.equal((await postRsi(app.ports.http, 'FlyToTheMoon', bobTicket)).res.status, 500);
  const del = await postRsi(app.ports.http, 'DeleteMessages', bobTicket, '<messageIds><messageId>00000000-0000-0000-0000-000000000000</messageId></messageIds>');
  assert.equal(del.res.status, 500);
  nothingLost();
});

test('MSNPSharp 2.5.8 shape: elements in the 2004 namespace under a Store2 SOAPAction are answered in that namespace', async () => {
  const ns = 'http://messenger.msn.com/ws/2004/09/oim/';
  const fault = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey: '', ns, seq: 9, text: 'x' }));
  assert.ok(fault.res.body.includes(`<faultcode xmlns:q0="${ns}">q0:AuthenticationFailed</faultcode>`));
  // The detail holds the challenge alone, since MSNPSharp answers the detail's whole text.
  const detail = xpath(fault.doc, 'Body', 'Fault', 'detail')!;
  assert.deepEqual(detail.children.map((c) => c.name), ['LockKeyChallenge']);
  lockKey = answerMsnp11(detail.children[0]!.text, WLM85_APP.id, WLM85_APP.key);
  const ok = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, ns, runId: RUN, text: 'keep me' }));
  assert.equal(ok.res.status, 200);
  assert.ok(ok.res.body.includes(`<StoreResponse xmlns="${ns}">`));
  nothingLost();
});

test('a product whose key was never published (the Mac): a well-formed answer to an issued challenge is taken on trust, noted in the tap', async () => {
  const appId = 'PROD0000MACUNKN!';
  const first = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, appId, lockKey: 'not hex at all', seq: 11, text: 'from a mac' }));
  assert.equal(oimFaultCode(first.doc), 'AuthenticationFailed');
  assert.ok(lockKeyChallenge(first.doc));
  const ok = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, appId, lockKey: '0123456789abcdef0123456789abcdef', seq: 11, text: 'from a mac' }));
  assert.equal(ok.res.status, 200);
  assert.ok(app.tap.recent(200).some((r) => r.line.includes('has no published key')));
  const bobMessages = app.core.oims.forRecipient(bob.id);
  assert.deepEqual(bobMessages.map((m) => m.text), ['keep me', 'from a mac']);
  // Put the lock key for the known product back, for any test that runs after this one.
  lockKey = answerMsnp11(lockKeyChallenge((await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, seq: 12 }))).doc)!, WLM85_APP.id, WLM85_APP.key);
  assert.ok(app.core.oims.delete(bob.id, [bobMessages[1]!.id], false));
});
