// The JavaScript TLS path under bad input: forged key exchanges, garbage, oversized records,
// client alerts, a thousand half-open handshakes. Every case ends with the connection closed
// and a tap record, and the listener keeps serving other clients.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TrafficTap, type TrafficRecord } from '../tap/tap.js';
import { loadOrCreateCertificates, type CertBundle } from './ca.js';
import { createHttpsListener, tlsConnIdOf } from './https-listener.js';
import { buildSslv2Hello, buildTlsHello, seededRandom } from './test-hellos.js';
import { ServerAlert, tls10Request, type Tls10ClientOptions } from './test-tls10-client.js';
import { runtimeTlsPolicy, type RuntimeTlsPolicy } from './tls-runtime.js';
import { fromPort, runTool, waitForRecord, withTimeout, WAIT_MS } from './test-waits.js';

const JS = '(JavaScript TLS)';
let dataDir: string;
let certs: CertBundle;

before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-legacy-robust-'));
  certs = loadOrCreateCertificates(dataDir, { lanAddresses: ['127.0.0.1'] });
  fs.writeFileSync(path.join(dataDir, 'ca.pem'), certs.caCertPem);
});
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  server: net.Server;
  port: number;
  tap: TrafficTap;
  requests: { url: string; conn?: string }[];
}

async function start(handshakeTimeoutMs = 5000, policy?: RuntimeTlsPolicy, bundle: CertBundle = certs): Promise<Started> {
  const tap = new TrafficTap(20_000);
  const requests: Started['requests'] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ url: req.url ?? '', conn: tlsConnIdOf(req.socket) });
    if (req.url === '/hang') return;
    const body: Buffer[] = [];
    req.on('data', (d: Buffer) => body.push(d));
    req.on('end', () => {
      if (req.url === '/big') return res.end(Buffer.alloc(200_000, 'b'));
      const digest = crypto.createHash('sha256').update(Buffer.concat(body)).digest('hex');
      res.writeHead(200, { 'X-Body-Sha256': digest, 'Content-Type': 'text/plain' });
      res.end(`hello ${req.url}\n`);
    });
  };
  const server = createHttpsListener({ certs: bundle, tap, onRequest, handshakeTimeoutMs, legacyTls: 'javascript', ...(policy ? { policy } : {}) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as net.AddressInfo).port, tap, requests };
}

const stop = (s: Started) => withTimeout(new Promise<void>((resolve) => s.server.close(() => resolve())), 'close');

const GET = (p: string) => `GET ${p} HTTP/1.0\r\nHost: nexus.passport.com\r\n\r\n`;
const client = (s: Started, extra: Partial<Tls10ClientOptions> = {}) =>
  tls10Request({ port: s.port, format: 'tls', suites: [0x000a], caPem: certs.caCertPem, serverName: 'nexus.passport.com', request: GET('/x'), ...extra });

/** Send a 3DES hello, wait for ServerHelloDone (0e 00 00 00), send `then`, collect until the server closes. */
function afterServerHello(port: number, then: Buffer | null, opts: { end?: boolean } = {}): Promise<{ data: Buffer; localPort: number }> {
  return withTimeout(
    new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      let data = Buffer.alloc(0);
      let sent = false;
      let localPort = 0;
      sock.on('connect', () => {
        localPort = sock.localPort ?? 0;
        sock.write(buildTlsHello({ suites: [0x000a] }));
      });
      sock.on('data', (d) => {
        data = Buffer.concat([data, d]);
        if (!sent && data.includes(Buffer.from([0x0e, 0, 0, 0]))) {
          sent = true;
          if (then) sock.write(then);
          if (opts.end) sock.end();
        }
      });
      sock.on('error', () => {});
      sock.on('close', () => resolve({ data, localPort }));
    }),
    'exchange after ServerHello',
  );
}

/** The last 7 bytes are a plaintext fatal alert 15 03 01 00 02 02 <description>. */
function endsWithAlert(data: Buffer, description: number): void {
  assert.deepEqual([...data.subarray(-7)], [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, description], data.subarray(-7).toString('hex'));
}

