import assert from 'node:assert/strict';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { parseClientHello, type ClientHelloInfo } from './client-hello.js';
import { buildSslv2Hello, buildTlsHello } from './test-hellos.js';
import { assessClientHello, describeHello, detectTlsLibrary, runtimeCipherString, runtimeTlsPolicy } from './tls-runtime.js';

function hello(buf: Buffer): ClientHelloInfo {
  const r = parseClientHello(buf);
  assert.ok('format' in r, JSON.stringify(r));
  return r;
}

describe('runtimeCipherString', () => {
  it('ends in @SECLEVEL=0 on OpenSSL so TLS 1.0 and SHA-1 suites are allowed', () => {
    const s = runtimeCipherString('openssl');
    assert.match(s, /:@SECLEVEL=0$/);
    for (const name of ['AES128-SHA', 'AES256-SHA', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA']) {
      assert.ok(s.split(':').includes(name), `${name} in ${s}`);
    }
  });

  it('has no @ directive on BoringSSL (it rejects @SECLEVEL) but the same suites', () => {
    const s = runtimeCipherString('boringssl');
    assert.doesNotMatch(s, /@/);
    assert.deepEqual(s.split(':'), runtimeCipherString('openssl').split(':').slice(0, -1));
    assert.ok(s.split(':').includes('AES128-SHA') && s.split(':').includes('AES256-SHA'));
  });

  it('drops suites the build lacks', () => {
    const s = runtimeCipherString('boringssl', ['aes128-sha', 'ecdhe-rsa-aes128-gcm-sha256']);
    assert.equal(s, 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA');
  });

  it('is accepted by this runtime', () => {
    const lib = detectTlsLibrary();
    assert.doesNotThrow(() => tls.createSecureContext({ ciphers: runtimeCipherString(lib, tls.getCiphers()), minVersion: 'TLSv1' }));
  });
});

describe('detectTlsLibrary', () => {
  it('sees OpenSSL in plain Node and BoringSSL inside Electron', () => {
    assert.equal(detectTlsLibrary({ ...process.versions, electron: undefined } as unknown as NodeJS.ProcessVersions), 'openssl');
    assert.equal(detectTlsLibrary({ ...process.versions, electron: '41.7.1' } as NodeJS.ProcessVersions), 'boringssl');
    assert.equal(detectTlsLibrary({ node: '20.0.0', openssl: '1.1.1 (BoringSSL)' } as NodeJS.ProcessVersions), 'boringssl');
    assert.equal(detectTlsLibrary(), process.versions.electron ? 'boringssl' : 'openssl');
  });
});

describe('assessClientHello', () => {
  const openssl = runtimeTlsPolicy('openssl', ['aes128-sha', 'aes256-sha', 'ecdhe-rsa-aes128-gcm-sha256']);
  const boring = runtimeTlsPolicy('boringssl', ['aes128-sha', 'aes256-sha', 'ecdhe-rsa-aes128-gcm-sha256']);

  it('accepts a TLS 1.0 AES128-SHA hello in either format on OpenSSL', () => {
    assert.deepEqual(assessClientHello(hello(buildSslv2Hello({ specs: [0x00002f, 0x000004] })), openssl), { ok: true });
    assert.deepEqual(assessClientHello(hello(buildTlsHello({ suites: [0x002f] })), openssl), { ok: true });
  });

  it('explains 3DES/RC4-only hellos', () => {
    const v = assessClientHello(hello(buildTlsHello({ suites: [0x000a, 0x0005, 0x0004, 0x00ff] })), openssl);
    assert.equal(v.ok, false);
    assert.match(!v.ok ? v.reason : '', /only 3DES\/RC4 suites .*which this runtime's TLS lacks/);
  });

  it('explains SSL 3.0 clients', () => {
    const v = assessClientHello(hello(buildSslv2Hello({ version: 0x0300, specs: [0x000004, 0x010080] })), openssl);
    assert.match(!v.ok ? v.reason : '', /SSL 3\.0.*Use TLS 1\.0/);
  });

  it('refuses SSLv2-format hellos on BoringSSL', () => {
    const v = assessClientHello(hello(buildSslv2Hello({ specs: [0x00002f] })), boring);
    assert.match(!v.ok ? v.reason : '', /SSLv2-format hello/);
  });

  it('does not count GCM suites for a TLS 1.0 client', () => {
    const v = assessClientHello(hello(buildTlsHello({ suites: [0xc02f] })), openssl);
    assert.equal(v.ok, false);
  });

  it('accepts a TLS 1.3-only hello', () => {
    const v = assessClientHello(hello(buildTlsHello({ version: 0x0303, suites: [0x1301], supportedVersions: [0x0304] })), openssl);
    assert.deepEqual(v, { ok: true });
  });

  it('describes hellos in one line', () => {
    const line = describeHello(hello(buildSslv2Hello({ specs: [0x00002f, 0x00000a, 0x010080] })));
    assert.equal(line, 'ClientHello sslv2-format TLS 1.0 offers AES128-SHA,DES-CBC3-SHA,SSL2-RC4-MD5 sni=-');
  });
});
