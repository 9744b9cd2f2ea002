import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientHello, type ClientHelloInfo, type ClientHelloResult } from './client-hello.js';
import { buildSslv2Hello, buildTlsHello, seededRandom } from './test-hellos.js';

function expectHello(r: ClientHelloResult): ClientHelloInfo {
  assert.ok('format' in r, `expected a hello, got ${JSON.stringify(r)}`);
  return r;
}

describe('parseClientHello: SSLv2-compatible format', () => {
  // The shape Windows XP sends: 80 2e 01 03 01 00 15 00 00 00 10 …
  const hello = buildSslv2Hello({ version: 0x0301, specs: [0x010080, 0x00002f, 0x000035, 0x00000a, 0x000005, 0x000004, 0x0700c0] });

  it('reads version, 3-byte cipher specs and length', () => {
    const h = expectHello(parseClientHello(hello));
    assert.equal(h.format, 'sslv2');
    assert.equal(h.recordVersion, 'SSL 2.0');
    assert.equal(h.helloVersion, 'TLS 1.0');
    assert.equal(h.maxVersionCode, 0x0301);
    assert.deepEqual(h.cipherSuites, [0x010080, 0x2f, 0x35, 0x0a, 0x05, 0x04, 0x0700c0]);
    assert.deepEqual(h.cipherSuiteNames, ['SSL2-RC4-MD5', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA', 'RC4-SHA', 'RC4-MD5', 'SSL2-DES-CBC3-MD5']);
    assert.equal(h.serverName, undefined);
    assert.equal(h.length, hello.length);
    assert.equal(hello[0] & 0x80, 0x80);
  });

  it('ignores bytes after the hello', () => {
    const h = expectHello(parseClientHello(Buffer.concat([hello, Buffer.from('trailing')])));
    assert.equal(h.length, hello.length);
  });

  it('says incomplete for every proper prefix', () => {
    for (let n = 0; n < hello.length; n++) assert.deepEqual(parseClientHello(hello.subarray(0, n)), { incomplete: true }, `prefix ${n}`);
  });

  it('reads an SSL 3.0 hello with a session id', () => {
    const h = expectHello(parseClientHello(buildSslv2Hello({ version: 0x0300, specs: [0x000004], sessionId: Buffer.alloc(16, 7), challenge: Buffer.alloc(32, 1) })));
    assert.equal(h.helloVersion, 'SSL 3.0');
  });

  it('rejects inconsistent lengths', () => {
    const bad = Buffer.from(hello);
    bad[6] = 0x16; // cipher-spec length no longer a multiple of 3
    assert.ok('error' in parseClientHello(bad));
    const wrongType = Buffer.from(hello);
    wrongType[2] = 0x02;
    assert.ok('error' in parseClientHello(wrongType));
  });
});

describe('parseClientHello: TLS record format', () => {
  it('reads suites, SNI and supported_versions (ignoring GREASE)', () => {
    const buf = buildTlsHello({
      version: 0x0303,
      suites: [0x2a2a, 0x1301, 0xc02f, 0x002f],
      serverName: 'Nexus.Passport.com',
      supportedVersions: [0x3a3a, 0x0304, 0x0303],
    });
    const h = expectHello(parseClientHello(buf));
    assert.equal(h.format, 'tls');
    assert.equal(h.recordVersion, 'TLS 1.0');
    assert.equal(h.helloVersion, 'TLS 1.2');
    assert.equal(h.maxVersion, 'TLS 1.3');
    assert.deepEqual(h.supportedVersions, [0x0304, 0x0303]);
    assert.equal(h.serverName, 'nexus.passport.com');
    assert.deepEqual(h.cipherSuiteNames, ['GREASE', 'TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA']);
    assert.deepEqual(h.extensions, [0, 43]);
    assert.equal(h.length, buf.length);
  });

  it('reads an extension-less TLS 1.0 hello', () => {
    const h = expectHello(parseClientHello(buildTlsHello({ suites: [0x0004, 0x0005, 0x000a] })));
    assert.equal(h.helloVersion, 'TLS 1.0');
    assert.deepEqual(h.extensions, []);
    assert.deepEqual(h.cipherSuiteNames, ['RC4-MD5', 'RC4-SHA', 'DES-CBC3-SHA']);
  });

  it('reassembles a hello split over several records', () => {
    const buf = buildTlsHello({ suites: [0x002f, 0x0035], serverName: 'login.live.com', maxFragment: 20 });
    const h = expectHello(parseClientHello(buf));
    assert.equal(h.serverName, 'login.live.com');
    assert.equal(h.length, buf.length);
    for (let n = 0; n < buf.length; n++) assert.deepEqual(parseClientHello(buf.subarray(0, n)), { incomplete: true }, `prefix ${n}`);
  });

  it('says incomplete for every proper prefix', () => {
    const buf = buildTlsHello({ suites: [0x002f], serverName: 'contacts.msn.com' });
    for (let n = 0; n < buf.length; n++) assert.deepEqual(parseClientHello(buf.subarray(0, n)), { incomplete: true }, `prefix ${n}`);
  });

  it('rejects non-hello records and plain HTTP quickly', () => {
    const http = parseClientHello(Buffer.from('GET /rdr/pprdr.asp HTTP/1.1\r\n'));
    assert.ok('error' in http && /plain-text request/.test(http.error), JSON.stringify(http));
    assert.ok('error' in parseClientHello(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x02])), 'ServerHello type');
    assert.ok('error' in parseClientHello(Buffer.from([0x16, 0x02])), 'bad major version');
    assert.ok('error' in parseClientHello(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff])), 'oversized record');
    assert.ok('error' in parseClientHello(Buffer.from([0x17, 0x03, 0x01, 0x00, 0x10])), 'application data');
    assert.ok('error' in parseClientHello(Buffer.from([0x00])), 'zero byte');
  });

  it('rejects a hello whose extension lengths are inconsistent', () => {
    const buf = buildTlsHello({ suites: [0x002f], serverName: 'g.msn.com' });
    const bad = Buffer.from(buf);
    bad[bad.length - 'g.msn.com'.length - 1] ^= 0x40; // corrupt the host_name length (low byte)
    const r = parseClientHello(bad);
    // Either malformed, or the SNI is simply not accepted; it must not be the original name.
    assert.ok('error' in r || ('format' in r && r.serverName !== 'g.msn.com'));
  });
});

