// The connection check follows a client through a real server's traffic tap: notification
// server, USR, nexus, login, signed in, address book; and says where and why it stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestServer } from '../test-support/test-server';
import { signInMac } from '../test-support/mac-client';
import { httpGet, passportLogin } from '../test-support/passport-login';
import { MsnpTestClient } from '../test-support/msnp-client';
import { ClientProgressTracker, clientAddress } from './connection-check';
import { TrafficTap, type TrafficRecord } from '../tap/tap';
import { md5Answer } from '../core/md5-signin';
import { postRst, rstRequestXml, WLM_SSO_TOKENS } from '../http/rst-testkit';

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond());
};

test('a Mac signing in is followed step by step, and listeners hear about it', async () => {
  const app = await startTestServer({ demo: true });
  const heard: number[] = [];
  const off = app.clientProgress.onChange((list) => heard.push(list.length));
  try {
    await httpGet(app.ports.http, '/rdr/pprdr.asp');
    const client = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly' });
    const soap = await fetch(`http://127.0.0.1:${app.ports.http}/abservice/abservice.asmx`, { method: 'POST', body: '<not-soap/>' });
    assert.ok(soap.status >= 400);
    await until(() => app.clientProgress.list()[0]?.steps.soap !== undefined);
    const [me] = app.clientProgress.list();
    assert.equal(me!.address, '127.0.0.1');
    assert.equal(me!.client, 'macmsgs 8.0.1');
    assert.equal(me!.account, 'me@local');
    const s = me!.steps;
    assert.equal(s.ns?.state, 'ok');
    assert.match(s.usr!.detail, /started signing in as me@local \(TWN\)/);
    assert.deepEqual([s.nexus?.state, s.nexus?.detail], ['ok', 'Passport nexus (pprdr.asp): 200 OK']);
    assert.deepEqual([s.passport?.state, s.passport?.detail], ['ok', 'Passport login (login2.srf): 200 OK']);
    assert.deepEqual([s['signed-in']?.state, s['signed-in']?.detail], ['ok', 'signed in as me@local']);
    assert.equal(s.soap?.state, 'failed');
    assert.match(s.soap!.detail, /^address book \(abservice\.asmx\): \d{3} — /);
    assert.ok(heard.length > 0 && heard.length < 20, `notified ${heard.length} times, not once per record`);
    client.close();
  } finally {
    off();
    await app.cleanup();
  }
});

/** An MSN 4.7 (MSNP7) client's MD5 sign-in, up to the server's answer to USR MD5 S. */
async function md5SignIn(nsPort: number, email: string, password: string): Promise<string> {
  const c = await MsnpTestClient.connect(nsPort);
  try {
    c.send('VER 1 MSNP7 CVR0');
    assert.equal(await c.nextLine(), 'VER 1 MSNP7 CVR0');
    c.send(`USR 2 MD5 I ${email}`);
    const salt = (await c.nextLine()).slice('USR 2 MD5 S '.length);
    c.send(`USR 3 MD5 S ${md5Answer(salt, password)}`);
    return await c.nextLine();
  } finally {
    c.close();
  }
}

/** WLM 8.5 (MSNP15): VER, CVR, USR SSO I, then RST.srf with this password; the token service's HTTP status. */
async function wlmSignIn(app: { ports: { ns: number; http: number } }, email: string, password: string): Promise<number> {
  const c = await MsnpTestClient.connect(app.ports.ns);
  try {
    c.send('VER 1 MSNP15 CVR0');
    await c.until('VER 1');
    c.send(`CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 BC01 ${email}`);
    await c.until('CVR 2');
    c.send(`USR 3 SSO I ${email}`);
    await c.until('USR 3 SSO S');
    return (await postRst(app.ports.http, '/RST.srf', rstRequestXml(email, password, WLM_SSO_TOKENS))).res.status;
  } finally {
    c.close();
  }
}

