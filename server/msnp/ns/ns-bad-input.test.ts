// Wrong passwords, forged tickets and broken input: each gets the protocol's error or a closed
// connection, and every other client keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { passportLogin } from '../../test-support/passport-login';
import { signInMac } from '../../test-support/mac-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
let bystander: MsnpTestClient;
before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
  const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
  const watcher = await app.core.directory.createAccount('watcher@lan', 'watcher-pw', 'Watcher');
  app.core.directory.addToLists(watcher.id, alice.id, List.FL | List.AL);
  app.core.directory.addToLists(alice.id, watcher.id, List.AL);
  void bob;
  bystander = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'watcher@lan', password: 'watcher-pw' });
});
after(async () => {
  bystander.close();
  await app.cleanup();
});

/** The signed-in bystander still gets answers: the server and its other clients are fine. */
async function bystanderStillWorks() {
  bystander.send('PNG');
  assert.equal((await bystander.until('QNG')).line, 'QNG 60');
}

async function upToChallenge(email: string) {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP15 CVR0');
  await c.until('VER 1');
  c.send(`CVR 2 0x0409 mac 10.9.6 i386 macmsgs 7.0.2 macmsgs ${email}`);
  await c.until('CVR 2');
  c.send(`USR 3 TWN I ${email}`);
  await c.until('USR 3 TWN S');
  return c;
}

test('wrong password: 401 from login2.srf with the Passport failure header, and no ticket', async () => {
  const r = await passportLogin(app.ports.http, 'alice@lan', 'not-her-password');
  assert.equal(r.status, 401);
  assert.equal(r.headers['www-authenticate'], 'Passport1.4 da-status=failed,srealm=Passport.NET,ts=-1,prompt');
  assert.equal(r.fromPP, undefined);
  const unknown = await passportLogin(app.ports.http, 'nobody@lan', 'x');
  assert.equal(unknown.status, 401);
});

test('USR TWN S with a made-up, forged, expired or another account\'s ticket gets 911 and is closed', async () => {
  const bobLogin = await passportLogin(app.ports.http, 'bob@lan', 'bob-pw');
  const aliceLogin = await passportLogin(app.ports.http, 'alice@lan', 'alice-pw');
  const aliceTicket = aliceLogin.fromPP!.slice(2, aliceLogin.fromPP!.indexOf('&'));
  const [payload, sig] = aliceTicket.split('.');
  const forgedPayload = Buffer.from(
    Buffer.from(payload!, 'base64url').toString().replace(/^v2\|[^|]+\|/, `v2|${app.core.users.byEmail('bob@lan')!.guid}|`),
  ).toString('base64url');
  const expired = app.core.tickets.issue(app.core.users.byEmail('alice@lan')!.id, 'messenger', -1000);
  const cases: [string, string][] = [
    ['made up', 't=hello&p=world'],
    ['forged (payload changed, signature kept)', `t=${forgedPayload}.${sig}&p=`],
    ['expired', `t=${expired}&p=`],
    ["bob's ticket", bobLogin.fromPP!],
  ];
  for (const [label, ticket] of cases) {
    const c = await upToChallenge('alice@lan');
    c.send(`USR 4 TWN S ${ticket}`);
    assert.equal(await c.nextLine(), '911 4', label);
    await c.waitClosed();
    const refusal = app.tap.recent(50).reverse().find((r) => r.direction === 'note' && r.line.startsWith('error 911'));
    assert.ok(refusal, `the refusal (${label}) is in the traffic view`);
  }
  await bystanderStillWorks();
});

test('garbage and commands before sign-in close only that connection', async () => {
  const junk = await MsnpTestClient.connect(app.ports.ns);
  junk.writeRaw('\x16\x03\x01\x02\x00 this is not MSNP\r\n');
  await junk.waitClosed();
  const early = await MsnpTestClient.connect(app.ports.ns);
  early.send('VER 1 MSNP16 CVR0');
  await early.until('VER 1');
  early.send('CHG 2 NLN 0');
  await early.waitClosed();
  const noVersion = await MsnpTestClient.connect(app.ports.ns);
  noVersion.send('VER 1 MSNP1 MSNP99');
  assert.equal(await noVersion.nextLine(), 'VER 1 0');
  await noVersion.waitClosed();
  await bystanderStillWorks();
});

test('unknown and unimplemented commands after sign-in get an error and the session carries on', async () => {
  const c = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw' });
  c.send('ZZZ 20 what');
  assert.equal(await c.nextLine(), '200 20');
  c.send('SYN 21 0 0');
  assert.equal(await c.nextLine(), '200 21', 'SYN is not an MSNP16 command');
  c.send('CHG 22 FLN 0');
  assert.equal(await c.nextLine(), '201 22', 'a client cannot CHG to FLN');
  c.send('PRP 23 XYZ 1');
  assert.equal(await c.nextLine(), '715 23');
  c.send('BLP 24 XX');
  assert.equal(await c.nextLine(), '201 24');
  c.send('PRP 25 MFN ' + '%E2%98%83'.repeat(200));
  assert.equal(await c.nextLine(), '209 25', 'a friendly name over the limit');
  c.sendPayload('ADL 26', '<ml><d n="lan"><c n="nobody" l="1" t="1" /></d></ml>');
  assert.equal(await c.nextLine(), '208 26', 'unknown contact');
  c.sendPayload('ADL 27', '<ml><d n="lan"><c n="alice" l="1" t="32" /></d></ml>');
  assert.equal(await c.nextLine(), '204 27', 'Yahoo! network');
  c.sendPayload('RML 28', '<ml><d n="lan"><c n="alice" l="1" t="1" /></d></ml>');
  assert.equal(await c.nextLine(), '216 28', 'not on the list');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG 60');
  c.sendPayload('ADL 29', '<ml><d n="lan"><c n="alice" l="1" t="1"');
  assert.equal(await c.nextLine(), '241 29', 'broken ADL XML');
  await c.waitClosed();
  await bystanderStillWorks();
});

test('an ADL with RL bits is refused with 241; an empty list with 240', async () => {
  const c = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw' });
  c.sendPayload('ADL 6', '<ml><d n="lan"><c n="alice" l="8" t="1" /></d></ml>');
  assert.equal(await c.nextLine(), '241 6');
  await c.waitClosed();
  const d = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw' });
  d.sendPayload('ADL 6', '<ml></ml>');
  assert.equal(await d.nextLine(), '240 6');
  await d.waitClosed();
});

test('a 10 MB length, a non-numeric length and an over-long line close the connection', async () => {
  for (const bytes of ['UUX 9 10485760\r\n', 'UUX 9 lots\r\n', 'PNG' + 'x'.repeat(20_000)]) {
    const c = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw' });
    c.writeRaw(bytes);
    await c.waitClosed();
  }
  await bystanderStillWorks();
});

test('a payload shorter than announced, then a vanished client: others carry on and watchers get FLN', async () => {
  const alice = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'alice@lan', password: 'alice-pw' });
  await bystander.until('NLN NLN alice@lan');
  alice.writeRaw('UUX 9 500\r\n<Data><PSM>only part');
  alice.writeRaw('CHG 10 NL'); // half a command, then gone
  await bystanderStillWorks();
  alice.close();
  assert.equal((await bystander.until('FLN alice@lan')).line, 'FLN alice@lan 1 0:0');
  await bystanderStillWorks();
});