describe('parseClientHello: fuzz', () => {
  const rand = seededRandom(0xb077e7f1);
  const valid = [
    buildSslv2Hello({ specs: [0x00002f, 0x010080] }),
    buildTlsHello({ suites: [0x002f, 0x1301], serverName: 'nexus.passport.com', supportedVersions: [0x0304] }),
    buildTlsHello({ suites: [0x000a], maxFragment: 7 }),
  ];

  const check = (buf: Buffer) => {
    let r: ClientHelloResult;
    assert.doesNotThrow(() => {
      r = parseClientHello(buf);
    }, `input ${buf.toString('hex')}`);
    const kinds = ['format' in r!, 'incomplete' in r!, 'error' in r!].filter(Boolean).length;
    assert.equal(kinds, 1, `exactly one outcome for ${buf.toString('hex')}`);
    // The catch-all inside the parser is a safety net; the bounds checks should handle everything.
    if ('error' in r!) assert.doesNotMatch(r.error, /^unparseable/, buf.toString('hex'));
  };

  it('never throws on random buffers', () => {
    for (let i = 0; i < 20000; i++) {
      const len = Math.floor(rand() * 300);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(rand() * 256);
      // Bias some inputs towards the interesting first bytes.
      if (len > 0 && i % 3 === 0) buf[0] = [0x16, 0x80, 0x81, 0xff][i % 4];
      if (len > 1 && i % 6 === 0) buf[1] = 0x03;
      check(buf);
    }
  });

  it('never throws on mutated valid hellos', () => {
    for (let i = 0; i < 20000; i++) {
      const buf = Buffer.from(valid[i % valid.length]);
      const flips = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < flips; f++) buf[Math.floor(rand() * buf.length)] = Math.floor(rand() * 256);
      check(buf.subarray(0, Math.floor(rand() * (buf.length + 1))));
      check(buf);
    }
  });
});