const progressOf = (app: { clientProgress: ClientProgressTracker }, family: string) => app.clientProgress.list().find((p) => p.family === family);

test('two families on one computer, kept apart: a Mac that signs in, an MSN 4.7 that is refused (unknown account, then wrong password)', async () => {
  const app = await startTestServer({ demo: true });
  try {
    const me = app.core.users.byEmail('me@local')!;
    app.core.md5.allow(me.id, 'butterfly');
    const mac = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
    assert.equal(await md5SignIn(app.ports.ns, 'nobody@local', 'whatever'), '911 3');
    await until(() => progressOf(app, 'msn-1-4')?.failed !== undefined && progressOf(app, 'mac-8')?.reached?.id === 'signed-in');

    const macProgress = progressOf(app, 'mac-8')!;
    assert.deepEqual([macProgress.address, macProgress.familyLabel, macProgress.protocol, macProgress.client], ['127.0.0.1', 'Messenger for Mac 8', 'MSNP15', 'macmsgs 8.0.1']);
    assert.deepEqual(macProgress.reached, { id: 'signed-in', label: 'Signed in', detail: 'signed in as me@local' });
    assert.equal(macProgress.failed, undefined, "the MSN 4.7 refusal is not the Mac's");

    const old = progressOf(app, 'msn-1-4')!;
    assert.deepEqual([old.address, old.familyLabel, old.protocol, old.account], ['127.0.0.1', 'MSN Messenger 1.0–4.7 / Windows Messenger 4.x', 'MSNP7', 'nobody@local']);
    assert.deepEqual(old.check.map((c) => c.id), ['dns', 'ns', 'usr', 'signed-in'], 'the MD5 family has no TLS, nexus or token service step');
    assert.equal(old.reached?.id, 'usr');
    assert.deepEqual(old.failed, { id: 'signed-in', label: 'Signed in', detail: 'no such account nobody@local: create it in Accounts (or check the address typed in Messenger)' });
    assert.equal(app.clientProgress.list().length, 2);

    // A new attempt of the same family replaces the last one's outcome.
    assert.equal(await md5SignIn(app.ports.ns, 'me@local', 'not-the-password'), '911 3');
    await until(() => progressOf(app, 'msn-1-4')?.failed?.detail.startsWith('wrong password') === true);
    const again = progressOf(app, 'msn-1-4')!;
    assert.equal(again.reached?.id, 'usr');
    assert.equal(again.failed!.detail, 'wrong password for me@local: type it again in Messenger, or set a new one in Accounts');
    assert.equal(app.clientProgress.list().length, 2);
    mac.close();
  } finally {
    await app.cleanup();
  }
});

