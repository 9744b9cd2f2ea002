// The DER reading the start-up certificate check relies on: signature algorithm and subjectAltNames
// of certificates issued by ca.ts, compared with what Node's own X509Certificate says of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signatureOid, subjectAltNames } from './cert-der.js';
import { loadOrCreateCertificates } from './ca.js';

test('signature OID and SANs (DNS and IPv4/IPv6 bytes) of an issued leaf; refuses truncated DER', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-der-'));
  try {
    const b = loadOrCreateCertificates(dir, { lanAddresses: ['192.168.1.2', 'fe80::1'], lanHostName: 'Study-PC', keyBits: 1024, signature: 'sha1' });
    const leaf = new crypto.X509Certificate(b.leafCertPem);
    assert.equal(signatureOid(leaf.raw), '1.2.840.113549.1.1.5');
    assert.equal(signatureOid(new crypto.X509Certificate(b.caCertPem).raw), '1.2.840.113549.1.1.5');
    const sans = subjectAltNames(leaf.raw);
    assert.ok(sans.dns.has('nexus.passport.com') && sans.dns.has('study-pc') && sans.dns.has('localhost'));
    assert.ok(sans.ip.has('c0a80102'), '192.168.1.2');
    assert.ok(sans.ip.has('fe800000000000000000000000000001'), 'fe80::1');
    assert.ok(sans.ip.has('7f000001'), '127.0.0.1');
    // Node lists the same names in its text form.
    const text = leaf.subjectAltName ?? '';
    assert.equal(sans.dns.size + sans.ip.size, text.split(', ').length);
    // The CA has no subjectAltName.
    assert.deepEqual(subjectAltNames(new crypto.X509Certificate(b.caCertPem).raw), { dns: new Set(), ip: new Set() });
    assert.throws(() => subjectAltNames(leaf.raw.subarray(0, 100)), /DER/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
