// TLS 1.0 key derivation (RFC 2246 section 5 and 6.3): the PRF that XORs an HMAC-MD5 stream
// with an HMAC-SHA1 stream, the master secret, the key block and the Finished verify_data.
// TLS 1.2 replaced all of this with a single SHA-256 PRF; old clients only speak this one.

import crypto from 'node:crypto';
import type { LegacySuite } from './legacy-suites.js';

/** P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + …, A(i) = HMAC(secret, A(i-1)). */
function pHash(alg: 'md5' | 'sha1', secret: Buffer, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  let a = seed;
  while (have < length) {
    a = crypto.createHmac(alg, secret).update(a).digest();
    const block = crypto.createHmac(alg, secret).update(a).update(seed).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/**
 * PRF(secret, label, seed) = P_MD5(S1, label + seed) XOR P_SHA-1(S2, label + seed), where S1
 * and S2 are the two halves of the secret; an odd-length secret shares its middle byte.
 */
export function tls10Prf(secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const half = Math.ceil(secret.length / 2);
  const s1 = secret.subarray(0, half);
  const s2 = secret.subarray(secret.length - half);
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const md5 = pHash('md5', s1, labelSeed, length);
  const sha = pHash('sha1', s2, labelSeed, length);
  for (let i = 0; i < length; i++) md5[i] ^= sha[i];
  return md5;
}

export function masterSecret(preMaster: Buffer, clientRandom: Buffer, serverRandom: Buffer): Buffer {
  return tls10Prf(preMaster, 'master secret', Buffer.concat([clientRandom, serverRandom]), 48);
}

export interface KeyBlock {
  clientMacKey: Buffer;
  serverMacKey: Buffer;
  clientKey: Buffer;
  serverKey: Buffer;
  clientIv: Buffer;
  serverIv: Buffer;
}

/** key_block = PRF(master, "key expansion", server_random + client_random), cut in this order. */
export function keyBlock(master: Buffer, clientRandom: Buffer, serverRandom: Buffer, suite: LegacySuite): KeyBlock {
  const sizes = [suite.macLength, suite.macLength, suite.keyLength, suite.keyLength, suite.ivLength, suite.ivLength];
  const block = tls10Prf(master, 'key expansion', Buffer.concat([serverRandom, clientRandom]), sizes.reduce((a, b) => a + b, 0));
  const parts: Buffer[] = [];
  let at = 0;
  for (const n of sizes) {
    parts.push(block.subarray(at, at + n));
    at += n;
  }
  const [clientMacKey, serverMacKey, clientKey, serverKey, clientIv, serverIv] = parts;
  return { clientMacKey, serverMacKey, clientKey, serverKey, clientIv, serverIv };
}

/** verify_data = PRF(master, "client finished"|"server finished", MD5(handshake) + SHA1(handshake))[0..11]. */
export function finishedVerifyData(master: Buffer, who: 'client' | 'server', handshakeMessages: readonly Buffer[]): Buffer {
  const md5 = crypto.createHash('md5');
  const sha1 = crypto.createHash('sha1');
  for (const m of handshakeMessages) {
    md5.update(m);
    sha1.update(m);
  }
  return tls10Prf(master, `${who} finished`, Buffer.concat([md5.digest(), sha1.digest()]), 12);
}
