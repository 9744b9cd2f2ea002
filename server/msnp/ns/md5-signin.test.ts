// MSN Messenger 4.7 / Windows Messenger 4.x (MSNP7) and MSN Messenger 1.0 (MSNP2) sign in with MD5
// against the per-account secret, download their list with the old SYN, and get presence without
// client capabilities. Wrong answers, accounts without the choice and bad input get 911 or a
// closed connection, with the reason in the traffic view, and nobody else notices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { signInMd5 } from '../../test-support/md5-client';
import { md5Answer } from '../../core/md5-signin';
import { answerMd5 } from '../challenge';
import { openSwitchboard } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';
import { configureSignInThrottle } from '../../limits/password-check';
import { DEFAULT_THROTTLE } from '../../limits/sign-in-throttle';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
  const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob B');
  await app.core.directory.createAccount('carol@lan', 'carol-pw', 'Carol');
  app.core.md5.allow(alice.id, 'alice-pw');
  app.core.md5.allow(bob.id, 'bob-pw');
  app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
  app.core.groups.addMember(alice.id, bob.id, app.core.groups.add(alice.id, 'Friends').id);
  app.core.directory.setProperty(alice.id, 'PHH', '555 0123');
  app.core.directory.setProperty(bob.id, 'PHH', '555 0190');
  app.core.directory.setPanelStatus(bob.id, 'AWY');
});
after(async () => {
  await app.cleanup();
});

/** VER … INF … USR MD5 I: returns the client and the salt it was sent. */
async function upToSalt(version: string, email: string): Promise<{ c: MsnpTestClient; salt: string }> {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send(`VER 1 ${version}`);
  await c.until('VER 1 ');
  c.send('INF 2');
  assert.equal(await c.nextLine(), 'INF 2 MD5');
  c.send(`USR 3 MD5 I ${email}`);
  const line = await c.nextLine();
  assert.match(line, /^USR 3 MD5 S \d{10}\.\d{9}$/);
  return { c, salt: line.slice('USR 3 MD5 S '.length) };
}

async function bystanderStillWorks(): Promise<void> {
  const b = await signInMd5({ nsPort: app.ports.ns, email: 'bob@lan', password: 'bob-pw', version: 7 });
  b.send('PNG');
  assert.equal((await b.take('QNG')).line, 'QNG');
  b.close();
}

test('MSNP7 (Windows Messenger 4.7): INF, USR MD5, old SYN with groups and phones, ILN without capabilities, CHL', async () => {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP7 MSNP6 MSNP5 MSNP4 MSNP3 MSNP2 CVR0');
  assert.equal(await c.nextLine(), 'VER 1 MSNP7 CVR0');
  c.send('CVR 2 0x0409 winnt 5.1 i386 MSMSGS 4.7.3001 MSMSGS alice@lan');
  assert.match(await c.nextLine(), /^CVR 2 4\.7\.3001 4\.7\.3001 4\.7\.3001 http:\/\/127\.0\.0\.1:\d+\/url\/DOWNLOAD /);
  c.send('INF 3');
  assert.equal(await c.nextLine(), 'INF 3 MD5');
  c.send('USR 4 MD5 I alice@lan');
  const salt = (await c.nextLine()).slice('USR 4 MD5 S '.length);
  c.send(`USR 5 MD5 S ${md5Answer(salt, 'alice-pw')}`);
  assert.equal(await c.nextLine(), 'USR 5 OK alice@lan Alice 1');
  const profile = await c.next();
  assert.match(profile.line, /^MSG Hotmail Hotmail \d+$/);
  assert.ok(profile.payload!.includes('Content-Type: text/x-msmsgsprofile'));
  assert.ok(!profile.payload!.includes('ClientIP'), 'ClientIP and ClientPort came with MSNP8');

  const v = app.core.users.byEmail('alice@lan')!.listVersion;
  c.send('SYN 6 0');
  const expected = [
    `SYN 6 ${v}`,
    `GTC 6 ${v} A`,
    `BLP 6 ${v} AL`,
    `PRP 6 ${v} PHH 555%200123`,
    `PRP 6 ${v} PHW`,
    `PRP 6 ${v} PHM`,
    `PRP 6 ${v} MOB N`,
    `PRP 6 ${v} MBE N`,
    `LSG 6 ${v} 1 2 0 Other%20Contacts 0`,
    `LSG 6 ${v} 2 2 1 Friends 0`,
    `LST 6 FL ${v} 1 1 bob@lan Bob%20B 1`,
    `BPR ${v} bob@lan PHH 555%200190`,
    `BPR ${v} bob@lan PHW`,
    `BPR ${v} bob@lan PHM`,
    `BPR ${v} bob@lan MOB N`,
    `LST 6 AL ${v} 1 1 bob@lan Bob%20B`,
    `LST 6 BL ${v} 0 0`,
    `LST 6 RL ${v} 1 1 bob@lan Bob%20B`,
  ];
  for (const line of expected) assert.equal(await c.nextLine(), line);

  c.send('CHG 7 NLN');
  assert.equal(await c.nextLine(), 'CHG 7 NLN');
  assert.equal(await c.nextLine(), 'ILN 7 AWY bob@lan Bob%20B');
  const challenge = (await c.nextLine()).slice('CHL 0 '.length);
  c.sendPayload('QRY 8 msmsgs@msnmsgr.com', answerMd5(challenge, 'Q1P7W2E4J9R8U3S5'));
  assert.equal(await c.nextLine(), 'QRY 8');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG');
  c.close();
});

