import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TrafficTap, type TrafficRecord } from '../tap/tap.js';
import { loadOrCreateCertificates, type CertBundle } from './ca.js';
import type { ClientHelloInfo } from './client-hello.js';
import { createHttpsListener, tlsConnIdOf } from './https-listener.js';
import { buildSslv2Hello, buildTlsHello, seededRandom } from './test-hellos.js';

const OPENSSL = '/usr/bin/openssl';
// Generous: the suite must pass on a loaded 2-core machine. Nothing asserts on durations.
const WAIT_MS = 30_000;

let dataDir: string;
let certs: CertBundle;
let caFile: string;

before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-https-test-'));
  certs = loadOrCreateCertificates(dataDir, { lanAddresses: ['127.0.0.1'] });
  caFile = path.join(dataDir, 'tls', 'ca.pem');
});
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  server: net.Server;
  port: number;
  tap: TrafficTap;
  requests: { url: string; conn?: string }[];
}

async function start(extra: Partial<Parameters<typeof createHttpsListener>[0]> = {}): Promise<Started> {
  const tap = new TrafficTap();
  const requests: Started['requests'] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ url: req.url ?? '', conn: tlsConnIdOf(req.socket) });
    if (req.url === '/hang') return; // never answered: only close() can end this connection
    res.writeHead(200, { 'X-Butterfly-Test': 'reached', 'Content-Type': 'text/plain' });
    res.end(`hello ${req.url}\n`);
  };
  const server = createHttpsListener({ certs, tap, onRequest, handshakeTimeoutMs: 1500, ...extra });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as net.AddressInfo).port, tap, requests };
}

function stop(s: Started): Promise<void> {
  return withTimeout(new Promise<void>((resolve) => s.server.close(() => resolve())), 'server.close');
}

function withTimeout<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

async function waitForRecord(tap: TrafficTap, pred: (r: TrafficRecord) => boolean, what: string): Promise<TrafficRecord> {
  return withTimeout(
    new Promise<TrafficRecord>((resolve) => {
      const found = tap.recent().find(pred);
      if (found) return resolve(found);
      const unsubscribe = tap.subscribe((r) => {
        if (pred(r)) {
          unsubscribe();
          resolve(r);
        }
      });
    }),
    what,
  );
}

/** Connect, send bytes (optionally half-close), and collect everything until the server closes. */
function rawExchange(port: number, bytes: Buffer, opts: { end?: boolean } = {}): Promise<{ data: Buffer; localPort: number }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const sock = net.connect(port, '127.0.0.1');
      let localPort = 0;
      sock.on('connect', () => {
        localPort = sock.localPort ?? 0;
        if (bytes.length) sock.write(bytes);
        if (opts.end) sock.end();
      });
      sock.on('data', (d) => chunks.push(d));
      sock.on('error', () => {}); // a reset is a close too
      sock.on('close', () => resolve({ data: Buffer.concat(chunks), localPort }));
      sock.setTimeout(WAIT_MS, () => reject(new Error('server never closed the connection')));
    }),
    'raw exchange',
  );
}

function runOpenssl(args: string[], input: string): Promise<{ out: string; code: number | null }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const child = spawn(OPENSSL, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ out, code }));
      child.stdin.end(input);
      setTimeout(() => child.kill('SIGKILL'), WAIT_MS - 1000).unref();
    }),
    `openssl ${args.join(' ')}`,
  );
}

function httpsGet(port: number, urlPath: string): Promise<{ status: number; header: string | undefined; body: string }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const req = https.get(
        { host: '127.0.0.1', port, path: urlPath, ca: fs.readFileSync(caFile), servername: 'nexus.passport.com', agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, header: res.headers['x-butterfly-test'] as string | undefined, body }));
        },
      );
      req.on('error', reject);
    }),
    `GET ${urlPath}`,
  );
}

const fromPort = (localPort: number) => (r: TrafficRecord) => r.remote === `127.0.0.1:${localPort}`;

