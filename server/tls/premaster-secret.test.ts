import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, describe, it } from 'node:test';
import { decryptPreMasterSecret, PRE_MASTER_LENGTH } from './premaster-secret.js';

describe('decryptPreMasterSecret', () => {
  let privateKey: crypto.KeyObject;
  let publicKey: crypto.KeyObject;
  const k = 256;
  before(() => {
    ({ privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));
  });

  const secret = (version = 0x0301) => {
    const s = crypto.randomBytes(PRE_MASTER_LENGTH);
    s.writeUInt16BE(version);
    return s;
  };
  const pkcs1 = (pms: Buffer) => crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, pms);
  /** Encrypt a hand-made encryption block, to forge any padding mistake. */
  const raw = (block: Buffer) => crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_NO_PADDING }, block);
  const block = (pms: Buffer, tweak: (b: Buffer) => void = () => {}) => {
    const b = Buffer.alloc(k);
    b[1] = 0x02;
    for (let i = 2; i < k - pms.length - 1; i++) b[i] = 1 + crypto.randomInt(255);
    pms.copy(b, k - pms.length);
    tweak(b);
    return b;
  };

  it('recovers a properly encrypted secret', () => {
    const pms = secret();
    assert.deepEqual(decryptPreMasterSecret(privateKey, pkcs1(pms), 0x0301), pms);
    assert.deepEqual(decryptPreMasterSecret(privateKey, raw(block(pms)), 0x0301), pms);
  });

  it('accepts a ciphertext whose leading zero bytes were dropped', () => {
    for (let tries = 0; tries < 2000; tries++) {
      const pms = secret();
      const c = pkcs1(pms);
      if (c[0] !== 0) continue;
      assert.deepEqual(decryptPreMasterSecret(privateKey, c.subarray(1), 0x0301), pms);
      return;
    }
    // 1 in 256 ciphertexts start with 00: 2000 tries practically always find one.
    assert.fail('no ciphertext with a leading zero found');
  });

  const bad: [string, () => Buffer][] = [
    ['block type 01 instead of 02', () => raw(block(secret(), (b) => (b[1] = 0x01)))],
    ['a non-zero first byte', () => raw(block(secret(), (b) => (b[0] = 0x01)))],
    ['a zero byte inside the padding', () => raw(block(secret(), (b) => (b[5] = 0x00)))],
    ['no zero separator', () => raw(block(secret(), (b) => (b[k - 49] = 0x07)))],
    ['a 47-byte secret', () => raw(block(secret().subarray(1)))],
    ['a 49-byte secret', () => raw(block(Buffer.concat([Buffer.from([3]), secret()])))],
    ['the wrong version', () => pkcs1(secret(0x0300))],
    ['a ciphertext one byte too long', () => Buffer.concat([pkcs1(secret()), Buffer.from([0])])],
    ['a ciphertext above the modulus', () => Buffer.alloc(k, 0xff)],
    ['an empty ciphertext', () => Buffer.alloc(0)],
  ];
  for (const [what, make] of bad) {
    it(`answers ${what} with a random secret carrying the client version, never an error`, () => {
      const c = make();
      const a = decryptPreMasterSecret(privateKey, c, 0x0301);
      const b = decryptPreMasterSecret(privateKey, c, 0x0301);
      assert.equal(a.length, PRE_MASTER_LENGTH);
      assert.equal(a.readUInt16BE(0), 0x0301);
      assert.notDeepEqual(a, b, 'fresh randomness each time');
    });
  }
});