test('MSNP7: a cached list version gets only the SYN header; ADD and REM carry the list version', async () => {
  const c = await signInMd5({ nsPort: app.ports.ns, email: 'alice@lan', password: 'alice-pw', version: 7 });
  const v = app.core.users.byEmail('alice@lan')!.listVersion;
  // (Bob's ILN may be queued before these, depending on whether he is online: take() skips it.)
  c.send(`SYN 9 ${v}`);
  assert.equal((await c.take('SYN 9')).line, `SYN 9 ${v}`);
  assert.deepEqual((await c.quiet(100)).filter((r) => !r.line.startsWith('ILN 5 ')), [], 'only the header: the cache is current');
  c.send('ADD 10 BL carol@lan carol@lan');
  assert.equal((await c.take('ADD 10')).line, `ADD 10 BL ${v + 1} carol@lan carol@lan`);
  c.send('REM 11 BL carol@lan');
  assert.equal((await c.take('REM 11')).line, `REM 11 BL ${v + 2} carol@lan`);
  c.send('REA 12 alice@lan Alice%20A');
  assert.equal((await c.take('REA 12')).line, `REA 12 ${v + 2} alice@lan Alice%20A`);
  c.send('REA 13 alice@lan Alice');
  await c.take('REA 13');
  c.close();
});

test('MSNP2 (MSN Messenger 1.0): no groups, no phones, no CHL; ADD FL has no group field', async () => {
  const { c, salt } = await upToSalt('MSNP2', 'alice@lan');
  c.send(`USR 4 MD5 S ${md5Answer(salt, 'alice-pw')}`);
  assert.equal(await c.nextLine(), 'USR 4 OK alice@lan Alice');
  await c.until('MSG Hotmail Hotmail');
  const v = app.core.users.byEmail('alice@lan')!.listVersion;
  c.send('SYN 5 0');
  for (const line of [
    `SYN 5 ${v}`,
    `GTC 5 ${v} A`,
    `BLP 5 ${v} AL`,
    `LST 5 FL ${v} 1 1 bob@lan Bob%20B`,
    `LST 5 AL ${v} 1 1 bob@lan Bob%20B`,
    `LST 5 BL ${v} 0 0`,
    `LST 5 RL ${v} 1 1 bob@lan Bob%20B`,
  ]) {
    assert.equal(await c.nextLine(), line);
  }
  c.send('CHG 6 NLN');
  assert.equal(await c.nextLine(), 'CHG 6 NLN');
  assert.equal(await c.nextLine(), 'ILN 6 AWY bob@lan Bob%20B');
  assert.deepEqual(await c.quiet(200), [], 'MSNP2 has no challenge');
  c.send('ADD 7 FL carol@lan carol@lan');
  assert.equal(await c.nextLine(), `ADD 7 FL ${v + 1} carol@lan carol@lan`);
  c.send('REM 8 FL carol@lan');
  assert.equal(await c.nextLine(), `REM 8 FL ${v + 2} carol@lan`);
  c.send('ADG 9 Family 0');
  assert.equal(await c.nextLine(), '200 9', 'groups came with MSNP7');
  c.close();
});

