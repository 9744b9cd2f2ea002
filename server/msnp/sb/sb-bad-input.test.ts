// What clients act on (913, 911, 217, 215, 208, 713, 282, 800) and what the switchboard does with
// broken or hostile input: stale cookies, lengths that lie, 2 MB messages, CAL floods, a client that
// opens 1,000 switchboards. Throughout, a bystander conversation keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { passportLogin } from '../../test-support/passport-login';
import { answerRing, openSwitchboard, parseRng, parseXfr, textPayload } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
let bystanders: { a: MsnpTestClient; b: MsnpTestClient; nsA: MsnpTestClient; nsB: MsnpTestClient };

before(async () => {
  app = await startTestServer();
  const d = app.core.directory;
  const id: Record<string, number> = {};
  for (const name of ['alice', 'ann', 'amy', 'bob', 'carol', 'dave', 'eve', 'frank', 'greedy']) {
    id[name] = (await d.createAccount(`${name}@lan`, `${name}-pw`, name[0]!.toUpperCase() + name.slice(1))).id;
  }
  // The CAL rate limit is per caller, so each test calls from its own account.
  const pairs = [['alice', 'bob'], ['alice', 'dave'], ['ann', 'bob'], ['ann', 'carol'], ['ann', 'dave'], ['amy', 'bob'], ['eve', 'frank']] as const;
  for (const [x, y] of pairs) {
    d.addToLists(id[x]!, id[y]!, List.FL | List.AL);
    d.addToLists(id[y]!, id[x]!, List.FL | List.AL);
  }
  // Carol blocks Ann: to Ann she is offline, and so unreachable.
  d.removeFromLists(id.carol!, id.ann!, List.AL);
  d.addToLists(id.carol!, id.ann!, List.BL);
  // The bystanders: Eve and Frank in a conversation of their own.
  const nsA = await signIn('eve@lan');
  const nsB = await signIn('frank@lan');
  const { sb: a } = await openSwitchboard(nsA, { handle: 'eve@lan' });
  a.send('CAL 2 frank@lan');
  await a.until('CAL 2 RINGING');
  const { sb: b } = await answerRing(nsB, { handle: 'frank@lan' });
  await b.until('ANS 1 OK');
  await a.until('JOI frank@lan');
  bystanders = { a, b, nsA, nsB };
});
after(async () => {
  for (const c of Object.values(bystanders)) c.close();
  await app.cleanup();
});

function signIn(email: string, version: 'MSNP8' | 'MSNP15' | 'MSNP16' = 'MSNP15', status?: string) {
  return signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: email.split('@')[0] + '-pw', version, status });
}

let trid = 10;
/** The bystanders' conversation still carries messages both ways. */
async function bystandersStillTalk() {
  const t = ++trid;
  bystanders.a.sendPayload(`MSG ${t} A`, textPayload(`ping ${t}`));
  assert.equal(await bystanders.a.nextLine(), `ACK ${t}`);
  assert.equal((await bystanders.b.next()).payload, textPayload(`ping ${t}`));
}

/** `caller` (Alice unless said) opens a session and Bob joins it. */
async function aliceAndBob(caller = 'alice') {
  const alice = await signIn(`${caller}@lan`);
  const bob = await signIn('bob@lan', 'MSNP8');
  const { sb: aliceSb } = await openSwitchboard(alice, { handle: `${caller}@lan` });
  aliceSb.send('CAL 2 bob@lan');
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(await aliceSb.nextLine())![1]!;
  const { sb: bobSb } = await answerRing(bob, { handle: 'bob@lan' });
  await bobSb.until('ANS 1 OK');
  await aliceSb.until('JOI bob@lan');
  return { alice, bob, aliceSb, bobSb, sessionId };
}

test('XFR SB before the first CHG: 913; while hidden on MSNP15 it is allowed (MSNP13+); XFR to anything but SB: 201', async () => {
  // Signed in, but no CHG yet: offline to everyone, so no conversations.
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP15 CVR0');
  await c.until('VER 1');
  c.send('CVR 2 0x0409 mac 10.14.6 i386 macmsgs 8.0.1 macmsgs alice@lan');
  await c.until('CVR 2');
  c.send('USR 3 TWN I alice@lan');
  const challenge = (await c.until('USR 3 TWN S ')).line.slice('USR 3 TWN S '.length);
  const login = await passportLogin(app.ports.http, 'alice@lan', 'alice-pw', challenge);
  c.send(`USR 4 TWN S ${login.fromPP}`);
  await c.until('USR 4 OK');
  await c.quiet(50);
  c.send('XFR 5 SB');
  assert.equal(await c.nextLine(), '913 5');
  c.send('CHG 6 HDN 1085276192');
  assert.equal(await c.nextLine(), 'CHG 6 HDN 1085276192');
  c.send('XFR 7 SB');
  assert.match(await c.nextLine(), /^XFR 7 SB /, 'appearing offline does not stop a conversation from WLM 8 / Mac on');
  c.send('CHG 8 NLN 1085276192');
  await c.until('CHG 8');
  c.send('XFR 9 NS');
  assert.equal(await c.nextLine(), '201 9');
  c.send('XFR 10 SB');
  assert.match(await c.nextLine(), /^XFR 10 SB /);
  c.close();
  await bystandersStillTalk();
});

