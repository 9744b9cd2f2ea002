import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadOrCreateCertificates, type CertBundle } from './ca.js';
import { CA_FILE_NAMES, caInstallSteps, exportCa } from './ca-export.js';
import { MICROSOFT_HOSTS } from './hostnames.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function issue(signature: 'sha1' | 'sha256'): { dir: string; bundle: CertBundle } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-ca-export-'));
  dirs.push(dir);
  const bundle = loadOrCreateCertificates(dir, { lanAddresses: ['192.168.1.20'], lanHostName: 'den-pc', signature, keyBits: 2048 });
  return { dir, bundle };
}

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

for (const signature of ['sha256', 'sha1'] as const) {
  describe(`CA exports (${signature})`, () => {
    const { dir, bundle } = issue(signature);
    const exp = exportCa(bundle);
    const leafFile = path.join(dir, 'leaf.pem');
    fs.writeFileSync(leafFile, bundle.leafCertPem);
    const files = {
      pem: path.join(dir, CA_FILE_NAMES.pem),
      der: path.join(dir, CA_FILE_NAMES.der),
      crt: path.join(dir, CA_FILE_NAMES.crt),
    };
    fs.writeFileSync(files.pem, exp.pem);
    fs.writeFileSync(files.der, exp.der);
    fs.writeFileSync(files.crt, exp.crt);

    it('holds the same certificate in all three formats', () => {
      const ca = new crypto.X509Certificate(bundle.caCertPem);
      for (const form of [exp.pem, exp.der, exp.crt]) {
        assert.equal(new crypto.X509Certificate(form).fingerprint256, ca.fingerprint256);
      }
      assert.deepEqual(exp.der, Buffer.from(ca.raw));
      assert.equal(exp.der[0], 0x30, 'DER starts with a SEQUENCE');
    });

    it('uses LF in .pem and CRLF throughout .crt', () => {
      assert.ok(!exp.pem.includes('\r'));
      assert.match(exp.pem, /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
      assert.ok(exp.crt.endsWith('-----END CERTIFICATE-----\r\n'));
      assert.equal(exp.crt.split('\n').length, exp.crt.split('\r\n').length, 'no bare LF');
      assert.ok(exp.crt.split('\r\n').every((line) => line.length <= 64));
    });

    it('verifies the leaf against the PEM export (openssl verify -CAfile)', () => {
      assert.match(openssl(['verify', '-purpose', 'sslserver', '-CAfile', files.pem, leafFile]), /leaf\.pem: OK/);
    });

    it('verifies the leaf against the DER .cer once converted (openssl x509 -inform DER)', () => {
      const converted = path.join(dir, 'from-der.pem');
      openssl(['x509', '-inform', 'DER', '-in', files.der, '-out', converted]);
      assert.match(openssl(['x509', '-inform', 'DER', '-in', files.der, '-noout', '-subject']), /Butterfly Local CA/);
      assert.match(openssl(['verify', '-purpose', 'sslserver', '-CAfile', converted, leafFile]), /leaf\.pem: OK/);
    });

    it('verifies the leaf against the CRLF .crt as is', () => {
      assert.match(openssl(['verify', '-purpose', 'sslserver', '-CAfile', files.crt, leafFile]), /leaf\.pem: OK/);
    });

    it(`has every SAN and the ${signature} signature, as openssl x509 reads them`, () => {
      const text = openssl(['x509', '-in', leafFile, '-noout', '-text']);
      assert.match(text, new RegExp(`Signature Algorithm: ${signature}WithRSAEncryption`));
      const sans = openssl(['x509', '-in', leafFile, '-noout', '-ext', 'subjectAltName']);
      for (const host of [...MICROSOFT_HOSTS, 'den-pc', 'localhost']) assert.ok(sans.includes(`DNS:${host}`), `missing DNS:${host}`);
      for (const ip of ['192.168.1.20', '127.0.0.1']) assert.ok(sans.includes(`IP Address:${ip}`), `missing ${ip}`);
      assert.match(openssl(['x509', '-in', files.pem, '-noout', '-text']), new RegExp(`Signature Algorithm: ${signature}WithRSAEncryption`));
    });
  });
}

describe('caInstallSteps', () => {
  it('numbers every step for each OS', () => {
    for (const os of ['macos', 'macos-tiger', 'windows', 'linux'] as const) {
      const steps = caInstallSteps(os);
      assert.ok(steps.length >= 4, os);
      const numbered = steps.filter((s) => /^\d+\. /.test(s)).map((s) => Number(s.split('.')[0]));
      assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `${os}: steps numbered 1, 2, 3…`);
      assert.match(steps[0], /^1\. /);
    }
  });

  it('Windows: the route without certutil first (XP, 2000 and 98 lack it); each command ends its line after ": "', () => {
    const steps = caInstallSteps('windows');
    const doubleClick = steps.findIndex((s) => s.includes('Windows 98, Me, 2000 and XP'));
    const certmgr = steps.findIndex((s) => s.endsWith(': certmgr.msc'));
    const certutil = steps.findIndex((s) => s.includes('certutil -addstore'));
    assert.ok(doubleClick >= 0 && certmgr > doubleClick && certutil > certmgr, 'double-click, then certmgr, then certutil');
    assert.ok(steps[certutil]!.endsWith(': certutil -addstore Root butterfly-ca.crt'), 'certutil alone after the prose');
    for (const s of steps) {
      // A command in the middle of prose ("cd …) and run: certutil …") cannot be copied as one.
      assert.ok(!/: (cd|certutil) .*: /.test(s), `one command per line, at its end: ${s}`);
    }
  });

  it('gives the exact commands', () => {
    assert.ok(caInstallSteps('windows').some((s) => s.includes('certutil -addstore Root butterfly-ca.crt')));
    assert.ok(caInstallSteps('windows').some((s) => /Windows 98, Me, 2000 and XP: double-click butterfly-ca\.crt.*Trusted Root Certification Authorities/.test(s)));
    assert.ok(caInstallSteps('windows').some((s) => /Vista, 7 and later.*Local Machine/.test(s)));
    assert.ok(caInstallSteps('macos').some((s) => s.includes('sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain butterfly-ca.cer')));
    assert.ok(caInstallSteps('macos-tiger').some((s) => s.includes('sudo certtool i butterfly-ca.cer k=/System/Library/Keychains/X509Anchors')));
    assert.ok(caInstallSteps('linux').some((s) => s.includes('update-ca-certificates')));
  });
});