test('a wrong password gets 911 and the connection closes', async () => {
  const { c, salt } = await upToSalt('MSNP7', 'alice@lan');
  c.send(`USR 4 MD5 S ${md5Answer(salt, 'not-her-password')}`);
  assert.equal(await c.nextLine(), '911 4');
  await c.waitClosed();
  // An answer for another salt (a replayed one) is just as wrong.
  const again = await upToSalt('MSNP7', 'alice@lan');
  again.c.send(`USR 4 MD5 S ${md5Answer(salt, 'alice-pw')}`);
  assert.equal(await again.c.nextLine(), '911 4');
  await again.c.waitClosed();
});

test('an account without "Allow MSN Messenger 1.0–4.7" gets 911, and the traffic view says why', async () => {
  const { c, salt } = await upToSalt('MSNP7', 'carol@lan');
  c.send(`USR 4 MD5 S ${md5Answer(salt, 'carol-pw')}`);
  assert.equal(await c.nextLine(), '911 4');
  await c.waitClosed();
  const note = app.tap.recent(50).reverse().find((r) => r.direction === 'note' && r.line.startsWith('error 911'));
  assert.ok(note, 'the refusal is in the traffic view');
  assert.match(note.line, /carol@lan does not allow MSN Messenger 1\.0–4\.7 sign-in: turn on "Allow MSN Messenger 1\.0–4\.7"/);
  // Turning it on (with the password) lets the same client in; turning it off again locks it out.
  const carol = app.core.users.byEmail('carol@lan')!;
  app.core.md5.allow(carol.id, 'carol-pw');
  const ok = await signInMd5({ nsPort: app.ports.ns, email: 'carol@lan', password: 'carol-pw', version: 7 });
  ok.close();
  app.core.md5.forbid(carol.id);
  const locked = await upToSalt('MSNP7', 'carol@lan');
  locked.c.send(`USR 4 MD5 S ${md5Answer(locked.salt, 'carol-pw')}`);
  assert.equal(await locked.c.nextLine(), '911 4');
});

test('a password change re-seals the secret: the old password stops working, the new one works', async () => {
  const carol = app.core.users.byEmail('carol@lan')!;
  app.core.md5.allow(carol.id, 'carol-pw');
  await app.core.directory.setPassword(carol.id, 'new-carol-pw');
  const old = await upToSalt('MSNP6', 'carol@lan');
  old.c.send(`USR 4 MD5 S ${md5Answer(old.salt, 'carol-pw')}`);
  assert.equal(await old.c.nextLine(), '911 4');
  const fresh = await signInMd5({ nsPort: app.ports.ns, email: 'carol@lan', password: 'new-carol-pw', version: 6 });
  fresh.close();
  app.core.md5.forbid(carol.id);
});

