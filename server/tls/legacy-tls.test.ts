// Proof that every old client's HTTPS login completes on the full server (createServer, real
// router): gnutls-cli forcing TLS 1.0 with 3DES and RC4 (JavaScript path), openssl s_client
// with AES128-SHA (runtime path), and SSLv2-format hellos, each verifying our CA.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer } from '../test-support/test-server.js';
import type { TrafficRecord } from '../tap/tap.js';
import { exportCa } from './ca-export.js';
import { tls10Request } from './test-tls10-client.js';
import { runTool, waitForRecord } from './test-waits.js';

const NEXUS = 'GET /rdr/pprdr.asp HTTP/1.0\r\nHost: nexus.passport.com\r\n\r\n';
const JS_TLS = '(JavaScript TLS)';

let app: Awaited<ReturnType<typeof startTestServer>>;
let dir: string;
const ca = { pem: '', cer: '', crt: '' };

before(async () => {
  app = await startTestServer();
  await app.core.directory.createAccount('xp@lan', 'butterfly', 'XP user');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-legacy-tls-'));
  const exp = exportCa(app.certs);
  ca.pem = path.join(dir, 'butterfly-ca.pem');
  ca.cer = path.join(dir, 'butterfly-ca.cer');
  ca.crt = path.join(dir, 'butterfly-ca.crt');
  fs.writeFileSync(ca.pem, exp.pem);
  fs.writeFileSync(ca.cer, exp.der);
  fs.writeFileSync(ca.crt, exp.crt);
});
after(async () => {
  await app.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function gnutls(priority: string, caArgs: string[], input = NEXUS) {
  return runTool(
    'gnutls-cli',
    [`--port=${app.ports.https}`, ...caArgs, `--priority=${priority}`, '--sni-hostname=nexus.passport.com', '--verify-hostname=nexus.passport.com', '127.0.0.1'],
    input,
    // gnutls-cli exits at stdin EOF; it must wait for the server to close after answering.
    { keepStdinOpen: true },
  );
}

/** The Established record of the connection that offered exactly this suite list (each test offers its own). */
async function establishedFor(offers: string): Promise<TrafficRecord> {
  const hello = await waitForRecord(app.tap, (r) => r.service === 'TLS' && r.line.includes(` offers ${offers} `), `hello offering ${offers}`);
  return waitForRecord(app.tap, (r) => r.conn === hello.conn && r.command === 'Established', `Established for ${hello.conn}`);
}

describe('HTTPS login with clients we did not write', () => {
  const cases = [
    { name: '3DES', priority: 'NONE:+VERS-TLS1.0:+3DES-CBC:+RSA:+SHA1:+COMP-NULL:+SIGN-ALL:%SAFE_RENEGOTIATION', ca: () => [`--x509cafile=${ca.pem}`], desc: '(TLS1.0-X.509)-(RSA)-(3DES-CBC)-(SHA1)', suite: 'DES-CBC3-SHA' },
    { name: 'RC4-SHA, CA as DER .cer', priority: 'NONE:+VERS-TLS1.0:+ARCFOUR-128:+RSA:+SHA1:+COMP-NULL:+SIGN-ALL', ca: () => [`--x509cafile=${ca.cer}`, '--x509fmtder'], desc: '(TLS1.0-X.509)-(RSA)-(ARCFOUR-128)-(SHA1)', suite: 'RC4-SHA' },
    { name: 'RC4-MD5, CA as CRLF .crt', priority: 'NONE:+VERS-TLS1.0:+ARCFOUR-128:+RSA:+MD5:+COMP-NULL:+SIGN-ALL', ca: () => [`--x509cafile=${ca.crt}`], desc: '(TLS1.0-X.509)-(RSA)-(ARCFOUR-128)-(MD5)', suite: 'RC4-MD5' },
  ];
  for (const c of cases) {
    it(`gnutls-cli TLS 1.0 ${c.name}: verified handshake on the JavaScript path, nexus answers`, async () => {
      const { out } = await gnutls(c.priority, c.ca());
      assert.match(out, /The certificate is trusted/, out);
      assert.ok(out.includes(`Description: ${c.desc}`), out);
      assert.match(out, /Handshake was completed/, out);
      assert.match(out, /HTTP\/1\.1 200 OK/, out);
      assert.match(out, /PassportURLs: DARealm=Passport\.Net,DALogin=/, out);
      const est = await establishedFor(c.suite);
      assert.equal(est.line, `Established ${JS_TLS} TLSv1 ${c.suite} sni=nexus.passport.com`);
      // The router recorded the request; the same server, reached through the JS engine.
      await waitForRecord(app.tap, (r) => r.service === 'HTTP' && /\/rdr\/pprdr\.asp/.test(r.line) && r.seq > est.seq, 'HTTP record');
    });
  }

  it('gnutls-cli 3DES: two keep-alive requests on one connection, then Passport login2.srf', async () => {
    const auth = 'Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=xp%40lan,pwd=butterfly,lc=1033,id=507';
    const input =
      'GET /rdr/pprdr.asp HTTP/1.1\r\nHost: nexus.passport.com\r\n\r\n' +
      `GET /login2.srf HTTP/1.1\r\nHost: login.passport.com\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`;
    const { out } = await gnutls('NONE:+VERS-TLS1.0:+3DES-CBC:+RSA:+SHA1:+COMP-NULL:+SIGN-ALL', [`--x509cafile=${ca.pem}`], input);
    assert.equal(out.match(/HTTP\/1\.1 200 OK/g)?.length, 2, out);
    assert.match(out, /Authentication-Info: Passport1\.4 da-status=success,.*from-PP='t=/, out);
  });

  it('gnutls-cli RC4: an idle keep-alive connection is closed with close_notify, not cut off', async () => {
    const { out } = await gnutls('NONE:+VERS-TLS1.0:+ARCFOUR-128:+RSA:+SHA1:+COMP-NULL:+SIGN-ALL', [`--x509cafile=${ca.pem}`], 'GET /rdr/pprdr.asp HTTP/1.1\r\nHost: nexus.passport.com\r\n\r\n');
    assert.match(out, /PassportURLs: /, out);
    // http.Server's keep-alive timeout ends the connection; gnutls-cli tells how it ended.
    assert.match(out, /Peer has closed the GnuTLS connection/, out);
    assert.doesNotMatch(out, /non-properly terminated/, out);
  });

  it('openssl s_client -tls1 AES128-SHA@SECLEVEL=0: verified against the .crt on the runtime path', async () => {
    const { out } = await runTool(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${app.ports.https}`, '-tls1', '-cipher', 'AES128-SHA@SECLEVEL=0', '-CAfile', ca.crt, '-servername', 'nexus.passport.com', '-ign_eof'],
      NEXUS,
    );
    assert.match(out, /Verify return code: 0 \(ok\)/, out);
    assert.match(out, /Protocol\s*: TLSv1\b/, out);
    assert.match(out, /Cipher\s*: AES128-SHA\b/, out);
    assert.match(out, /PassportURLs: DARealm=Passport\.Net/, out);
    const est = await establishedFor('AES128-SHA,EMPTY-RENEGOTIATION-INFO-SCSV');
    assert.equal(est.line, 'Established TLSv1 AES128-SHA sni=nexus.passport.com', 'served by the runtime, not the JS engine');
  });
});

describe('SSLv2-format ClientHellos (Windows XP with SSL 2.0 on, Messenger for Mac)', () => {
  it('TLS 1.0 + AES only: the runtime answers and the handshake completes', async () => {
    const r = await tls10Request({ port: app.ports.https, format: 'sslv2', suites: [0x00002f, 0x000035], caPem: app.certs.caCertPem, serverName: 'nexus.passport.com', request: NEXUS });
    assert.equal(r.suite.name, 'AES128-SHA');
    assert.match(r.response, /PassportURLs: DARealm=Passport\.Net/);
    const est = await establishedFor('AES128-SHA,AES256-SHA');
    assert.equal(est.line, 'Established TLSv1 AES128-SHA sni=-');
  });

  it('3DES and RC4 only, with SSL 2.0 kinds, as XP sends: completes on the JavaScript path with 3DES', async () => {
    const r = await tls10Request({
      port: app.ports.https,
      format: 'sslv2',
      suites: [0x010080, 0x000004, 0x000005, 0x00000a, 0x0700c0, 0x000009, 0x000064, 0x000062, 0x000003, 0x000006, 0x0000ff],
      caPem: app.certs.caCertPem,
      request: NEXUS,
    });
    assert.equal(r.suite.name, 'DES-CBC3-SHA');
    assert.match(r.response, /PassportURLs: DARealm=Passport\.Net/);
    assert.ok(r.closeNotify, 'the server ends with close_notify');
    const est = await establishedFor('SSL2-RC4-MD5,RC4-MD5,RC4-SHA,DES-CBC3-SHA,SSL2-DES-CBC3-MD5,DES-CBC-SHA,EXP1024-RC4-SHA,EXP1024-DES-CBC-SHA,EXP-RC4-MD5,EXP-RC2-CBC-MD5,EMPTY-RENEGOTIATION-INFO-SCSV');
    assert.equal(est.line, `Established ${JS_TLS} TLSv1 DES-CBC3-SHA sni=-`);
  });

  it('RC4 only: completes on the JavaScript path with RC4-MD5', async () => {
    const r = await tls10Request({ port: app.ports.https, format: 'sslv2', suites: [0x000004], caPem: app.certs.caCertPem, request: NEXUS });
    assert.equal(r.suite.name, 'RC4-MD5');
    assert.match(r.response, /PassportURLs/);
  });
});
