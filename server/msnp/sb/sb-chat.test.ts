// MSN Messenger 5.0 (MSNP8) and a Messenger of the MSNP16 generation talking, each starting the
// conversation once: XFR, USR, CAL, RNG, ANS, IRO, JOI, typing, UTF-8 text with its font, nudge, BYE,
// every line in the syntax of the client that receives it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { answerRing, openSwitchboard, textPayload, typingPayload, NUDGE_PAYLOAD } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const GUID = 'F52973B6-C926-4BAD-9BA8-7C1E840E4AB0';

before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice Ü');
  const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
  app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const signIn = (email: string, version: 'MSNP8' | 'MSNP16') =>
  signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: email.split('@')[0] + '-pw', version });

async function settled(): Promise<void> {
  for (let i = 0; i < 50 && app.sb.switchboards.stats().sessions > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(app.sb.switchboards.stats(), { sessions: 0, members: 0, cookies: 0 });
}

test('MSNP8 calls MSNP16: RNG with U messenger.hotmail.com 1, IRO with caps:ext, JOI without caps, UTF-8 text, BYE', async () => {
  const bob = await signIn('bob@lan', 'MSNP8');
  const alice = await signIn('alice@lan', 'MSNP16');
  const sbPort = app.ports.sb;

  // Bob (MSN 5) asks for a switchboard: MSNP8's XFR has nothing after the cookie.
  const { sb: bobSb, xfr, usrOk } = await openSwitchboard(bob, { handle: 'bob@lan', trid: 10 });
  assert.match(xfr, new RegExp(`^XFR 10 SB 127\\.0\\.0\\.1:${sbPort} CKI \\d+\\.\\d+\\.\\d+$`));
  assert.equal(usrOk, 'USR 1 OK bob@lan Bob');

  bobSb.send('CAL 2 alice@lan');
  const ringing = await bobSb.nextLine();
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(ringing)?.[1];
  assert.ok(sessionId, ringing);

  // Alice (MSNP16) is rung in her dialect and answers with her machine GUID.
  const { sb: aliceSb, rng } = await answerRing(alice, { handle: `alice@lan;{${GUID}}` });
  assert.match(rng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${sbPort} CKI \\d+\\.\\d+\\.\\d+ bob@lan Bob U messenger\\.hotmail\\.com 1$`));
  assert.equal(await aliceSb.nextLine(), 'IRO 1 1 1 bob@lan Bob 1085276192:0');
  assert.equal(await aliceSb.nextLine(), 'ANS 1 OK');
  // Bob's MSNP8 JOI: plain address (no GUID), no capabilities.
  assert.equal(await bobSb.nextLine(), 'JOI alice@lan Alice%20%C3%9C');

  // Typing, then a UTF-8 line with its font: relayed byte for byte, lengths in bytes.
  bobSb.sendPayload('MSG 3 U', typingPayload('bob@lan'));
  assert.deepEqual(await aliceSb.next(), { line: 'MSG bob@lan Bob 80', payload: typingPayload('bob@lan') });
  const hello = textPayload('Hej då — привет ✓', 'FN=MS%20Sans%20Serif; EF=B; CO=ff0000; CS=0; PF=0');
  assert.equal(Buffer.byteLength(hello), 158);
  bobSb.sendPayload('MSG 4 A', hello);
  assert.equal(await bobSb.nextLine(), 'ACK 4');
  assert.deepEqual(await aliceSb.next(), { line: 'MSG bob@lan Bob 158', payload: hello });

  // Alice answers with N (no ACK on success) and nudges.
  aliceSb.sendPayload('MSG 2 U', typingPayload('alice@lan'));
  const reply = textPayload('Hi Bob 👋', 'FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0');
  aliceSb.sendPayload('MSG 3 N', reply);
  aliceSb.sendPayload('MSG 4 N', NUDGE_PAYLOAD);
  const name = 'Alice%20%C3%9C';
  assert.deepEqual(await bobSb.next(), { line: `MSG alice@lan ${name} 82`, payload: typingPayload('alice@lan') });
  assert.deepEqual(await bobSb.next(), { line: `MSG alice@lan ${name} ${Buffer.byteLength(reply)}`, payload: reply });
  assert.deepEqual(await bobSb.next(), { line: `MSG alice@lan ${name} 69`, payload: NUDGE_PAYLOAD });
  assert.deepEqual(await aliceSb.quiet(100), [], 'no ACK for N and U');

  // Alice closes the window: Bob (MSNP8) hears BYE with her plain address.
  aliceSb.send('OUT');
  await aliceSb.waitClosed();
  assert.equal(await bobSb.nextLine(), 'BYE alice@lan');
  bobSb.send('OUT');
  await bobSb.waitClosed();
  await settled();
  const sbLines = app.tap.recent(200).filter((r) => r.service === 'SB' && r.direction !== 'note').map((r) => r.line);
  assert.ok(sbLines.includes('CAL 2 alice@lan') && sbLines.includes('JOI alice@lan Alice%20%C3%9C'), 'SB lines are in the tap');
  bob.close();
  alice.close();
});

test('MSNP16 calls MSNP8: XFR with U messenger.msn.com 1, self-CAL, RNG in MSNP8 form, IRO without caps, JOI with caps:ext', async () => {
  const alice = await signIn('alice@lan', 'MSNP16');
  const bob = await signIn('bob@lan', 'MSNP8');
  const sbPort = app.ports.sb;

  const { sb: aliceSb, xfr, usrOk } = await openSwitchboard(alice, { handle: `alice@lan;{${GUID}}`, trid: 10 });
  assert.match(xfr, new RegExp(`^XFR 10 SB 127\\.0\\.0\\.1:${sbPort} CKI \\d+\\.\\d+\\.\\d+ U messenger\\.msn\\.com 1$`));
  assert.equal(usrOk, `USR 1 OK alice@lan;{${GUID}} Alice%20%C3%9C`);

  // WLM 2009 first calls itself to bring in its other endpoints: RINGING and a JOI of itself.
  aliceSb.send('CAL 2 alice@lan');
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(await aliceSb.nextLine())?.[1];
  assert.ok(sessionId);
  assert.equal(await aliceSb.nextLine(), 'JOI alice@lan Alice%20%C3%9C 1085276192:131088');

  aliceSb.send('CAL 3 bob@lan');
  assert.equal(await aliceSb.nextLine(), `CAL 3 RINGING ${sessionId}`);
  const { sb: bobSb, rng } = await answerRing(bob, { handle: 'bob@lan' });
  assert.match(rng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${sbPort} CKI \\d+\\.\\d+\\.\\d+ alice@lan Alice%20%C3%9C$`));
  // MSNP8 IRO: Alice once, plain, no capabilities.
  assert.equal(await bobSb.nextLine(), 'IRO 1 1 1 alice@lan Alice%20%C3%9C');
  assert.equal(await bobSb.nextLine(), 'ANS 1 OK');
  // Bob signed in with no GUID: one JOI, caps:ext.
  assert.equal(await aliceSb.nextLine(), 'JOI bob@lan Bob 1085276192:0');

  aliceSb.sendPayload('MSG 4 U', typingPayload('alice@lan'));
  const text = textPayload('Ça va? 😀');
  aliceSb.sendPayload('MSG 5 A', text);
  assert.equal(await aliceSb.nextLine(), 'ACK 5');
  assert.deepEqual(await bobSb.next(), { line: 'MSG alice@lan Alice%20%C3%9C 82', payload: typingPayload('alice@lan') });
  assert.deepEqual(await bobSb.next(), { line: `MSG alice@lan Alice%20%C3%9C ${Buffer.byteLength(text)}`, payload: text });

  bobSb.sendPayload('MSG 2 U', typingPayload('bob@lan'));
  bobSb.sendPayload('MSG 3 A', textPayload('Oui!'));
  assert.equal(await bobSb.nextLine(), 'ACK 3');
  assert.deepEqual(await aliceSb.next(), { line: 'MSG bob@lan Bob 80', payload: typingPayload('bob@lan') });
  assert.deepEqual(await aliceSb.next(), { line: 'MSG bob@lan Bob 116', payload: textPayload('Oui!') });

  // Bob leaves; Alice is alone: a message now reaches no one (NAK for A).
  bobSb.send('OUT');
  assert.equal(await aliceSb.nextLine(), 'BYE bob@lan');
  aliceSb.sendPayload('MSG 6 A', textPayload('anyone?'));
  assert.equal(await aliceSb.nextLine(), 'NAK 6');
  aliceSb.close();
  await settled();
  alice.close();
  bob.close();
});
