import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { createBulkCipher, tripleDesImplementation, type TripleDesImplementation } from './bulk-ciphers.js';

// NIST SP 800-67 rev.1, appendix B example: three distinct keys, ECB on three blocks.
const TDES_KEY = Buffer.from('0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123', 'hex');
const TDES_PLAIN = Buffer.from('The qufck brown fox jump', 'latin1');
const TDES_ECB = ['a826fd8ce53b855f', 'cce21c8112256fe6', '68d5c05dd9b6b900'];

describe('3DES-CBC (both implementations)', () => {
  for (const impl of ['runtime', 'node-forge'] as TripleDesImplementation[]) {
    it(`${impl}: matches the SP 800-67 known answer block by block`, () => {
      // CBC with an all-zero IV on one block is the raw block cipher.
      TDES_ECB.forEach((hex, i) => {
        const c = createBulkCipher('3des-cbc', TDES_KEY, Buffer.alloc(8), 'encrypt', impl);
        assert.equal(c.update(TDES_PLAIN.subarray(i * 8, i * 8 + 8)).toString('hex'), hex);
        const d = createBulkCipher('3des-cbc', TDES_KEY, Buffer.alloc(8), 'decrypt', impl);
        assert.deepEqual(d.update(Buffer.from(hex, 'hex')), TDES_PLAIN.subarray(i * 8, i * 8 + 8));
      });
    });

    it(`${impl}: chains CBC across update() calls like openssl enc -des-ede3-cbc`, () => {
      const iv = Buffer.from('f0e1d2c3b4a59687', 'hex');
      const plain = Buffer.alloc(64);
      for (let i = 0; i < plain.length; i++) plain[i] = i * 7;
      const expected = execFileSync('openssl', ['enc', '-des-ede3-cbc', '-nopad', '-K', TDES_KEY.toString('hex'), '-iv', iv.toString('hex')], { input: plain });
      const enc = createBulkCipher('3des-cbc', TDES_KEY, iv, 'encrypt', impl);
      const out = Buffer.concat([enc.update(plain.subarray(0, 8)), enc.update(plain.subarray(8, 40)), enc.update(plain.subarray(40))]);
      assert.deepEqual(out, expected);
      const dec = createBulkCipher('3des-cbc', TDES_KEY, iv, 'decrypt', impl);
      assert.deepEqual(Buffer.concat([dec.update(expected.subarray(0, 24)), dec.update(expected.subarray(24))]), plain);
    });
  }

  it('uses the runtime’s 3DES where it has one', () => {
    assert.equal(tripleDesImplementation(), crypto.getCiphers().includes('des-ede3-cbc') ? 'runtime' : 'node-forge');
  });
});

describe('AES-128-CBC', () => {
  it('matches NIST SP 800-38A F.2.1/F.2.2 with record-by-record chaining', () => {
    const key = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const plain = Buffer.from(
      '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
      'hex',
    );
    const cipher = '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7';
    const enc = createBulkCipher('aes128-cbc', key, iv, 'encrypt');
    assert.equal(Buffer.concat([enc.update(plain.subarray(0, 16)), enc.update(plain.subarray(16))]).toString('hex'), cipher);
    const dec = createBulkCipher('aes128-cbc', key, iv, 'decrypt');
    const back = Buffer.concat([dec.update(Buffer.from(cipher, 'hex').subarray(0, 48)), dec.update(Buffer.from(cipher, 'hex').subarray(48))]);
    assert.deepEqual(back, plain, 'decipher hands back every block at once (no hold-back without padding)');
  });
});

describe('RC4-128 through createBulkCipher', () => {
  it('is the RFC 6229 keystream', () => {
    const c = createBulkCipher('rc4-128', Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex'), Buffer.alloc(0), 'encrypt');
    assert.equal(c.update(Buffer.alloc(16)).toString('hex'), '9ac7cc9a609d1ef7b2932899cde41b97');
  });
});
