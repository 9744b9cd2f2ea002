// What real third-party clients sent that our own tests never did (issue 12), replayed line by line
// over a socket with the exact answers asserted. The clients: msn-pecan (libpurple, MSNP12) and
// MSNPSharp 2.5.8 (MSNP15); docs/real-clients.md lists them and what works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { MsnpTestClient } from '../../test-support/msnp-client';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  await app.core.directory.createAccount('me@local', 'pw-me', 'Me');
  await app.core.directory.createAccount('dave@local', 'pw-dave', 'Dave');
});
after(async () => {
  await app.cleanup();
});

const signIn = (email: string, version: Parameters<typeof signInClient>[0]['version']) =>
  signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: email === 'me@local' ? 'pw-me' : 'pw-dave', version });

test('msn-pecan (MSNP12) restates its privacy at sign-in: "BLP 8 AL" while already AL is confirmed, and it stays signed in', async () => {
  const c = await signIn('me@local', 'MSNP12');
  assert.equal(app.core.users.byEmail('me@local')!.blp, 'AL');
  // msn-pecan 43d8e2b, right after its CHG (libpurple's serv_set_permit_deny on "signed-on"), in one write:
  c.writeRaw('UUX 7 53\r\n<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>BLP 8 AL\r\n');
  assert.equal(await c.nextLine(), 'UUX 7 0');
  assert.equal(await c.nextLine(), 'BLP 8 AL', 'was 218 8, which msn-pecan treats as fatal ("Already in the mode")');
  c.send('GTC 9 A');
  assert.equal(await c.nextLine(), 'GTC 9 A');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG 60');
  assert.equal(c.closed, false);
  c.close();
});

test('MSN 5 (MSNP8) too: an unchanged BLP carries the list version, which does not move', async () => {
  const c = await signIn('dave@local', 'MSNP8');
  const v = app.core.users.byEmail('dave@local')!.listVersion;
  c.send('BLP 7 AL');
  assert.equal(await c.nextLine(), `BLP 7 ${v} AL`);
  assert.equal(app.core.users.byEmail('dave@local')!.listVersion, v);
  c.close();
});

test('MSNPSharp 2.5.8 (MSNP15) sends "PRP 8 MFN " with no name: no 209, the reply carries the name kept', async () => {
  const c = await signIn('me@local', 'MSNP15');
  c.send('PRP 10 MFN '); // exactly this, trailing space included (NSMessageHandler.SetScreenName with an empty name)
  assert.equal(await c.nextLine(), 'PRP 10 MFN Me');
  assert.equal(app.core.users.byEmail('me@local')!.friendlyName, 'Me');
  c.send('PRP 9 MFN Me%20Again');
  assert.equal(await c.nextLine(), 'PRP 9 MFN Me%20Again');
  await app.core.directory.setFriendlyName(app.core.users.byEmail('me@local')!.id, 'Me');
  c.close();
});

test('MSNPSharp 2.5.8 asks FQY before adding dave@local: answered as a Messenger-only address; unknown is 208', async () => {
  const c = await signIn('me@local', 'MSNP15');
  c.send('FQY 13 40', '<ml><d n="local"><c n="dave" /></d></ml>'); // ContactService.AddNonPendingContact
  const r = await c.next();
  assert.equal(r.line, 'FQY 13 40');
  assert.equal(r.payload, '<ml><d n="local"><c n="dave" /></d></ml>');
  c.sendPayload('FQY 11', '<ml l="2"><d n="local"><c n="nobody" /></d></ml>');
  assert.equal(await c.nextLine(), '208 11');
  c.sendPayload('FQY 12', '<ml></ml>');
  assert.equal(await c.nextLine(), '240 12');
  c.sendPayload('FQY 13', '<ml><d n="local"><c n="dave"');
  assert.equal(await c.nextLine(), '241 13');
  assert.equal(c.closed, false);
  c.close();
});

