// The certificate operation hands out the CA certificate in three forms and the install steps,
// and never a private key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestServer } from '../test-support/test-server';
import { createPanelHandlers } from './handlers';

test('getCertificate: the CA in .crt, .cer and .pem, its fingerprint, steps per OS, no key', async () => {
  const app = await startTestServer();
  try {
    const info = await createPanelHandlers(app).getCertificate({});
    const ca = new crypto.X509Certificate(app.certs.caCertPem);
    assert.equal(info.fingerprintSha1, app.certs.caFingerprintSha1);
    assert.equal(info.validTo, new Date(ca.validTo).toISOString());
    assert.deepEqual(info.files.map((f) => f.name), ['butterfly-ca.crt', 'butterfly-ca.cer', 'butterfly-ca.pem']);
    for (const f of info.files) {
      const bytes = Buffer.from(f.base64, 'base64');
      assert.equal(new crypto.X509Certificate(bytes).fingerprint, ca.fingerprint, f.name);
    }
    assert.deepEqual(Object.keys(info.steps).sort(), ['linux', 'macos', 'macos-tiger', 'windows']);
    assert.ok(info.steps.windows.some((s) => s.includes('butterfly-ca.crt')));
    const all = JSON.stringify(info) + info.files.map((f) => Buffer.from(f.base64, 'base64').toString('latin1')).join('');
    assert.doesNotMatch(all, /PRIVATE KEY/);
    assert.ok(!all.includes(app.certs.caKeyPem.split('\n')[1]!));
  } finally {
    await app.cleanup();
  }
});