describe('HTTPS listener', () => {
  let s: Started;
  before(async () => {
    s = await start();
  });
  after(async () => {
    await stop(s);
  });

  it('answers an SSLv2-format ClientHello offering TLS 1.0 with a TLS 1.0 ServerHello', async () => {
    const hello = buildSslv2Hello({ version: 0x0301, specs: [0x010080, 0x00002f, 0x000035, 0x00000a, 0x000004] });
    const reply = await withTimeout(
      new Promise<{ data: Buffer; localPort: number }>((resolve, reject) => {
        let data = Buffer.alloc(0);
        const sock = net.connect(s.port, '127.0.0.1', () => sock.write(hello));
        sock.on('data', (d) => {
          data = Buffer.concat([data, d]);
          // Record header (5) + handshake header (4) + version (2) + random (32) + sid len (1).
          if (data.length >= 44 && data.length >= 44 + data[43] + 2) {
            const localPort = sock.localPort ?? 0;
            sock.destroy(); // walk away mid-handshake: the server must record and survive it
            resolve({ data, localPort });
          }
        });
        sock.on('error', reject);
        sock.on('close', () => reject(new Error(`closed early after ${data.toString('hex')}`)));
      }),
      'ServerHello',
    );
    const d = reply.data;
    assert.equal(d[0], 0x16, 'handshake record');
    assert.equal(d.readUInt16BE(1), 0x0301, 'record version TLS 1.0');
    assert.equal(d[5], 0x02, 'ServerHello');
    assert.equal(d.readUInt16BE(9), 0x0301, 'ServerHello version TLS 1.0');
    const suite = d.readUInt16BE(44 + d[43]);
    assert.ok([0x002f, 0x0035].includes(suite), `chose AES-CBC-SHA, got 0x${suite.toString(16)}`);

    const rec = await waitForRecord(s.tap, (r) => fromPort(reply.localPort)(r) && r.command === 'ClientHello', 'ClientHello record');
    assert.equal(rec.service, 'TLS');
    assert.equal(rec.direction, 'note');
    assert.equal(rec.line, 'ClientHello sslv2-format TLS 1.0 offers SSL2-RC4-MD5,AES128-SHA,AES256-SHA,DES-CBC3-SHA,RC4-MD5 sni=-');
    const failed = await waitForRecord(s.tap, (r) => fromPort(reply.localPort)(r) && r.command === 'HandshakeFailed', 'HandshakeFailed record');
    assert.match(failed.line, /hung up|stopped answering/);
  });

  it('completes openssl s_client -tls1 AES128-SHA with verification, and the GET reaches onRequest', async () => {
    const request = 'GET /rdr/pprdr.asp HTTP/1.1\r\nHost: nexus.passport.com\r\nConnection: close\r\n\r\n';
    const { out } = await runOpenssl(
      ['s_client', '-connect', `127.0.0.1:${s.port}`, '-tls1', '-cipher', 'AES128-SHA@SECLEVEL=0', '-CAfile', caFile, '-servername', 'nexus.passport.com', '-ign_eof'],
      request,
    );
    assert.match(out, /Verify return code: 0 \(ok\)/, out);
    assert.match(out, /Protocol\s*: TLSv1\b/, out);
    assert.match(out, /Cipher\s*: AES128-SHA\b/, out);
    assert.match(out, /HTTP\/1\.1 200 OK/, out);
    assert.match(out, /X-Butterfly-Test: reached/i, out);
    const req = s.requests.find((r) => r.url === '/rdr/pprdr.asp');
    assert.ok(req, 'onRequest saw the GET');
    assert.match(req.conn ?? '', /^tls-\d+$/, 'request socket maps to its TLS connection id');
    const est = await waitForRecord(s.tap, (r) => r.conn === req.conn && r.command === 'Established', 'Established record');
    assert.equal(est.line, 'Established TLSv1 AES128-SHA sni=nexus.passport.com');
    const hello = s.tap.recent().find((r) => r.conn === req.conn && r.command === 'ClientHello');
    assert.match(hello?.line ?? '', /^ClientHello tls-format TLS 1\.0 offers AES128-SHA.* sni=nexus\.passport\.com$/);
  });

  it('serves a modern client over TLS 1.2/1.3', async () => {
    const res = await httpsGet(s.port, '/modern');
    assert.equal(res.status, 200);
    assert.equal(res.header, 'reached');
  });

  it('explains a client that does not trust the certificate', async () => {
    const { out } = await runOpenssl(['s_client', '-connect', `127.0.0.1:${s.port}`, '-tls1_2', '-verify_return_error', '-servername', 'login.live.com'], '');
    assert.match(out, /verify error|unable to get local issuer/i, out);
    const rec = await waitForRecord(s.tap, (r) => r.command === 'HandshakeFailed' && /does not trust/.test(r.line), 'untrusted record');
    assert.match(rec.line, /install the Butterfly CA/);
  });

  it('closes and records garbage bytes', async () => {
    const rand = seededRandom(42);
    const junk = Buffer.alloc(64, 0);
    for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(rand() * 256);
    junk[0] = 0x42;
    const { data, localPort } = await rawExchange(s.port, junk);
    assert.equal(data.length, 0);
    const rec = await waitForRecord(s.tap, (r) => fromPort(localPort)(r), 'garbage record');
    assert.equal(rec.command, 'Garbage');
    assert.equal(rec.service, 'TLS');

    const plain = await rawExchange(s.port, Buffer.from('GET /rdr/pprdr.asp HTTP/1.1\r\nHost: x\r\n\r\n'));
    const rec2 = await waitForRecord(s.tap, fromPort(plain.localPort), 'plain-HTTP record');
    assert.match(rec2.line, /plain-text request on the TLS port/);
  });

  it('closes and records a truncated hello', async () => {
    const hello = buildTlsHello({ suites: [0x002f], serverName: 'nexus.passport.com' });
    const { localPort } = await rawExchange(s.port, hello.subarray(0, 30), { end: true });
    const rec = await waitForRecord(s.tap, fromPort(localPort), 'truncated record');
    assert.match(rec.line, /before a complete ClientHello \(30 bytes received\)/);
  });

  it('rejects a 3DES/RC4-only hello with an alert and an explanation', async () => {
    const hello = buildTlsHello({ suites: [0x000a, 0x0005, 0x0004, 0x00ff] });
    const { data, localPort } = await rawExchange(s.port, hello);
    assert.deepEqual([...data], [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28], 'fatal handshake_failure alert');
    const rejected = await waitForRecord(s.tap, (r) => fromPort(localPort)(r) && r.command === 'Rejected', 'Rejected record');
    assert.match(rejected.line, /only 3DES\/RC4 suites .*which this runtime's TLS lacks/);
    assert.ok(s.tap.recent().some((r) => fromPort(localPort)(r) && r.line === 'ClientHello tls-format TLS 1.0 offers DES-CBC3-SHA,RC4-SHA,RC4-MD5,EMPTY-RENEGOTIATION-INFO-SCSV sni=-'));
  });

  it('times out 200 half-open connections, recording each, and still serves a proper client', async () => {
    const partial = buildTlsHello({ suites: [0x002f] }).subarray(0, 3);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => rawExchange(s.port, i % 2 ? partial : Buffer.alloc(0))));
    for (const { localPort } of results) {
      const rec = await waitForRecord(s.tap, fromPort(localPort), `record for half-open ${localPort}`);
      assert.equal(rec.command, 'Timeout');
    }
    const res = await httpsGet(s.port, '/after-storm');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'hello /after-storm\n');
  });
});