test('bad input: malformed MD5 answer, INF before VER, a 10 KB answer, TWN on MSNP7, USR S without I, INF on MSNP8 (disconnect)', async () => {
  const malformed = await upToSalt('MSNP7', 'alice@lan');
  malformed.c.send('USR 4 MD5 S not-an-md5-answer');
  assert.equal(await malformed.c.nextLine(), '911 4');
  await malformed.c.waitClosed();
  assert.ok(app.tap.recent(20).some((r) => r.direction === 'note' && r.line.includes('malformed MD5 answer')));

  const early = await MsnpTestClient.connect(app.ports.ns);
  early.send('INF 1');
  await early.waitClosed();
  assert.ok(app.tap.recent(20).some((r) => r.direction === 'note' && r.line.includes('INF before VER')));

  const huge = await upToSalt('MSNP7', 'alice@lan');
  huge.c.send(`USR 4 MD5 S ${'a'.repeat(10 * 1024)}`);
  await huge.c.waitClosed();
  assert.ok(!huge.c.transcript().includes('USR 4 OK'));

  const twn = await MsnpTestClient.connect(app.ports.ns);
  twn.send('VER 1 MSNP7');
  await twn.nextLine();
  twn.send('USR 2 TWN I alice@lan');
  assert.equal(await twn.nextLine(), '911 2');
  await twn.waitClosed();

  const noSalt = await MsnpTestClient.connect(app.ports.ns);
  noSalt.send('VER 1 MSNP5');
  await noSalt.nextLine();
  noSalt.send(`USR 2 MD5 S ${'0'.repeat(32)}`);
  assert.equal(await noSalt.nextLine(), '911 2');
  await noSalt.waitClosed();

  const modern = await MsnpTestClient.connect(app.ports.ns);
  modern.send('VER 1 MSNP8 CVR0');
  await modern.nextLine();
  modern.send('INF 2');
  await modern.waitClosed();
  assert.ok(app.tap.recent(20).some((r) => r.direction === 'note' && r.line.includes('INF was removed in MSNP8')));

  await bystanderStillWorks();
});

test('IMS (MSN TV): OFF makes callers hear 217 and refuses XFR SB; ON restores both', async () => {
  const alice = await signInMd5({ nsPort: app.ports.ns, email: 'alice@lan', password: 'alice-pw', version: 7 });
  alice.send('IMS 20 OFF');
  assert.equal((await alice.take('IMS 20')).line, 'IMS 20 0 OFF');
  alice.send('XFR 21 SB');
  assert.equal((await alice.take('913 21')).line, '913 21');
  alice.send('IMS 22 MAYBE');
  assert.equal((await alice.take('201 22')).line, '201 22');
  // Bob calls her while chats are off: 217, as for someone who is not there.
  const bob = await signInMd5({ nsPort: app.ports.ns, email: 'bob@lan', password: 'bob-pw', version: 7 });
  const { sb: bobSb } = await openSwitchboard(bob, { handle: 'bob@lan', trid: 40 });
  bobSb.send('CAL 2 alice@lan');
  assert.equal(await bobSb.nextLine(), '217 2');
  alice.send('IMS 23 ON');
  assert.equal((await alice.take('IMS 23')).line, 'IMS 23 0 ON');
  alice.send('XFR 24 SB');
  assert.match((await alice.take('XFR 24')).line, /^XFR 24 SB 127\.0\.0\.1:\d+ CKI \S+$/);
  bobSb.send('CAL 3 alice@lan');
  assert.match(await bobSb.nextLine(), /^CAL 3 RINGING \d+$/);
  assert.match((await alice.take('RNG ')).line, /^RNG \d+ 127\.0\.0\.1:\d+ CKI \S+ bob@lan Bob%20B$/);
  bobSb.close();
  bob.close();
  alice.close();
});

test('the dispatch hop: XFR NS as MSNP2, MSNP3-6 and MSNP7 write it', async () => {
  const dispatch = await startTestServer({ dispatchRedirect: true });
  try {
    const expected: [string, (a: string) => string][] = [
      ['MSNP2', (a) => `XFR 3 NS ${a}`],
      ['MSNP5', (a) => `XFR 3 NS ${a} 0`],
      ['MSNP7', (a) => `XFR 3 NS ${a} 0 ${a}`],
    ];
    for (const [version, line] of expected) {
      const c = await MsnpTestClient.connect(dispatch.ports.ns);
      c.send(`VER 1 ${version}`);
      await c.nextLine();
      // One address per version: a client sent through once is answered directly for a minute.
      c.send(`USR 3 MD5 I ${version.toLowerCase()}@lan`);
      assert.equal(await c.nextLine(), line(`127.0.0.1:${dispatch.ports.ns}`));
      await c.waitClosed();
    }
  } finally {
    await dispatch.cleanup();
  }
});