test('FQY is MSNP14+: on MSNP13 it is not a command (200), never 502', async () => {
  const c = await signIn('dave@local', 'MSNP13');
  c.sendPayload('FQY 10', '<ml><d n="local"><c n="me" /></d></ml>');
  assert.equal(await c.nextLine(), '200 10');
  c.close();
});

test('SND and SDC (e-mail invitations) are confirmed; a bad address is 201', async () => {
  const c = await signIn('me@local', 'MSNP12');
  c.send('SND 20 friend@example.com 0x0409');
  assert.equal(await c.nextLine(), 'SND 20 OK');
  c.send('SND 21 not-an-address');
  assert.equal(await c.nextLine(), '201 21');
  c.sendPayload('SDC 22 friend@example.com 0x0409 MSMSGS WindowsMessenger X X Me', 'Join me on Messenger!');
  assert.equal(await c.nextLine(), 'SDC 22 OK');
  const notes = app.tap.recent().filter((r) => r.direction === 'note' && r.line.startsWith('SDC: friend@example.com'));
  assert.equal(notes.length, 1, 'the traffic view says no e-mail was sent');
  c.close();
});

test('IMS OFF (MSN TV): "IMS 14 0 OFF", then no conversation starts from it or reaches it; IMS ON restores both', async () => {
  const tv = await signIn('dave@local', 'MSNP8');
  const me = await signIn('me@local', 'MSNP12');
  await app.core.directory.addToLists(app.core.users.byEmail('dave@local')!.id, app.core.users.byEmail('me@local')!.id, 3);
  await app.core.directory.addToLists(app.core.users.byEmail('me@local')!.id, app.core.users.byEmail('dave@local')!.id, 3);
  tv.send('IMS 14 OFF');
  assert.equal((await tv.take('IMS 14')).line, 'IMS 14 0 OFF');
  tv.send('XFR 15 SB');
  assert.equal((await tv.take('913 15')).line, '913 15');
  // me calls dave: he takes no invitations now, so to me he looks unavailable (217).
  me.send('XFR 30 SB');
  const [, , , addr, , cookie] = (await me.take('XFR 30 SB')).line.split(' ');
  const sb = await MsnpTestClient.connect(Number(addr!.split(':')[1]));
  sb.send(`USR 1 me@local ${cookie}`);
  assert.match(await sb.nextLine(), /^USR 1 OK me@local /);
  sb.send('CAL 2 dave@local');
  assert.equal(await sb.nextLine(), '217 2');
  tv.send('IMS 16 MAYBE');
  assert.equal((await tv.take('201 16')).line, '201 16');
  tv.send('IMS 17 ON');
  assert.equal((await tv.take('IMS 17')).line, 'IMS 17 0 ON');
  sb.send('CAL 3 dave@local');
  assert.match(await sb.nextLine(), /^CAL 3 RINGING \d+$/);
  assert.match((await tv.take('RNG ')).line, /^RNG \d+ 127\.0\.0\.1:\d+ CKI \S+ me@local Me$/);
  tv.send('XFR 18 SB');
  assert.match((await tv.take('XFR 18')).line, /^XFR 18 SB 127\.0\.0\.1:\d+ CKI \S+$/);
  sb.close();
  tv.close();
  me.close();
});

test('Windows MSNP16 profile says "MPOPEnabled: 0": this server keeps one place per account on MSNP8-16', async () => {
  const c = await signIn('me@local', 'MSNP16');
  const profile = c.all.find((r) => r.line.startsWith('MSG Hotmail Hotmail'))!.payload!;
  assert.match(profile, /\r\nMPOPEnabled: 0\r\n/);
  c.close();
  const old = await signIn('dave@local', 'MSNP15');
  assert.doesNotMatch(old.all.find((r) => r.line.startsWith('MSG Hotmail Hotmail'))!.payload!, /MPOPEnabled/);
  old.close();
});