test('the token service: a wrong password (a SOAP fault in a 200) and an unknown account, never blamed on TLS or DNS', async () => {
  const app = await startTestServer({ demo: true });
  try {
    // An earlier failed handshake from this computer: history once the client gets further.
    const raw = net.connect(app.ports.https, '127.0.0.1');
    raw.on('error', () => {});
    raw.write('GET / HTTP/1.0\r\n\r\n');
    await until(() => app.clientProgress.list()[0]?.steps.tls?.state === 'failed');
    raw.destroy();

    assert.equal(await wlmSignIn(app, 'me@local', 'wrong-password'), 200);
    await until(() => progressOf(app, 'wlm')?.failed !== undefined);
    const wrong = progressOf(app, 'wlm')!;
    assert.deepEqual([wrong.familyLabel, wrong.client, wrong.account], ['Windows Live Messenger 8.0 to 2009', 'MSNMSGR 8.5.1302', 'me@local']);
    assert.equal(wrong.reached?.id, 'usr');
    assert.deepEqual(wrong.failed, {
      id: 'passport',
      label: 'Token service (RST.srf / RST2.srf)',
      detail: 'token service (RST.srf): 200 — wrong password for me@local: type it again in Messenger, or set a new one in Accounts',
    });
    assert.equal(wrong.steps.tls, undefined, "the earlier handshake was before this attempt: it is not this attempt's step");
    assert.equal(app.clientProgress.list().length, 1, 'the computer with no family yet became the WLM one');

    assert.equal(await wlmSignIn(app, 'nobody@local', 'whatever'), 200);
    await until(() => progressOf(app, 'wlm')?.failed?.detail.includes('nobody@local') === true);
    assert.equal(progressOf(app, 'wlm')!.failed!.detail, 'token service (RST.srf): 200 — no such account nobody@local: create it in Accounts (or check the address typed in Messenger)');

    // Passport 1.4 (login2.srf) with no client connected yet: a computer of no known family.
    app.clientProgress.reset();
    assert.equal((await passportLogin(app.ports.http, 'nobody@local', 'whatever')).status, 401);
    await until(() => app.clientProgress.list()[0]?.failed !== undefined);
    const [unknown] = app.clientProgress.list();
    assert.equal(unknown!.family, undefined);
    assert.equal(unknown!.failed!.detail, 'Passport login (login2.srf): 401 — no such account nobody@local: create it in Accounts (or check the address typed in Messenger)');
    app.clientProgress.reset();
    assert.deepEqual(app.clientProgress.list(), []);
  } finally {
    await app.cleanup();
  }
});

test('a forged ticket on the notification server: refused, and said so without blaming the password', async () => {
  const app = await startTestServer({ demo: true });
  try {
    const c = await MsnpTestClient.connect(app.ports.ns);
    c.send('VER 1 MSNP15 CVR0');
    await c.nextLine();
    c.send('USR 2 TWN I me@local');
    await c.until('USR 2 TWN S');
    c.send('USR 3 TWN S t=forged&p=forged');
    assert.match((await c.next()).line, /^911 3$/);
    await until(() => app.clientProgress.list()[0]?.failed !== undefined);
    const [p] = app.clientProgress.list();
    assert.equal(p!.family, 'wlm');
    assert.equal(p!.failed!.id, 'signed-in');
    assert.match(p!.failed!.detail, /^the server refused the sign-in \(error 911: .+\): sign out of Messenger and sign in again$/);
    c.close();
  } finally {
    await app.cleanup();
  }
});

