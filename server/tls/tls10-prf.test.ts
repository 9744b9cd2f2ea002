import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { legacySuiteById } from './legacy-suites.js';
import { finishedVerifyData, keyBlock, masterSecret, tls10Prf } from './tls10-prf.js';

/** OpenSSL's own TLS 1.0 PRF (EVP_KDF "TLS1-PRF" with the MD5-SHA1 digest), as an independent check. */
function opensslPrf(secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const out = execFileSync('openssl', [
    'kdf', '-keylen', String(length), '-kdfopt', 'digest:MD5-SHA1',
    '-kdfopt', `hexsecret:${secret.toString('hex')}`,
    '-kdfopt', `hexseed:${Buffer.concat([Buffer.from(label, 'latin1'), seed]).toString('hex')}`,
    'TLS1-PRF',
  ], { encoding: 'utf8' });
  return Buffer.from(out.trim().replace(/:/g, ''), 'hex');
}

describe('TLS 1.0 PRF', () => {
  it('matches a fixed vector', () => {
    // Computed once with `openssl kdf -kdfopt digest:MD5-SHA1 … TLS1-PRF`; guards against a
    // broken openssl on the test machine as well.
    const got = tls10Prf(Buffer.from('0102', 'hex'), '', Buffer.from('0304', 'hex'), 16);
    assert.equal(got.toString('hex'), '55ff84dc538154793d581794cf57da7d');
  });

  for (const [secretLen, outLen] of [[48, 104], [47, 13], [1, 48], [0, 20]]) {
    it(`matches OpenSSL for a ${secretLen}-byte secret and ${outLen} bytes out`, () => {
      const secret = crypto.randomBytes(secretLen);
      const seed = crypto.randomBytes(64);
      assert.deepEqual(tls10Prf(secret, 'key expansion', seed, outLen), opensslPrf(secret, 'key expansion', seed, outLen));
    });
  }

  it('derives master secret, key block and Finished as the spec orders them', () => {
    const pre = crypto.randomBytes(48);
    const cr = crypto.randomBytes(32);
    const sr = crypto.randomBytes(32);
    const master = masterSecret(pre, cr, sr);
    assert.deepEqual(master, opensslPrf(pre, 'master secret', Buffer.concat([cr, sr]), 48));
    const suite = legacySuiteById(0x000a)!;
    const kb = keyBlock(master, cr, sr, suite);
    const raw = opensslPrf(master, 'key expansion', Buffer.concat([sr, cr]), 2 * (20 + 24 + 8));
    assert.deepEqual(Buffer.concat([kb.clientMacKey, kb.serverMacKey, kb.clientKey, kb.serverKey, kb.clientIv, kb.serverIv]), raw);
    assert.equal(kb.serverKey.length, 24);
    assert.equal(kb.clientIv.length, 8);
    const rc4 = keyBlock(master, cr, sr, legacySuiteById(0x0004)!);
    assert.equal(rc4.clientMacKey.length, 16);
    assert.equal(rc4.clientIv.length, 0);

    const msgs = [Buffer.from('client hello'), Buffer.from('server hello')];
    const hashes = Buffer.concat([crypto.createHash('md5').update('client helloserver hello').digest(), crypto.createHash('sha1').update('client helloserver hello').digest()]);
    assert.deepEqual(finishedVerifyData(master, 'client', msgs), opensslPrf(master, 'client finished', hashes, 12));
    assert.notDeepEqual(finishedVerifyData(master, 'server', msgs), finishedVerifyData(master, 'client', msgs));
  });
});
