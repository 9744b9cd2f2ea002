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

test('where it stops: a wrong password, a refused ticket, a TLS handshake that fails; reset forgets', async () => {
  const app = await startTestServer({ demo: true });
  try {
    const login = await passportLogin(app.ports.http, 'me@local', 'wrong-password');
    assert.equal(login.status, 401);
    const c = await MsnpTestClient.connect(app.ports.ns);
    c.send('VER 1 MSNP15 CVR0');
    await c.nextLine();
    c.send('USR 2 TWN S t=forged&p=forged');
    await c.next();
    // Not TLS at all on the HTTPS port: the TLS record says so.
    const raw = net.connect(app.ports.https, '127.0.0.1');
    raw.on('error', () => {});
    raw.write('GET / HTTP/1.0\r\n\r\n');
    await until(() => app.clientProgress.list()[0]?.steps.tls !== undefined && app.clientProgress.list()[0]?.steps['signed-in'] !== undefined);
    const s = app.clientProgress.list()[0]!.steps;
    assert.deepEqual([s.passport?.state, s.passport?.detail], [
      'failed',
      'Passport login (login2.srf): 401 — wrong password for me@local: type it again in Messenger, or set a new one on the Accounts page',
    ]);
    // An address with no account is told apart from a wrong password.
    assert.equal((await passportLogin(app.ports.http, 'nobody@local', 'whatever')).status, 401);
    await until(() => app.clientProgress.list()[0]?.steps.passport?.detail.includes('nobody@local') === true);
    assert.equal(
      app.clientProgress.list()[0]!.steps.passport!.detail,
      'Passport login (login2.srf): 401 — there is no account nobody@local on this server: create it on the Accounts page, or check the address typed in Messenger',
    );
    assert.equal(s['signed-in']?.state, 'failed');
    assert.equal(s.tls?.state, 'failed');
    assert.match(s.tls!.detail, /^Garbage/);
    raw.destroy();
    c.close();
    app.clientProgress.reset();
    assert.deepEqual(app.clientProgress.list(), []);
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