test('DNS lookups of Microsoft names count; other names and records without an address do not', () => {
  const tap = new TrafficTap();
  const t = new ClientProgressTracker(tap);
  tap.record({ conn: 'dns', service: 'DNS', direction: 'out', line: 'A www.example.org → NOERROR 1.2.3.4 (forwarded to 1.1.1.1:53)', remote: '10.0.0.9:5353' });
  tap.record({ conn: 'server', service: 'SYS', direction: 'note', line: 'ready' });
  assert.deepEqual(t.list(), []);
  tap.record({ conn: 'dns', service: 'DNS', direction: 'out', line: 'A nexus.passport.com → 10.0.0.2', remote: '10.0.0.9:5353' });
  assert.equal(t.list()[0]!.steps.dns!.detail, 'looked up nexus.passport.com and was told 10.0.0.2');
  assert.equal(clientAddress('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(clientAddress('10.1.2.3:4455'), '10.1.2.3');
  assert.equal(clientAddress('[fe80::1]:53'), 'fe80::1');
  t.close();
});

test("what the notification server writes after sign-in (a fan-out's NLN and UBX) is passed over unread", () => {
  const tap = new TrafficTap();
  const t = new ClientProgressTracker(tap);
  // A record that counts every look at its text and address: the tracker may read its verb only.
  let reads = 0;
  const counted = (line: string) => {
    const r = { seq: 1, time: Date.now(), conn: 'ns-7', service: 'NS' as const, direction: 'out' as const, command: line.split(' ')[0]! };
    for (const [k, v] of [['line', line], ['remote', '10.0.0.9']] as const) {
      Object.defineProperty(r, k, { enumerable: true, get: () => (reads++, v) });
    }
    return r as TrafficRecord;
  };
  for (const [conn, port] of [['ns-7', 50000], ['ns-8', 50001]] as const) {
    tap.record({ conn, service: 'NS', direction: 'note', line: `connected from 10.0.0.9:${port}`, remote: `10.0.0.9:${port}` });
    tap.record({ conn, service: 'NS', direction: 'in', line: 'VER 1 MSNP12 CVR0', remote: `10.0.0.9:${port}` });
    tap.record({ conn, service: 'NS', direction: 'out', line: 'VER 1 MSNP12', remote: `10.0.0.9:${port}` });
  }
  tap.record({ conn: 'ns-7', service: 'NS', direction: 'in', line: 'CHG 9 BSY 0', remote: '10.0.0.9:50000' });
  for (let i = 0; i < 1000; i++) {
    for (const line of ['NLN BSY bob@lan Bob 1:0 %3Cmsnobj%2F%3E', 'UBX 1:bob@lan 53', '911 9']) {
      assert.equal(t.apply(counted(line)), false);
    }
  }
  assert.equal(reads, 0);
  // The replies that do tell (signed in, refused after USR) are still read.
  tap.record({ conn: 'ns-7', service: 'NS', direction: 'in', line: 'USR 10 TWN S t=x', remote: '10.0.0.9:50000' });
  tap.record({ conn: 'ns-7', service: 'NS', direction: 'out', line: '911 10', remote: '10.0.0.9:50000' });
  assert.equal(t.list()[0]!.steps['signed-in']!.state, 'failed');
  tap.record({ conn: 'ns-8', service: 'NS', direction: 'out', line: 'USR 4 OK bob@lan 1 0', remote: '10.0.0.9:50001' });
  assert.equal(t.list()[0]!.steps['signed-in']!.state, 'ok');
  t.close();
});

test('the tap makes no record for the tracker of what it would pass over: it is asked with the line before one exists', () => {
  const tap = new TrafficTap();
  const t = new ClientProgressTracker(tap);
  const ns = (direction: 'in' | 'out' | 'note', line: string, conn = 'ns-7') => ({ conn, service: 'NS' as const, direction, line, remote: '10.0.0.9:50000' });
  const asked = [
    ns('out', 'NLN BSY bob@lan 1 Bob 1:0 %3Cmsnobj%2F%3E'),
    ns('out', 'UBX 1:bob@lan 53'),
    ns('out', 'VERY 1'),
    ns('out', '911 9'),
    ns('out', '91 9'),
    ns('out', 'VER 1 MSNP12'),
    ns('out', 'VER'),
    ns('out', 'USR 4 OK bob@lan 1 0'),
    ns('in', 'CHG 9 BSY 0'),
    ns('note', 'closing: test'),
    { conn: 'http-1', service: 'HTTP' as const, direction: 'out' as const, line: 'HTTP/1.1 200 OK' },
  ];
  assert.deepEqual(
    asked.filter((i) => t.mayTellInput(i)).map((i) => `${i.direction} ${i.line}`),
    ['out VER 1 MSNP12', 'out VER', 'out USR 4 OK bob@lan 1 0', 'in CHG 9 BSY 0', 'note closing: test', 'out HTTP/1.1 200 OK'],
  );
  // An error code tells once the connection's last command was USR (a refused sign-in), as before.
  tap.record(ns('note', 'connected from 10.0.0.9:50000'));
  tap.record(ns('in', 'VER 1 MSNP12 CVR0'));
  tap.record(ns('out', 'VER 1 MSNP12'));
  assert.equal(t.mayTellInput(ns('out', '911 10')), false);
  tap.record(ns('in', 'USR 10 TWN S t=x'));
  assert.equal(t.mayTellInput(ns('out', '911 10')), true);
  assert.equal(t.mayTellInput(ns('out', '911 10', 'ns-8')), false);
  t.close();
});
