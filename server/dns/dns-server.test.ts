// DNS mode against Debian's dig: Microsoft names (and their subdomains) resolve to the configured
// address over UDP and TCP, other names are forwarded to an upstream started here on 127.0.0.1
// (or refused in isolated mode), every answer is in the traffic tap, and malformed packets and a
// flood do not stop it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { startTestServer } from '../test-support/test-server';
import { startFakeUpstream, UPSTREAM_ANSWER } from '../test-support/fake-upstream-dns';
import { BindError } from '../listen';
import { missingTool } from '../test-support/tools';

/** Without dig these tests skip, saying which package installs it; with it, none waits past a minute. */
const WITH_DIG = { skip: missingTool('dig', 'dnsutils'), timeout: 60_000 };

const ANSWER = '192.168.1.20';

function dig(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('dig', ['@127.0.0.1', '-p', String(port), '+tries=1', '+time=5', ...args], { timeout: 30_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}
const status = (out: string) => /status: (\w+)/.exec(out)?.[1];

async function withDns(opts: { isolated?: boolean }, fn: (ctx: { port: number; app: Awaited<ReturnType<typeof startTestServer>>; asked: string[] }) => Promise<void>) {
  const upstream = await startFakeUpstream();
  const app = await startTestServer({
    publicHost: ANSWER,
    dnsEnabled: true,
    dnsPort: 0,
    dnsIsolated: opts.isolated ?? false,
    dnsUpstream: [`127.0.0.1:${upstream.port}`],
  });
  try {
    await fn({ port: app.dns.status().port, app, asked: upstream.asked });
  } finally {
    await app.cleanup();
    await upstream.close();
  }
}

test('dig: Microsoft names and their subdomains get this server; AAAA gets no record; others are forwarded; all of it in the tap', WITH_DIG, async () => {
  await withDns({}, async ({ port, app, asked }) => {
    assert.equal((await dig(port, '+short', 'nexus.passport.com')).trim(), ANSWER);
    assert.equal((await dig(port, '+short', 'MESSENGER.Hotmail.COM')).trim(), ANSWER);
    assert.equal((await dig(port, '+short', 'anything.at.all.live.com')).trim(), ANSWER);
    assert.equal((await dig(port, '+short', 'svcs.microsoft.com')).trim(), ANSWER);
    assert.equal((await dig(port, '+short', '+tcp', 'contacts.msn.com')).trim(), ANSWER);
    const aaaa = await dig(port, 'AAAA', 'nexus.passport.com');
    assert.equal(status(aaaa), 'NOERROR');
    assert.match(aaaa, /ANSWER: 0/);
    assert.deepEqual(asked, [], 'Microsoft names are never forwarded');

    assert.equal((await dig(port, '+short', 'www.example.org')).trim(), UPSTREAM_ANSWER);
    assert.equal((await dig(port, '+short', '+tcp', 'tcp.example.org')).trim(), UPSTREAM_ANSWER);
    assert.deepEqual(asked, ['www.example.org', 'tcp.example.org']);
    // microsoft.com as a whole is not redirected: only the names the clients use.
    assert.equal((await dig(port, '+short', 'www.microsoft.com')).trim(), UPSTREAM_ANSWER);

    const dns = app.tap.recent().filter((r) => r.service === 'DNS');
    assert.ok(dns.some((r) => r.direction === 'out' && r.line === `A nexus.passport.com → ${ANSWER}` && r.remote?.startsWith('127.0.0.1:')));
    assert.ok(dns.some((r) => r.line.startsWith(`A www.example.org → NOERROR ${UPSTREAM_ANSWER} (forwarded to 127.0.0.1:`)));
    assert.ok(dns.some((r) => r.line.startsWith('AAAA nexus.passport.com → no AAAA record')));
  });
});

test('isolated mode: other names are REFUSED and nothing is forwarded', WITH_DIG, async () => {
  await withDns({ isolated: true }, async ({ port, asked }) => {
    assert.equal((await dig(port, '+short', 'login.live.com')).trim(), ANSWER);
    assert.equal(status(await dig(port, 'www.example.org')), 'REFUSED');
    assert.equal(status(await dig(port, '+tcp', 'www.example.org')), 'REFUSED');
    assert.deepEqual(asked, []);
  });
});

test('malformed packets, TCP garbage and a flood of queries do not stop it', WITH_DIG, async (t) => {
  await withDns({}, async ({ port, app }) => {
    const sock = dgram.createSocket('udp4');
    const replies: Buffer[] = [];
    sock.on('message', (m) => replies.push(m));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const send = (b: Buffer) => new Promise<void>((r) => sock.send(b, port, '127.0.0.1', () => r()));
    await send(Buffer.from([1, 2, 3])); // too short for a header: ignored
    await send(Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz')); // a header and garbage: FORMERR
    await send(dnsPacket.encode({ type: 'response', id: 7, questions: [{ type: 'A', name: 'x.msn.com' }] })); // a response: ignored
    await send(dnsPacket.encode({ type: 'query', id: 8, questions: [{ type: 'A', name: 'a.msn.com' }, { type: 'A', name: 'b.msn.com' }] }));
    const header = Buffer.alloc(12);
    header.writeUInt16BE(9, 0);
    header.writeUInt16BE(1, 4); // claims a question that is not there
    await send(header);

    const tcp = net.connect(port, '127.0.0.1');
    // Whatever fails below, these two must not keep the test process alive (it hung forever without dig).
    const closeSock = () => {
      try {
        sock.close();
      } catch {
        // already closed
      }
    };
    t.after(() => {
      tcp.destroy();
      closeSock();
    });
    await new Promise((r) => tcp.once('connect', r));
    tcp.write(Buffer.from([0x00, 0x05, 1, 2, 3, 4, 5, 0xff, 0xff, 9, 9]));
    tcp.on('error', () => {});

    // A flood: 3,000 queries as fast as they go, Microsoft names and forwarded ones.
    for (let i = 0; i < 3000; i++) {
      const name = i % 2 ? `host${i}.passport.net` : `host${i}.example.org`;
      sock.send(dnsPacket.encode({ type: 'query', id: 20000 + i, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] }), port, '127.0.0.1');
    }
    // During a flood the kernel drops datagrams (any DNS server's lot); clients retry, and so does dig here.
    const retried = await dig(port, '+tries=4', '+time=2', '+short', 'nexus.passport.com');
    assert.equal(retried.trim().split('\n').pop(), ANSWER, retried);
    assert.equal((await dig(port, '+short', '+tcp', 'nexus.passport.com')).trim(), ANSWER);
    const formerr = replies.filter((r) => r.readUInt16BE(0) === 0x3031 || r.readUInt16BE(0) === 8 || r.readUInt16BE(0) === 9);
    assert.ok(formerr.length >= 2 && formerr.every((r) => (r[3]! & 0xf) === 1), 'garbage with a header gets FORMERR');
    assert.ok(!replies.some((r) => r.readUInt16BE(0) === 7), 'a response sent to the server gets no answer');
    // The tap holds what happened, but a flood cannot push everything else out of it.
    const dns = app.tap.recent().filter((r) => r.service === 'DNS');
    assert.ok(dns.length < 1500, `${dns.length} DNS records for 3,000 queries`);
    tcp.destroy();
    closeSock();
    await new Promise((r) => setTimeout(r, 1100));
    assert.ok(app.tap.recent().some((r) => r.service === 'DNS' && /more DNS queries answered but not shown/.test(r.line)));
  });
});

test('an upstream that does not answer gives SERVFAIL, not silence', WITH_DIG, async () => {
  const app = await startTestServer({ publicHost: ANSWER, dnsEnabled: true, dnsPort: 0, dnsUpstream: ['127.0.0.1:9'] });
  try {
    const port = app.dns.status().port;
    assert.equal(status(await dig(port, 'www.example.org')), 'SERVFAIL');
    assert.equal((await dig(port, '+short', 'nexus.passport.com')).trim(), ANSWER);
  } finally {
    await app.cleanup();
  }
});

test('switching DNS mode off and on; a taken port is a BindError that says what to do', WITH_DIG, async () => {
  const upstream = await startFakeUpstream();
  const app = await startTestServer({ publicHost: ANSWER, dnsPort: 0, dnsUpstream: [`127.0.0.1:${upstream.port}`] });
  try {
    assert.equal(app.dns.running, false, 'off unless asked for');
    const port = await app.dns.start();
    assert.equal((await dig(port, '+short', 'login.live.com')).trim(), ANSWER);
    await app.dns.stop();
    assert.equal(app.dns.status().running, false);
    // Someone else has the port now.
    const blocker = dgram.createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(port, '127.0.0.1', r));
    const other = await startTestServer({ dnsPort: port, dnsUpstream: [] });
    try {
      await assert.rejects(other.dns.start(), (e: unknown) => e instanceof BindError && e.code === 'EADDRINUSE' && /DNS server is already used by another program/.test(e.message));
    } finally {
      blocker.close();
      await other.cleanup();
    }
  } finally {
    await app.cleanup();
    await upstream.close();
  }
});