test('cookies: made up, someone else\'s, already used, wrong session, session over: 911 and closed', async () => {
  const { alice, bob, aliceSb, bobSb, sessionId } = await aliceAndBob();
  const refused = async (line: string, trid: string) => {
    const c = await MsnpTestClient.connect(app.ports.sb);
    c.send(line);
    assert.equal(await c.nextLine(), `911 ${trid}`, line);
    await c.waitClosed();
  };
  await refused('USR 1 alice@lan 123456.789', '1');
  await refused('ANS 2 bob@lan 123456.789 ' + sessionId, '2');
  // Bob's XFR cookie presented by Alice: refused, and burnt for Bob as well.
  bob.send('XFR 20 SB');
  const { cookie } = parseXfr((await bob.take('XFR 20 ')).line);
  await refused(`USR 3 alice@lan ${cookie}`, '3');
  await refused(`USR 4 bob@lan ${cookie}`, '4');
  // An RNG cookie is good once.
  aliceSb.send('CAL 3 dave@lan');
  assert.equal(await aliceSb.nextLine(), '217 3', 'Dave is offline');
  const dave = await signIn('dave@lan');
  aliceSb.send('CAL 4 dave@lan');
  await aliceSb.until('CAL 4 RINGING');
  const ring = parseRng((await dave.take('RNG ')).line);
  await refused(`ANS 5 dave@lan ${ring.cookie} 1`, '5'); // wrong session id: the cookie is spent too
  await refused(`ANS 6 dave@lan ${ring.cookie} ${ring.sessionId}`, '6'); // stale
  aliceSb.send('CAL 5 dave@lan');
  await aliceSb.until('CAL 5 RINGING');
  const again = parseRng((await dave.take('RNG ')).line);
  // Everyone leaves before Dave answers: the session is over.
  aliceSb.send('OUT');
  bobSb.send('OUT');
  await bobSb.waitClosed();
  await refused(`ANS 7 dave@lan ${again.cookie} ${again.sessionId}`, '7');
  // Before USR/ANS nothing else is accepted.
  const early = await MsnpTestClient.connect(app.ports.sb);
  early.send('CAL 1 bob@lan');
  await early.waitClosed();
  for (const c of [alice, bob, dave]) c.close();
  await bystandersStillTalk();
});

test('CAL: offline, blocking, unknown (217), already there or yourself before MSNP16 (215), not an address (208), a flood (713)', async () => {
  const { alice, bob, aliceSb, bobSb } = await aliceAndBob('ann');
  const expect = async (line: string, reply: string) => {
    aliceSb.send(line);
    assert.equal(await aliceSb.nextLine(), reply, line);
  };
  await expect('CAL 3 dave@lan', '217 3');
  await expect('CAL 4 carol@lan', '217 4'); // Carol is not even signed in…
  const carol = await signIn('carol@lan');
  await expect('CAL 5 carol@lan', '217 5'); // …and signed in she still blocks Ann
  await expect('CAL 6 nobody@lan', '217 6');
  await expect('CAL 7 bob@lan', '215 7');
  await expect('CAL 8 ann@lan', '215 8');
  await expect('CAL 9 hello', '208 9');
  aliceSb.send('FOO 10 bar');
  assert.equal(await aliceSb.nextLine(), '200 10', 'not a switchboard command');
  // Ten CALs in five seconds are plenty: the 11th (counting the eight above) is refused with 713.
  await expect('CAL 11 dave@lan', '217 11');
  await expect('CAL 12 dave@lan', '217 12');
  await expect('CAL 13 dave@lan', '713 13');
  await expect('CAL 14 bob@lan', '713 14');
  await expect('CAL 15 dave@lan', '713 15');
  // Messages still flow in the same session.
  aliceSb.sendPayload('MSG 16 A', textPayload('still talking'));
  assert.equal(await aliceSb.nextLine(), 'ACK 16');
  assert.equal((await bobSb.next()).payload, textPayload('still talking'));
  for (const c of [alice, bob, carol, aliceSb, bobSb]) c.close();
  await bystandersStillTalk();
});

