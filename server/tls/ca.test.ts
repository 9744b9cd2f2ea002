import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadOrCreateCertificates, regenerateCertificates, type CertBundle, type CertificateOptions } from './ca.js';
import { MICROSOFT_HOSTS } from './hostnames.js';

const OPENSSL = '/usr/bin/openssl';
const DAY = 24 * 60 * 60 * 1000;
const tempDirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-ca-test-'));
  tempDirs.push(d);
  return d;
}
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function opensslText(pem: string): string {
  return execFileSync(OPENSSL, ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });
}

function sans(pem: string): string[] {
  return (new crypto.X509Certificate(pem).subjectAltName ?? '').split(', ');
}

describe('local CA, default options (2048-bit, SHA-256)', () => {
  const opts: CertificateOptions = { lanAddresses: ['192.168.1.20', '10.0.0.5', 'fe80::1234%eth0'], lanHostName: 'Living-Room-PC' };
  let dir: string;
  let bundle: CertBundle;
  let ca: crypto.X509Certificate;
  let leaf: crypto.X509Certificate;

  before(() => {
    dir = tempDir();
    bundle = loadOrCreateCertificates(dir, opts);
    ca = new crypto.X509Certificate(bundle.caCertPem);
    leaf = new crypto.X509Certificate(bundle.leafCertPem);
  });

  it('names the CA as this app’s local CA and marks it as a CA', () => {
    assert.match(ca.subject, /CN=Butterfly Local CA/);
    assert.equal(ca.ca, true);
    assert.equal(leaf.ca, false);
    assert.equal(ca.checkIssued(ca), true);
    assert.equal(bundle.caFingerprintSha1, ca.fingerprint);
    assert.match(bundle.caFingerprintSha1, /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
  });

  it('puts every Microsoft host, the LAN names and loopback in the leaf SANs', () => {
    const have = sans(bundle.leafCertPem);
    for (const host of MICROSOFT_HOSTS) assert.ok(have.includes(`DNS:${host}`), `missing ${host}`);
    for (const want of ['DNS:living-room-pc', 'DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:192.168.1.20', 'IP Address:10.0.0.5', 'IP Address:FE80:0:0:0:0:0:0:1234']) {
      assert.ok(have.includes(want), `missing ${want} in ${have.join(', ')}`);
    }
    assert.match(leaf.subject, /CN=nexus\.passport\.com/);
    assert.equal(leaf.checkHost('login.live.com'), 'login.live.com');
    assert.equal(leaf.checkIP('192.168.1.20'), '192.168.1.20');
  });

  it('signs the leaf with the CA', () => {
    assert.equal(leaf.verify(ca.publicKey), true);
    assert.equal(leaf.checkIssued(ca), true);
    const out = execFileSync(OPENSSL, ['verify', '-purpose', 'sslserver', '-CAfile', path.join(dir, 'tls', 'ca.pem'), path.join(dir, 'tls', 'server.pem')], { encoding: 'utf8' });
    assert.match(out, /server\.pem: OK/);
  });

  it('uses SHA-256, 2048-bit keys and the right key usages (openssl parses both)', () => {
    const caText = opensslText(bundle.caCertPem);
    const leafText = opensslText(bundle.leafCertPem);
    assert.match(caText, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(leafText, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(caText, /Public-Key: \(2048 bit\)/);
    assert.match(leafText, /Public-Key: \(2048 bit\)/);
    assert.match(caText, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
    assert.match(caText, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.match(leafText, /X509v3 Extended Key Usage:\s+TLS Web Server Authentication/);
    assert.match(leafText, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
    assert.match(leafText, /X509v3 Authority Key Identifier/);
  });

  it('keeps validity within 825 days, starting before now', () => {
    for (const c of [ca, leaf]) {
      const from = Date.parse(c.validFrom);
      const to = Date.parse(c.validTo);
      assert.ok(to - from <= 825 * DAY, `${c.subject}: ${(to - from) / DAY} days`);
      assert.ok(to - from >= 800 * DAY);
      assert.ok(from < Date.now() && to > Date.now() + 700 * DAY);
    }
  });

  it('writes the files, keys with mode 0600, and meta.json', { skip: process.platform === 'win32' }, () => {
    const tlsDir = path.join(dir, 'tls');
    for (const f of ['ca.key', 'server.key']) assert.equal(fs.statSync(path.join(tlsDir, f)).mode & 0o777, 0o600, f);
    assert.equal(fs.readFileSync(path.join(tlsDir, 'ca.pem'), 'utf8'), bundle.caCertPem);
    assert.equal(fs.readFileSync(path.join(tlsDir, 'server.key'), 'utf8'), bundle.leafKeyPem);
    const meta = JSON.parse(fs.readFileSync(path.join(tlsDir, 'meta.json'), 'utf8'));
    assert.deepEqual(meta.options, { lanAddresses: opts.lanAddresses, lanHostName: 'Living-Room-PC', keyBits: 2048, signature: 'sha256' });
    assert.ok(meta.leaf.dnsNames.includes('nexus.passport.com'));
    assert.ok(meta.leaf.ipAddresses.includes('fe80::1234'));
    assert.equal(meta.ca.fingerprintSha1, bundle.caFingerprintSha1);
    // The private key really belongs to the certificate.
    assert.equal(new crypto.X509Certificate(bundle.leafCertPem).checkPrivateKey(crypto.createPrivateKey(bundle.leafKeyPem)), true);
    assert.equal(ca.checkPrivateKey(crypto.createPrivateKey(bundle.caKeyPem)), true);
  });

  it('reuses CA and leaf on reload', () => {
    const again = loadOrCreateCertificates(dir, { ...opts, lanAddresses: ['10.0.0.5'] });
    assert.equal(again.caCertPem, bundle.caCertPem);
    assert.equal(again.caKeyPem, bundle.caKeyPem);
    assert.equal(again.leafCertPem, bundle.leafCertPem, 'a subset of the covered addresses needs no new leaf');
  });

  it('re-issues only the leaf when a new LAN address appears', () => {
    const moved = loadOrCreateCertificates(dir, { ...opts, lanAddresses: [...opts.lanAddresses, '192.168.50.7'] });
    assert.equal(moved.caCertPem, bundle.caCertPem);
    assert.notEqual(moved.leafCertPem, bundle.leafCertPem);
    assert.ok(sans(moved.leafCertPem).includes('IP Address:192.168.50.7'));
    const renamed = loadOrCreateCertificates(dir, { ...opts, lanAddresses: [...opts.lanAddresses, '192.168.50.7'], lanHostName: 'study.local' });
    assert.notEqual(renamed.leafCertPem, moved.leafCertPem);
    assert.ok(sans(renamed.leafCertPem).includes('DNS:study.local'));
    assert.equal(renamed.caCertPem, bundle.caCertPem);
  });

  it('regenerateCertificates keeps the CA unless asked for a new one', () => {
    const before = loadOrCreateCertificates(dir, opts);
    const sameCa = regenerateCertificates(dir, opts, { newCa: false });
    assert.equal(sameCa.caCertPem, before.caCertPem);
    assert.notEqual(sameCa.leafCertPem, before.leafCertPem);
    const newCa = regenerateCertificates(dir, opts, { newCa: true });
    assert.notEqual(newCa.caCertPem, before.caCertPem);
    assert.notEqual(newCa.caFingerprintSha1, before.caFingerprintSha1);
    assert.equal(new crypto.X509Certificate(newCa.leafCertPem).verify(new crypto.X509Certificate(newCa.caCertPem).publicKey), true);
    // The replaced CA is set aside, not deleted.
    assert.ok(fs.readdirSync(path.join(dir, 'tls')).some((f) => f.startsWith('ca.pem.old-')));
    assert.equal(loadOrCreateCertificates(dir, opts).caCertPem, newCa.caCertPem);
  });
});

describe('local CA, SHA-1 / 1024-bit on request, expiry and damage', () => {
  it('signs with SHA-1 and 1024-bit keys when asked', () => {
    const dir = tempDir();
    const b = loadOrCreateCertificates(dir, { lanAddresses: ['192.168.1.2'], keyBits: 1024, signature: 'sha1' });
    for (const pem of [b.caCertPem, b.leafCertPem]) {
      const text = opensslText(pem);
      assert.match(text, /Signature Algorithm: sha1WithRSAEncryption/);
      assert.match(text, /Public-Key: \(1024 bit\)/);
    }
    // Asking for SHA-256 later re-issues the leaf but keeps the (installed) SHA-1 CA.
    const b2 = loadOrCreateCertificates(dir, { lanAddresses: ['192.168.1.2'], keyBits: 1024 });
    assert.equal(b2.caCertPem, b.caCertPem);
    assert.match(opensslText(b2.leafCertPem), /Signature Algorithm: sha256WithRSAEncryption/);
  });

  it('re-issues a leaf that expires within 30 days, keeping the CA', () => {
    const dir = tempDir();
    const o: CertificateOptions = { lanAddresses: [], keyBits: 1024 };
    const fresh = loadOrCreateCertificates(dir, o);
    // A leaf issued (by the same CA) 800 days ago has 20 days left.
    const old = regenerateCertificates(dir, { ...o, now: new Date(Date.now() - 800 * DAY) }, { newCa: false });
    assert.equal(old.caCertPem, fresh.caCertPem);
    assert.ok(Date.parse(new crypto.X509Certificate(old.leafCertPem).validTo) < Date.now() + 30 * DAY);
    const renewed = loadOrCreateCertificates(dir, o);
    assert.equal(renewed.caCertPem, fresh.caCertPem);
    assert.notEqual(renewed.leafCertPem, old.leafCertPem);
    assert.ok(Date.parse(new crypto.X509Certificate(renewed.leafCertPem).validTo) > Date.now() + 700 * DAY);
  });

  it('replaces an expired CA', () => {
    const dir = tempDir();
    const o: CertificateOptions = { lanAddresses: [], keyBits: 1024 };
    const ancient = loadOrCreateCertificates(dir, { ...o, now: new Date(Date.now() - 830 * DAY) });
    const now = loadOrCreateCertificates(dir, o);
    assert.notEqual(now.caCertPem, ancient.caCertPem);
    assert.ok(Date.parse(new crypto.X509Certificate(now.caCertPem).validTo) > Date.now());
  });

  it('recovers from a damaged CA key and a deleted leaf', () => {
    const dir = tempDir();
    const o: CertificateOptions = { lanAddresses: [], keyBits: 1024 };
    const first = loadOrCreateCertificates(dir, o);
    fs.rmSync(path.join(dir, 'tls', 'server.pem'));
    const second = loadOrCreateCertificates(dir, o);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.notEqual(second.leafCertPem, first.leafCertPem);
    fs.writeFileSync(path.join(dir, 'tls', 'ca.key'), 'not a key');
    const third = loadOrCreateCertificates(dir, o);
    assert.notEqual(third.caCertPem, first.caCertPem);
    assert.equal(new crypto.X509Certificate(third.leafCertPem).checkIssued(new crypto.X509Certificate(third.caCertPem)), true);
  });
});
