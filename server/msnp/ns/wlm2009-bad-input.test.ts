// WLM 2009 sign-in with bad input: an SSO answer made for another account or another nonce, a
// malformed machine GUID, a forged circle ticket, a UUX over the limit, and one account signed in at
// more places than allowed. Each gets a protocol error (and a close where sign-in cannot go on);
// nobody else notices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { rst2Tokens, signInWlm2009, WLM2009_CVR } from '../../test-support/wlm2009-client';
import { MAX_ENDPOINTS_PER_ACCOUNT } from '../../core/endpoints';
import { MAX_UUX_BYTES } from './uux-payload';
import { ssoBlob } from '../sso';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  // Every place here signs in from 127.0.0.1: the per-address NS cap (16 by default, for a LAN where
  // each machine has its own address) is raised so 50 places from one address can be tried.
  app = await startTestServer({ limits: { perAddress: { NS: 64, SB: 200, HTTP: 32, HTTPS: 32 } } });
  const me = await app.core.directory.createAccount('me@lan', 'pw-me', 'Me');
  const bob = await app.core.directory.createAccount('bob@lan', 'pw-bob', 'Bob');
  app.core.directory.addToLists(me.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, me.id, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const ports = () => ({ nsPort: app.ports.ns, httpPort: app.ports.http });
const guid = (n: number) => `{${n.toString(16).padStart(8, '0')}-AAAA-4BBB-8CCC-${n.toString(16).padStart(12, '0')}}`;

async function challenged(email: string): Promise<{ c: MsnpTestClient; nonce: string }> {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP18 MSNP17 CVR0');
  await c.until('VER 1');
  c.send(`CVR 2 ${WLM2009_CVR} ${email}`);
  await c.until('CVR 2');
  c.send(`USR 3 SSO I ${email}`);
  const line = (await c.until('USR 3 SSO S')).line;
  return { c, nonce: line.split(' ')[5]! };
}

test('an SSO answer made for another account or another nonce is 911 and the connection closes', async () => {
  // Bob's ticket and proof key, presented by someone signing in as me@lan.
  const other = await challenged('me@lan');
  const bobs = await rst2Tokens(app.ports.http, 'bob@lan', 'pw-bob');
  other.c.send(`USR 4 SSO S ${bobs.ticket} ${ssoBlob(bobs.key, other.nonce)} ${guid(1)}`);
  assert.equal(await other.c.nextLine(), '911 4');
  await other.c.waitClosed();

  // My ticket, but the answer to an earlier challenge.
  const first = await challenged('me@lan');
  first.c.close();
  const second = await challenged('me@lan');
  const mine = await rst2Tokens(app.ports.http, 'me@lan', 'pw-me');
  second.c.send(`USR 4 SSO S ${mine.ticket} ${ssoBlob(mine.key, first.nonce)} ${guid(1)}`);
  assert.equal(await second.c.nextLine(), '911 4');
  await second.c.waitClosed();
});

test('a malformed machine GUID is 911 and the connection closes; the tap says why', async () => {
  for (const bad of ['{not-a-guid}', '{765E4FFC-ECC6-4136-B4A0}', '765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8X']) {
    const { c, nonce } = await challenged('me@lan');
    const t = await rst2Tokens(app.ports.http, 'me@lan', 'pw-me');
    c.send(`USR 4 SSO S ${t.ticket} ${ssoBlob(t.key, nonce)} ${bad}`);
    assert.equal(await c.nextLine(), '911 4', bad);
    await c.waitClosed();
  }
  const notes = app.tap.recent(400).filter((r) => r.direction === 'note').map((r) => r.line);
  assert.ok(notes.some((n) => n.includes('is not a machine GUID')), 'the reason is in the traffic view');
});

test('a forged or foreign circle ticket (USR SHA A) is 911; the session carries on', async () => {
  const c = await signInWlm2009({ ...ports(), email: 'me@lan', password: 'pw-me', guid: guid(2) });
  const forged = '<?xml version="1.0" encoding="utf-16"?><SignedTicket ver="1" keyVer="1"><Data>AA==</Data><Sig>abc.def</Sig></SignedTicket>';
  c.send(`USR 20 SHA A ${Buffer.from(forged).toString('base64')}`);
  assert.equal((await c.until('911')).line, '911 20');
  const foreign = app.core.tickets.issue(app.core.users.byEmail('bob@lan')!.id, 'circle');
  c.send(`USR 21 SHA A ${Buffer.from(forged.replace('abc.def', foreign)).toString('base64')}`);
  assert.equal((await c.until('911')).line, '911 21');
  c.send('USR 22 SHA A %%%');
  assert.equal((await c.until('911')).line, '911 22');
  c.send('PNG');
  assert.equal((await c.until('QNG')).line, 'QNG 60');
  c.close();
});

test('a UUX over the limit is 201 and changes nothing; the connection stays usable', async () => {
  const c = await signInWlm2009({ ...ports(), email: 'me@lan', password: 'pw-me', guid: guid(3) });
  const psm = 'x'.repeat(MAX_UUX_BYTES);
  c.sendPayload('UUX 30', `<Data><PSM>${psm}</PSM><CurrentMedia></CurrentMedia></Data>`);
  assert.equal((await c.until('201')).line, '201 30');
  c.sendPayload('UUX 31', `<PrivateEndpointData><EpName>${'n'.repeat(200)}</EpName></PrivateEndpointData>`);
  assert.equal((await c.until('201')).line, '201 31');
  c.sendPayload('UUX 32', '<EndpointData><Capabilities>lots</Capabilities></EndpointData>');
  assert.equal((await c.until('201')).line, '201 32');
  assert.equal(app.core.users.byEmail('me@lan')!.psm, '');
  c.send('PNG');
  assert.equal((await c.until('QNG')).line, 'QNG 60');
  // Broken XML is the one UUX the service hung up on.
  c.sendPayload('UUX 33', '<Data><PSM>unclosed</Data>');
  await c.waitClosed();
});

test(`${MAX_ENDPOINTS_PER_ACCOUNT} places per account: the next sign-in is 800 and closed, the others and their contacts unaffected`, async () => {
  const bob = await signInWlm2009({ ...ports(), email: 'bob@lan', password: 'pw-bob', guid: guid(900) });
  const places: MsnpTestClient[] = [];
  places.push(await signInWlm2009({ ...ports(), email: 'me@lan', password: 'pw-me', guid: guid(100) }));
  for (let i = 1; i < MAX_ENDPOINTS_PER_ACCOUNT; i++) {
    places.push(await signInWlm2009({ ...ports(), email: 'me@lan', password: 'pw-me', guid: guid(100 + i), live: false }));
  }
  const me = app.core.users.byEmail('me@lan')!;
  assert.equal(app.core.presence.endpointsOf(me.id).length, MAX_ENDPOINTS_PER_ACCOUNT);

  const { c, nonce } = await challenged('me@lan');
  const t = await rst2Tokens(app.ports.http, 'me@lan', 'pw-me');
  c.send(`USR 4 SSO S ${t.ticket} ${ssoBlob(t.key, nonce)} ${guid(999)}`);
  assert.equal(await c.nextLine(), '800 4');
  await c.waitClosed();
  const note = app.tap.recent(50).find((r) => r.direction === 'note' && r.line.includes('signed in at 50 places'));
  assert.ok(note, 'the traffic view says what to do');

  assert.equal(app.core.presence.endpointsOf(me.id).length, MAX_ENDPOINTS_PER_ACCOUNT);
  places[0]!.send('PNG');
  assert.equal((await places[0]!.until('QNG')).line, 'QNG 60');
  assert.deepEqual((await bob.quiet(200)).filter((r) => r.line.startsWith('FLN')), [], 'Bob still sees me online');
  // A restart at one of the 50 machines (same GUID) is not a 51st place.
  const again = await signInWlm2009({ ...ports(), email: 'me@lan', password: 'pw-me', guid: guid(101), live: false });
  assert.equal((await places[1]!.until('OUT')).line, 'OUT OTH');
  for (const p of [...places, again, bob]) p.close();
});
