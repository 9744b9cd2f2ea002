// RSA key exchange, server side: recover the 48-byte pre-master secret from ClientKeyExchange
// without becoming a Bleichenbacher padding oracle (RFC 5246 section 7.4.7.1).
//
// Whatever is wrong with the ciphertext — bad PKCS#1 v1.5 padding, wrong length, wrong
// version, not even decryptable — we carry on with a random pre-master secret. The client's
// Finished then fails to verify exactly as it would for any other wrong key, so an attacker
// sees the same alert, at about the same time, for every forged ciphertext.
//
// Node 20 refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809) precisely because
// its error is such an oracle, so we decrypt raw (RSA_NO_PADDING) and check the padding here
// with branch-free byte arithmetic.

import crypto from 'node:crypto';

export const PRE_MASTER_LENGTH = 48;

/**
 * The pre-master secret the client sent, or a random one with the client's version when the
 * ciphertext is not a proper PKCS#1 v1.5 block (00 02 <≥8 non-zero> 00 <48 bytes, first two = version>).
 */
export function decryptPreMasterSecret(key: crypto.KeyObject, encrypted: Buffer, clientVersion: number): Buffer {
  const fallback = crypto.randomBytes(PRE_MASTER_LENGTH);
  fallback[0] = clientVersion >> 8;
  fallback[1] = clientVersion & 0xff;

  const k = (key.asymmetricKeyDetails?.modulusLength ?? 0) >> 3;
  // Lengths are public (they are on the wire); rejecting on them leaks nothing.
  if (k < PRE_MASTER_LENGTH + 11 || encrypted.length === 0 || encrypted.length > k) return fallback;
  // A client that dropped leading zero bytes of the ciphertext: restore them.
  const input = encrypted.length === k ? encrypted : Buffer.concat([Buffer.alloc(k - encrypted.length), encrypted]);
  let em: Buffer;
  try {
    em = crypto.privateDecrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, input);
  } catch {
    // The only failure left is a ciphertext not below the modulus: a property of public data.
    return fallback;
  }
  if (em.length !== k) return fallback;

  // good stays 1 only if every check passes; no early exit on any byte of the plaintext.
  const sep = k - PRE_MASTER_LENGTH - 1;
  let good = isZero(em[0]) & isEqual(em[1], 0x02) & isZero(em[sep]);
  for (let i = 2; i < sep; i++) good &= 1 - isZero(em[i]);
  good &= isEqual(em[sep + 1], clientVersion >> 8) & isEqual(em[sep + 2], clientVersion & 0xff);

  const mask = -good & 0xff; // 0xff when good, 0x00 otherwise
  const out = Buffer.alloc(PRE_MASTER_LENGTH);
  for (let i = 0; i < PRE_MASTER_LENGTH; i++) out[i] = (em[sep + 1 + i] & mask) | (fallback[i] & ~mask & 0xff);
  return out;
}

/** 1 if the byte b is 0, else 0, without a branch: only b = 0 makes b - 1 negative. */
function isZero(b: number): number {
  return ((b - 1) >>> 31) & 1;
}

function isEqual(a: number, b: number): number {
  return isZero((a ^ b) & 0xff);
}