test('MSNP7 groups: ADG, ADD FL into a group, REG, RMG, all with the list version; MSNP2 hears "ADD 0 RL" when added', async () => {
  const c = await signInMd5({ nsPort: app.ports.ns, email: 'alice@lan', password: 'alice-pw', version: 7 });
  const v = () => app.core.users.byEmail('alice@lan')!.listVersion;
  c.send('ADG 30 Family 0');
  const adg = await c.take('ADG 30');
  const number = app.core.groups.all(app.core.users.byEmail('alice@lan')!.id).find((g) => g.name === 'Family')!.number;
  assert.equal(adg.line, `ADG 30 ${v()} Family ${number} 0`);
  c.send(`ADD 31 FL carol@lan carol@lan ${number}`);
  assert.equal((await c.take('ADD 31')).line, `ADD 31 FL ${v()} carol@lan carol@lan ${number}`);
  c.send(`REG 32 ${number} Kin 0`);
  assert.equal((await c.take('REG 32')).line, `REG 32 ${v()} ${number} Kin 0`);
  c.send(`REM 33 FL carol@lan ${number}`);
  assert.equal((await c.take('REM 33')).line, `REM 33 FL ${v()} carol@lan ${number}`);
  c.send(`RMG 34 ${number}`);
  assert.equal((await c.take('RMG 34')).line, `RMG 34 ${v()} ${number}`);
  c.send('RMG 35 0');
  assert.equal((await c.take('230 35')).line, '230 35', 'Other Contacts cannot be removed');
  c.send('REM 36 FL carol@lan');
  await c.take('REM 36');
  c.close();

  // Carol (not an MD5 account) adds Alice from the panel side; Alice, on MSNP2, hears it live.
  const ancient = await signInMd5({ nsPort: app.ports.ns, email: 'alice@lan', password: 'alice-pw', version: 2 });
  const carol = app.core.users.byEmail('carol@lan')!;
  app.core.directory.addToLists(carol.id, app.core.users.byEmail('alice@lan')!.id, List.FL);
  assert.equal((await ancient.take('ADD 0 RL')).line, `ADD 0 RL ${v()} carol@lan Carol`);
  app.core.directory.removeFromLists(carol.id, app.core.users.byEmail('alice@lan')!.id, List.FL);
  assert.equal((await ancient.take('REM 0 RL')).line, `REM 0 RL ${v()} carol@lan`);
  ancient.close();
});

test('MD5 guessing is throttled like the Passport paths: after the free tries even the right answer waits (911, "Throttled" in the traffic view)', async () => {
  const dave = await app.core.directory.createAccount('dave@lan', 'dave-pw', 'Dave');
  app.core.md5.allow(dave.id, 'dave-pw');
  // A fresh throttle with no free wrong try (the default has five); the rest of this file is unaffected.
  configureSignInThrottle(app.core, { ...DEFAULT_THROTTLE, freeFailures: 0, baseDelayMs: 60_000 });
  try {
    const wrong = await upToSalt('MSNP7', 'dave@lan');
    wrong.c.send(`USR 4 MD5 S ${md5Answer(wrong.salt, 'guess')}`);
    assert.equal(await wrong.c.nextLine(), '911 4');
    const held = await upToSalt('MSNP7', 'dave@lan');
    held.c.send(`USR 4 MD5 S ${md5Answer(held.salt, 'dave-pw')}`);
    assert.equal(await held.c.nextLine(), '911 4');
    await held.c.waitClosed();
    const note = app.tap.recent(30).reverse().find((r) => r.direction === 'note' && r.line.includes('Throttled sign-in for dave@lan'));
    assert.ok(note, 'the held-back try is in the traffic view');
    assert.match(note.line, /answer not checked/);
  } finally {
    configureSignInThrottle(app.core, DEFAULT_THROTTLE);
  }
  await bystanderStillWorks();
});