test('a MSG whose length lies, a 2 MB MSG, P2P without ack D: closed or 282; the others carry on', async () => {
  // Shorter than announced: the rest would be read as commands; the connection is closed, Bob gets BYE.
  let s = await aliceAndBob('amy');
  const text = textPayload('this message is longer than its length says');
  s.aliceSb.writeRaw(`MSG 3 A 20\r\n${text}`);
  await s.aliceSb.waitClosed();
  assert.equal(await s.bobSb.nextLine(), 'BYE amy@lan');
  assert.deepEqual(await s.bobSb.quiet(50), [], 'nothing of it reached Bob');
  for (const c of [s.alice, s.bob, s.bobSb]) c.close();

  // Longer than sent: nothing is relayed while the bytes are missing.
  s = await aliceAndBob('amy');
  s.aliceSb.writeRaw(`MSG 3 A 500\r\n${text}`);
  assert.deepEqual(await s.bobSb.quiet(100), []);
  s.aliceSb.close();
  assert.equal(await s.bobSb.nextLine(), 'BYE amy@lan');
  for (const c of [s.alice, s.bob, s.bobSb]) c.close();

  // 2 MB: over the 1664-byte limit, closed on the header line.
  s = await aliceAndBob('amy');
  s.aliceSb.writeRaw(Buffer.concat([Buffer.from('MSG 3 A 2097152\r\n'), Buffer.alloc(2 * 1024 * 1024, 0x41)]));
  await s.aliceSb.waitClosed();
  assert.equal(await s.bobSb.nextLine(), 'BYE amy@lan');
  for (const c of [s.alice, s.bob, s.bobSb]) c.close();

  // P2P (MSNSLP) must be sent with D: 282 otherwise; with D it is relayed byte for byte and ACKed.
  s = await aliceAndBob('amy');
  const raw: Buffer[] = [];
  s.bobSb.socket.on('data', (b: Buffer) => raw.push(b));
  const binary = Buffer.from([0, 0, 0, 0, 0x47, 0x74, 0xc4, 0x0a, 0xff, 0xfe, 0x80, 0x00, 0xb2, 0x04, 0x9f, 0x00]);
  const p2p = Buffer.concat([
    Buffer.from('MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: bob@lan\r\n\r\n'),
    binary,
    Buffer.from([0, 0, 0, 1]),
  ]);
  s.aliceSb.writeRaw(Buffer.concat([Buffer.from(`MSG 3 N ${p2p.length}\r\n`), p2p]));
  assert.equal(await s.aliceSb.nextLine(), '282 3');
  s.aliceSb.writeRaw(Buffer.concat([Buffer.from(`MSG 4 D ${p2p.length}\r\n`), p2p]));
  assert.equal(await s.aliceSb.nextLine(), 'ACK 4');
  await s.bobSb.until('MSG amy@lan');
  const expected = Buffer.concat([Buffer.from(`MSG amy@lan Amy ${p2p.length}\r\n`), p2p]);
  assert.ok(Buffer.concat(raw).includes(expected), 'the P2P bytes arrive unchanged');
  // An unknown ack mode is not MSNP: closed.
  s.aliceSb.sendPayload('MSG 5 X', textPayload('?'));
  await s.aliceSb.waitClosed();
  for (const c of [s.alice, s.bob, s.bobSb]) c.close();
  await bystandersStillTalk();
});

test('a client that asks for 1,000 switchboards gets 50 at a time; closing them frees everything', async () => {
  const base = app.sb.switchboards.stats();
  const greedy = await signIn('greedy@lan');
  const open: MsnpTestClient[] = [];
  let refused = 0;
  for (let i = 0; i < 1000; i++) {
    // Stay under the notification server's command rate (100 a second after a burst).
    if (i >= 400) await new Promise((r) => setTimeout(r, 11));
    greedy.send(`XFR ${100 + i} SB`);
    const reply = await greedy.nextLine();
    if (reply === `800 ${100 + i}`) {
      refused++;
      continue;
    }
    const sb = await MsnpTestClient.connect(parseXfr(reply).port);
    sb.send(`USR 1 greedy@lan ${parseXfr(reply).cookie}`);
    assert.match(await sb.nextLine(), /^USR 1 OK greedy@lan Greedy$/);
    open.push(sb);
  }
  assert.equal(open.length, 50);
  assert.equal(refused, 950);
  assert.deepEqual(app.sb.switchboards.stats(), { sessions: base.sessions + 50, members: base.members + 50, cookies: base.cookies });
  await bystandersStillTalk();

  for (const sb of open) sb.close();
  for (let i = 0; i < 100 && app.sb.switchboards.stats().sessions > base.sessions; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(app.sb.switchboards.stats(), base, 'every session and membership is gone');

  // Unused cookies count too: 50 XFRs never followed by USR, then 800.
  for (let i = 0; i < 50; i++) {
    greedy.send(`XFR ${2000 + i} SB`);
    assert.match(await greedy.nextLine(), /^XFR \d+ SB /);
  }
  greedy.send('XFR 2050 SB');
  assert.equal(await greedy.nextLine(), '800 2050');
  greedy.close();
  await bystandersStillTalk();
});
