// Tickets and switchboard cookies name an account that is never reused, die with a password
// change, and verify in one canonical form only. Each case was a hole (issue 13, findings 1, 2, 6):
//   create zed, sign zed in, delete zed, create yan (same users.id), USR TWN S <zed's ticket> → was "USR … OK yan@local"
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { MsnpTestClient } from '../test-support/msnp-client';
import { passportLogin } from '../test-support/passport-login';
import { signInMac } from '../test-support/mac-client';
import { parseXfr } from '../test-support/sb-client';
import { request } from '../http/testkit';
import { AB_FIND_ALL_BODY, soapRequest } from '../http/soap/soapkit';
import type { Butterfly } from '../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
});
after(async () => {
  await app.cleanup();
});

/** VER/CVR/USR I then USR TWN S with `fromPP`: the line that answers it (USR … OK, or 911 4). */
async function signInWith(email: string, fromPP: string): Promise<string> {
  const c = await MsnpTestClient.connect(app.ports.ns);
  try {
    c.send('VER 1 MSNP15 CVR0');
    await c.until('VER 1');
    c.send(`CVR 2 0x0409 mac 10.9.6 i386 macmsgs 7.0.2 macmsgs ${email}`);
    await c.until('CVR 2');
    c.send(`USR 3 TWN I ${email}`);
    await c.until('USR 3 TWN S');
    c.send(`USR 4 TWN S ${fromPP}`);
    for (;;) {
      const line = await c.nextLine();
      if (line.startsWith('USR 4 ') || line === '911 4') return line;
    }
  } finally {
    c.close();
  }
}

async function abFindAll(fromPP: string): Promise<{ status: number; body: string }> {
  const res = await request(app.ports.http, {
    method: 'POST',
    path: '/abservice/abservice.asmx',
    headers: {
      Host: 'contacts.msn.com',
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"http://www.msn.com/webservices/AddressBook/ABFindAll"',
    },
    body: soapRequest(AB_FIND_ALL_BODY, { ticketToken: fromPP }),
  });
  return { status: res.status, body: res.body };
}

async function login(email: string, password: string): Promise<string> {
  const r = await passportLogin(app.ports.http, email, password);
  assert.equal(r.status, 200, `login of ${email}`);
  return r.fromPP!;
}

test("a deleted account's ticket does not sign in as the next account given its id (NS and SOAP)", async () => {
  const zed = await app.core.directory.createAccount('zed@local', 'zed-pw', 'Zed');
  const zedTicket = await login('zed@local', 'zed-pw');
  assert.equal((await abFindAll(zedTicket)).status, 200, 'the ticket works while zed exists');
  app.core.directory.deleteAccount(zed.id);
  const yan = await app.core.directory.createAccount('yan@local', 'yan-pw', 'Yan');
  assert.equal(yan.id, zed.id, 'SQLite gave yan the id zed had (the precondition of the hole)');
  assert.equal(await signInWith('yan@local', zedTicket), '911 4');
  const soap = await abFindAll(zedTicket);
  assert.equal(soap.status, 500);
  assert.match(soap.body, /PassportAuthFail/);
  assert.doesNotMatch(soap.body, /yan@local/);
  assert.match(await signInWith('yan@local', await login('yan@local', 'yan-pw')), /^USR 4 OK yan@local /);
});

test('a password change revokes every ticket issued before it', async () => {
  const amy = await app.core.directory.createAccount('amy@local', 'old-pw', 'Amy');
  const before = await login('amy@local', 'old-pw');
  assert.match(await signInWith('amy@local', before), /^USR 4 OK amy@local /);
  await app.core.directory.setPassword(amy.id, 'new-pw');
  assert.equal(await signInWith('amy@local', before), '911 4');
  assert.equal((await abFindAll(before)).status, 500);
  assert.match(await signInWith('amy@local', await login('amy@local', 'new-pw')), /^USR 4 OK amy@local /);
});

test('a ticket verifies only in its canonical form: nothing appended, nothing re-encoded', async () => {
  await app.core.directory.createAccount('cat@local', 'cat-pw', 'Cat');
  const genuine = await login('cat@local', 'cat-pw');
  const ticket = genuine.slice(2, genuine.indexOf('&'));
  for (const tail of ['=', '==', '~~', 'A', '.', '%3D']) {
    assert.equal(app.core.tickets.verify(ticket + tail), undefined, `ticket + "${tail}"`);
    assert.equal(await signInWith('cat@local', `t=${ticket}${tail}&p=x`), '911 4', `USR TWN S with "${tail}" appended`);
  }
  assert.match(await signInWith('cat@local', genuine), /^USR 4 OK cat@local /);
});

test("a deleted account's switchboard cookie does not open a session as the account given its id", async () => {
  const kim = await app.core.directory.createAccount('kim@local', 'kim-pw', 'Kim');
  const ns = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'kim@local', password: 'kim-pw' });
  ns.send('XFR 50 SB');
  const { port, cookie } = parseXfr((await ns.take('XFR 50 ')).line);
  app.core.directory.deleteAccount(kim.id);
  await ns.waitClosed();
  const lee = await app.core.directory.createAccount('kim@local', 'lee-pw', 'Lee');
  assert.equal(lee.id, kim.id, 'same id again, and even the same address');
  const leeNs = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'kim@local', password: 'lee-pw' });
  const sb = await MsnpTestClient.connect(port);
  sb.send(`USR 1 kim@local ${cookie}`);
  assert.equal(await sb.nextLine(), '911 1');
  await sb.waitClosed();
  leeNs.close();
});
