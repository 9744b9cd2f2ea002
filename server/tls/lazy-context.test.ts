// The HTTPS port makes its TLS secure context (OpenSSL's copy of the key and certificate) when
// the first client Node's TLS serves arrives, not at start; that client's handshake and
// request complete as before, and later clients share the same context.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { test } from 'node:test';
import { TrafficTap } from '../tap/tap.js';
import { loadOrCreateCertificates } from './ca.js';
import { createHttpsListener } from './https-listener.js';

function get(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: p, rejectUnauthorized: false, agent: false, timeout: 30_000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', reject);
  });
}

test('no secure context at start; the first TLS client makes it and completes; the next shares it', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-lazy-context-'));
  const made = { n: 0 };
  const create = tls.createSecureContext;
  // Counts the server's (with a key); the test's own client makes one too.
  tls.createSecureContext = (...args: Parameters<typeof create>) => {
    if (args[0]?.key) made.n++;
    return create(...args);
  };
  let server: net.Server | undefined;
  try {
    const certs = loadOrCreateCertificates(dataDir, { lanAddresses: ['127.0.0.1'] });
    server = createHttpsListener({
      certs,
      tap: new TrafficTap(),
      onRequest: (req, res) => res.end(`hello ${req.url}`),
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    assert.equal(made.n, 0, 'listening made no secure context');

    assert.deepEqual(await get(port, '/first'), { status: 200, body: 'hello /first' });
    assert.equal(made.n, 1, 'the first client made it');
    assert.deepEqual(await get(port, '/second'), { status: 200, body: 'hello /second' });
    assert.equal(made.n, 1, 'the second client used the same one');
  } finally {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    tls.createSecureContext = create;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
