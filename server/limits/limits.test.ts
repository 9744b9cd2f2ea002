// Timeouts and caps on every listener (issue 13, findings 3 and 4): a client that never finishes
// its request, never signs in, announces a payload before sign-in, or opens connection after
// connection is cut off, and the traffic view says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { startTestServer } from '../test-support/test-server';
import { MsnpTestClient } from '../test-support/msnp-client';
import { tls10Request } from '../tls/test-tls10-client';
import type { Butterfly } from '../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer({
    limits: {
      httpWaitForRequestMs: 600,
      httpRequestMs: 1_500,
      nsSignInMs: 800,
      perAddress: { NS: 4, SB: 200, HTTP: 32, HTTPS: 32 },
      total: { NS: 1_000, SB: 4_000, HTTP: 6, HTTPS: 256 },
    },
  });
});
after(async () => {
  await app.cleanup();
});

/** Resolves with how long the server took to close `sock` (rejects after `ms`). */
function closedWithin(sock: net.Socket | tls.TLSSocket, ms: number): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    if (sock.destroyed) return resolve(0);
    const t = setTimeout(() => {
      sock.destroy();
      reject(new Error(`still open after ${ms} ms`));
    }, ms);
    sock.on('error', () => {});
    sock.once('close', () => {
      clearTimeout(t);
      resolve(Date.now() - start);
    });
  });
}

function note(pred: (line: string) => boolean): boolean {
  return app.tap.recent(2000).some((r) => r.direction === 'note' && pred(r.line));
}

test('HTTPS (runtime TLS): idle after the handshake, and slow headers, are closed', async () => {
  const connect = () =>
    new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ port: app.ports.https, host: '127.0.0.1', rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
  const idle = await connect();
  const slow = await connect();
  slow.write('GET / HTTP/1.1\r\n');
  const drip = setInterval(() => slow.writable && slow.write('X'), 150);
  try {
    const [a, b] = await Promise.all([closedWithin(idle, 5_000), closedWithin(slow, 5_000)]);
    assert.ok(a >= 400 && b >= 400, `closed at the deadline, not before (${a}, ${b} ms)`);
  } finally {
    clearInterval(drip);
  }
  assert.ok(note((l) => l.startsWith('Closed after the handshake: no complete request within 0.6 s')));
});

test('HTTPS (JavaScript TLS 1.0): unfinished headers after the handshake are closed', async () => {
  const started = Date.now();
  const r = await tls10Request({
    port: app.ports.https,
    format: 'tls',
    suites: [0x000a],
    request: 'GET /slow HTTP/1.1\r\nHost: nexus.passport.com\r\n',
    timeoutMs: 8_000,
  });
  assert.equal(r.response, '', 'no answer to an unfinished request');
  assert.ok(Date.now() - started < 8_000);
  assert.ok(note((l) => l.startsWith('Closed after the handshake (JavaScript TLS): no complete request')));
});

test('HTTP: a connection that sends nothing, or headers byte by byte, is closed', async () => {
  const silent = net.connect(app.ports.http, '127.0.0.1');
  const slow = net.connect(app.ports.http, '127.0.0.1');
  slow.write('GET /nexus HTTP/1.1\r\n');
  const drip = setInterval(() => slow.writable && slow.write('X'), 150);
  try {
    await Promise.all([closedWithin(silent, 5_000), closedWithin(slow, 5_000)]);
  } finally {
    clearInterval(drip);
  }
});

test('NS: a payload command before sign-in is refused before its payload is read', async () => {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP15 CVR0');
  await c.until('VER 1');
  c.writeRaw('MSG 2 N 262144\r\n' + 'x'.repeat(1000));
  await c.waitClosed(2_000);
  assert.ok(note((l) => l.includes('"MSG 2 N 262144" refused before reading its payload')));
});

test('SB: a MSG before USR/ANS is refused before its payload is read', async () => {
  const c = await MsnpTestClient.connect(app.ports.sb);
  c.writeRaw('MSG 1 N 1600\r\n');
  await c.waitClosed(2_000);
});

test('NS: a connection that does not sign in in time is closed', async () => {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP15 CVR0');
  await c.until('VER 1');
  await c.waitClosed(5_000);
  assert.ok(note((l) => l.includes('not signed in within 0.8 s')), JSON.stringify(app.tap.recent(30).map((r) => r.line)));
});

test('caps: per address on the NS and in total on HTTP, with a note in the traffic view', async () => {
  const open: net.Socket[] = [];
  const connect = (port: number) =>
    new Promise<net.Socket>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', () => {});
      open.push(s);
    });
  try {
    for (let i = 0; i < 4; i++) await connect(app.ports.ns);
    const fifth = await connect(app.ports.ns);
    await closedWithin(fifth, 2_000);
    assert.ok(note((l) => l.startsWith('connection cap: 4 connections already open from 127.0.0.1 (limit per address 4); refused')));
    assert.equal(app.caps.NS.figures().open, 4);
    for (let i = 0; i < 6; i++) await connect(app.ports.http);
    await closedWithin(await connect(app.ports.http), 2_000);
    assert.ok(note((l) => l.startsWith('connection cap: 6 connections already open in all (limit 6)')));
  } finally {
    for (const s of open) s.destroy();
  }
  // Leaving frees the places again.
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(app.caps.NS.figures().open, 0);
  const again = await MsnpTestClient.connect(app.ports.ns);
  again.send('VER 1 MSNP15 CVR0');
  assert.equal(await again.nextLine(), 'VER 1 MSNP15 CVR0');
  again.close();
});