const failedFor = (tap: TrafficTap, localPort: number) =>
  waitForRecord(tap, (r) => fromPort(localPort)(r) && (r.command === 'HandshakeFailed' || r.command === 'Rejected'), `failure record for ${localPort}`);

describe('JavaScript TLS under attack and misuse', () => {
  let s: Started;
  before(async () => {
    s = await start();
  });
  after(async () => {
    await stop(s);
  });

  it('answers forged pre-master secrets exactly like a wrong key (no Bleichenbacher oracle)', async () => {
    const outcomes: string[] = [];
    for (const tamper of ['bad-padding', 'wrong-version', 'wrong-premaster'] as const) {
      const err = await client(s, { tamper }).then(
        () => assert.fail(`${tamper} was accepted`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ServerAlert, String(err));
      outcomes.push(`alert ${err.alert}`);
      const rec = await waitForRecord(s.tap, (r) => r.command === 'HandshakeFailed' && !outcomes.includes(`seq ${r.seq}`), `${tamper} record`);
      outcomes.push(`seq ${rec.seq}`);
      outcomes.push(rec.line);
    }
    const alerts = outcomes.filter((o) => o.startsWith('alert'));
    const lines = outcomes.filter((o) => o.startsWith('HandshakeFailed'));
    assert.deepEqual(alerts, ['alert 20', 'alert 20', 'alert 20'], 'bad_record_mac each time');
    assert.equal(new Set(lines).size, 1, `one indistinguishable line: ${lines.join(' | ')}`);
  });

  it('rejects a wrong Finished with decrypt_error', async () => {
    const err = await client(s, { tamper: 'bad-finished' }).catch((e: unknown) => e);
    assert.ok(err instanceof ServerAlert && err.alert === 51, String(err));
  });

  it('refuses a hello offering nothing either engine supports, explaining both', async () => {
    const sock = await rawExchange(s.port, buildTlsHello({ suites: [0x0009, 0x0003, 0x0006] }));
    assert.deepEqual([...sock.data], [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28]);
    const rec = await failedFor(s.tap, sock.localPort);
    assert.equal(rec.command, 'Rejected');
    assert.match(rec.line, /built-in TLS 1\.0 engine for older clients has AES128-SHA, AES256-SHA, DES-CBC3-SHA, RC4-SHA, RC4-MD5, none of which the client offered \(DES-CBC-SHA, EXP-RC4-MD5, EXP-RC2-CBC-MD5\)/);
    assert.match(rec.line, /High Encryption Pack/);

    const ssl3 = await rawExchange(s.port, buildSslv2Hello({ version: 0x0300, specs: [0x00000a, 0x000004] }));
    assert.deepEqual([...ssl3.data], [0x15, 0x03, 0x00, 0x00, 0x02, 0x02, 0x46], 'protocol_version');
    assert.match((await failedFor(s.tap, ssl3.localPort)).line, /Use TLS 1\.0/);
  });

  it('closes and records random bytes and a truncated hello', async () => {
    const rand = seededRandom(7);
    const junk = Buffer.from(Array.from({ length: 200 }, () => Math.floor(rand() * 256)));
    junk[0] = 0x3c;
    const g = await rawExchange(s.port, junk);
    assert.equal((await waitForRecord(s.tap, fromPort(g.localPort), 'garbage')).command, 'Garbage');
    const t = await rawExchange(s.port, buildTlsHello({ suites: [0x000a] }).subarray(0, 20), { end: true });
    assert.match((await waitForRecord(s.tap, fromPort(t.localPort), 'truncated')).line, /before a complete ClientHello/);
  });

  it('sends an alert and records garbage, oversized records and early data after the hello', async () => {
    const cases: [string, Buffer, number][] = [
      ['garbage', Buffer.from('this is not a TLS record at all'), 10],
      ['oversized record', Buffer.from([0x16, 0x03, 0x01, 0x48, 0x01]), 22],
      ['application data before Finished', Buffer.from([0x17, 0x03, 0x01, 0x00, 0x01, 0x41]), 10],
      ['ChangeCipherSpec before the key exchange', Buffer.from([0x14, 0x03, 0x01, 0x00, 0x01, 0x01]), 10],
      ['a ClientKeyExchange that holds no RSA block', Buffer.from([0x16, 0x03, 0x01, 0x00, 0x06, 0x10, 0x00, 0x00, 0x02, 0x00, 0x05]), 50],
    ];
    for (const [what, bytes, alert] of cases) {
      const { data, localPort } = await afterServerHello(s.port, bytes);
      assert.equal(data[0], 0x16, `${what}: ServerHello flight first`);
      endsWithAlert(data, alert);
      const rec = await failedFor(s.tap, localPort);
      assert.match(rec.line, new RegExp(`^HandshakeFailed \\${JS.slice(0, -1)}\\) protocol error`), `${what}: ${rec.line}`);
    }
  });

  it('survives 150 random record streams after the hello, recording each', async () => {
    const rand = seededRandom(0x7e57);
    const byte = () => Math.floor(rand() * 256);
    const runs = Array.from({ length: 150 }, (_, i) => {
      // Plausible record headers (types 20–23, version 3.x, small lengths) around random bodies.
      const parts: number[] = [];
      for (let r = 0; r < 1 + (i % 4); r++) {
        const len = Math.floor(rand() * 300);
        parts.push(20 + (byte() % 4), 3, byte() % 4, len >> 8, len & 0xff, ...Array.from({ length: len }, byte));
      }
      return afterServerHello(s.port, Buffer.from(parts), { end: i % 2 === 0 });
    });
    for (const { localPort } of await Promise.all(runs)) {
      const rec = await failedFor(s.tap, localPort);
      assert.match(rec.line, /^HandshakeFailed \(JavaScript TLS\) /);
    }
  });

  it('explains a client that refuses the certificate (unknown_ca) or hangs up', async () => {
    const alert = await afterServerHello(s.port, Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 48]));
    assert.match((await failedFor(s.tap, alert.localPort)).line, /does not trust Butterfly's certificate: install the Butterfly CA/);
    const gone = await afterServerHello(s.port, Buffer.from([0x16, 0x03, 0x01, 0x01, 0x06, 0x10, 0x00]), { end: true });
    assert.match((await failedFor(s.tap, gone.localPort)).line, /hung up during the handshake/);
  });

  it('carries large requests and responses in 2^14-byte records', async () => {
    const big = await client(s, { request: GET('/big') });
    assert.ok(big.response.endsWith('b'.repeat(1000)));
    assert.equal(big.response.length - big.response.indexOf('\r\n\r\n') - 4, 200_000);
    const body = crypto.randomBytes(60_000).toString('base64');
    const post = await client(s, {
      suites: [0x0005],
      request: `POST /abservice/abservice.asmx HTTP/1.0\r\nHost: contacts.msn.com\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    });
    assert.match(post.response, new RegExp(`X-Body-Sha256: ${crypto.createHash('sha256').update(body).digest('hex')}`, 'i'));
  });

  it('maps requests to the TLS connection id', async () => {
    await client(s, { request: GET('/which-conn') });
    const req = s.requests.find((r) => r.url === '/which-conn');
    assert.match(req?.conn ?? '', /^tls-\d+$/);
    const est = await waitForRecord(s.tap, (r) => r.conn === req!.conn && r.command === 'Established', 'Established');
    assert.equal(est.line, `Established ${JS} TLSv1 DES-CBC3-SHA sni=nexus.passport.com`);
  });
});

describe('JavaScript TLS: a thousand half-open handshakes', () => {
  it('closes and records each, and other clients still log in', async () => {
    const s = await start(3000);
    try {
      const N = 1000;
      const kinds = ['silent', 'partial hello', 'hello, then nothing'] as const;
      const partial = buildTlsHello({ suites: [0x000a] }).subarray(0, 9);
      const full = buildTlsHello({ suites: [0x000a, 0x0004] });
      const closed: Promise<{ localPort: number; kind: (typeof kinds)[number] }>[] = [];
      for (let i = 0; i < N; i++) {
        const kind = kinds[i % 3];
        closed.push(
          new Promise((resolve) => {
            const sock = net.connect(s.port, '127.0.0.1');
            let localPort = 0;
            sock.on('connect', () => {
              localPort = sock.localPort ?? 0;
              if (kind === 'partial hello') sock.write(partial);
              if (kind === 'hello, then nothing') sock.write(full);
            });
            sock.on('data', () => {});
            sock.on('error', () => {});
            sock.on('close', () => resolve({ localPort, kind }));
          }),
        );
      }
      // While they hang: a 3DES login through gnutls and one through our client.
      const { out } = await runTool(
        'gnutls-cli',
        [`--port=${s.port}`, `--x509cafile=${path.join(dataDir, 'ca.pem')}`, '--priority=NONE:+VERS-TLS1.0:+3DES-CBC:+RSA:+SHA1:+COMP-NULL:+SIGN-ALL', '--verify-hostname=nexus.passport.com', '127.0.0.1'],
        GET('/during-storm'),
        { keepStdinOpen: true },
      );
      assert.match(out, /hello \/during-storm/, out);
      const done = await withTimeout(Promise.all(closed), 'all half-open connections closed by the server', WAIT_MS * 2);
      for (const { localPort, kind } of done) {
        const rec = await waitForRecord(s.tap, (r: TrafficRecord) => fromPort(localPort)(r) && r.command !== 'ClientHello', `record for ${kind} ${localPort}`);
        if (kind === 'hello, then nothing') assert.match(rec.line, /^HandshakeFailed \(JavaScript TLS\) the client stopped answering/, rec.line);
        else assert.equal(rec.command, 'Timeout', rec.line);
      }
      const after = await client(s, { suites: [0x0004], request: GET('/after-storm') });
      assert.match(after.response, /hello \/after-storm/);
    } finally {
      await stop(s);
    }
  });
});

describe('JavaScript TLS under Electron', () => {
  it("takes SSLv2-format AES hellos, which BoringSSL refuses (Messenger for Mac's hello)", async () => {
    // BoringSSL's policy, as inside Electron; the listener diverts the hello before any TLS.
    const s = await start(5000, runtimeTlsPolicy('boringssl'));
    try {
      const r = await client(s, { format: 'sslv2', suites: [0x00002f, 0x00000a, 0x000005], request: GET('/mac') });
      assert.equal(r.suite.name, 'AES128-SHA');
      assert.match(r.response, /hello \/mac/);
      assert.ok(s.tap.recent().some((x) => x.line === `Established ${JS} TLSv1 AES128-SHA sni=-`));
    } finally {
      await stop(s);
    }
  });
});

describe('JavaScript TLS with the SHA-1 / 1024-bit certificate some old clients need', () => {
  it('completes with a 1024-bit key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-legacy-1024-'));
    const small = loadOrCreateCertificates(dir, { lanAddresses: [], keyBits: 1024, signature: 'sha1' });
    const s = await start(5000, undefined, small);
    try {
      const r = await client(s, { caPem: small.caCertPem, suites: [0x0004, 0x000a] });
      assert.equal(r.suite.name, 'DES-CBC3-SHA');
      assert.match(r.response, /hello \/x/);
    } finally {
      await stop(s);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('JavaScript TLS and close()', () => {
  it('close() ends established JavaScript TLS connections too', async () => {
    const s = await start();
    const pending = client(s, { request: GET('/hang') }).then(
      (r) => r.response,
      (e: Error) => e.message,
    );
    await withTimeout(
      (async () => {
        while (!s.requests.some((r) => r.url === '/hang')) await new Promise((r) => setTimeout(r, 20));
      })(),
      'hanging request',
    );
    await stop(s);
    assert.equal(await withTimeout(pending, 'client to see the close'), '');
  });
});

function rawExchange(port: number, bytes: Buffer, opts: { end?: boolean } = {}): Promise<{ data: Buffer; localPort: number }> {
  return withTimeout(
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const sock = net.connect(port, '127.0.0.1');
      let localPort = 0;
      sock.on('connect', () => {
        localPort = sock.localPort ?? 0;
        sock.write(bytes);
        if (opts.end) sock.end();
      });
      sock.on('data', (d) => chunks.push(d));
      sock.on('error', () => {});
      sock.on('close', () => resolve({ data: Buffer.concat(chunks), localPort }));
    }),
    'raw exchange',
  );
}