describe('HTTPS listener hand-off and shutdown', () => {
  it('offers unsupported hellos to the legacyTls taker', async () => {
    const taken: { hello: ClientHelloInfo; head: Buffer; conn: string }[] = [];
    const s = await start({
      legacyTls: (socket, head, hello, conn) => {
        taken.push({ hello, head, conn });
        socket.end('legacy engine here');
        return true;
      },
    });
    try {
      const hello = buildSslv2Hello({ specs: [0x00000a, 0x000004, 0x010080] });
      const { data } = await rawExchange(s.port, hello);
      assert.equal(data.toString(), 'legacy engine here');
      assert.equal(taken.length, 1);
      assert.deepEqual(taken[0].head, hello);
      assert.deepEqual(taken[0].hello.cipherSuites, [0x0a, 0x04, 0x010080]);
      assert.ok(!s.tap.recent().some((r) => r.command === 'Rejected'));
    } finally {
      await stop(s);
    }
  });

  it('close() ends connections waiting for a hello, mid-handshake, or mid-request', async () => {
    // Long timeouts here, so only close() can end these connections in time.
    const s = await start({ handshakeTimeoutMs: 120_000 });
    const hanging = https.get({ host: '127.0.0.1', port: s.port, path: '/hang', ca: fs.readFileSync(caFile), servername: 'nexus.passport.com', agent: false });
    const hangingDone = new Promise<void>((resolve) => {
      hanging.on('error', () => resolve());
      hanging.on('response', () => resolve());
    });
    await withTimeout(
      (async () => {
        while (!s.requests.some((r) => r.url === '/hang')) await new Promise((r) => setTimeout(r, 20));
      })(),
      'hanging request to arrive',
    );
    const waiting = net.connect(s.port, '127.0.0.1');
    const midHandshake = net.connect(s.port, '127.0.0.1', () => midHandshake.write(buildSslv2Hello({ specs: [0x00002f] })));
    const closed = (sock: net.Socket) => new Promise<void>((resolve) => sock.on('close', () => resolve()));
    for (const sock of [waiting, midHandshake]) sock.on('error', () => {});
    await withTimeout(new Promise((resolve) => midHandshake.once('data', resolve)), 'ServerHello');
    await waitForRecord(s.tap, (r) => r.command === 'ClientHello', 'hello record');
    await stop(s);
    await withTimeout(Promise.all([closed(waiting), closed(midHandshake), hangingDone]), 'client sockets closed');
  });
});
