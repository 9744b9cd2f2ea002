// MBI_KEY_OLD, the SSO proof of WLM 8.1+ (MSNP15+): the client shows it holds the proof key that
// RST.srf gave it with its messengerclear.live.com ticket, by encrypting and hashing our nonce.
//   S: USR 7 SSO S MBI_KEY_OLD <64-char nonce>
//   C: USR 8 SSO S t=<ticket>&p= HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAA…   (base64 of 128 bytes)
// Blob: seven uint32 LE header words (28, 1 CBC, 0x6603 3DES, 0x8004 SHA1, 8, 20, 72), IV (8),
// HMAC-SHA1(key2, nonce) (20), 3DES-CBC(key3, IV, nonce + eight 0x08) (72). The nonce is used as its
// ASCII text, not base64-decoded.
import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const HEADER = [28, 1, 0x6603, 0x8004, 8, 20, 72];

/** 48 random bytes in base64: exactly 64 characters. */
export function ssoNonce(): string {
  return randomBytes(48).toString('base64');
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha1', key).update(data).digest();
}

/** The WS-SecureConversation key derivation, 24 bytes. */
export function deriveSsoKey(key: Buffer, magic: string): Buffer {
  const m = Buffer.from(magic, 'latin1');
  const a1 = hmac(key, m);
  const a2 = hmac(key, a1);
  return Buffer.concat([hmac(key, Buffer.concat([a1, m])).subarray(0, 20), hmac(key, Buffer.concat([a2, m])).subarray(0, 4)]);
}

/** The blob a client computes; used by the verifier with the client's IV, and by tests as the client. */
export function ssoBlob(proofKey: Buffer, nonce: string, iv: Buffer = randomBytes(8)): string {
  const key2 = deriveSsoKey(proofKey, 'WS-SecureConversationSESSION KEY HASH');
  const key3 = deriveSsoKey(proofKey, 'WS-SecureConversationSESSION KEY ENCRYPTION');
  const text = Buffer.from(nonce, 'latin1');
  const hash = hmac(key2, text);
  const cipher = createCipheriv('des-ede3-cbc', key3, iv);
  cipher.setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(Buffer.concat([text, Buffer.alloc(8, 8)])), cipher.final()]);
  const header = Buffer.alloc(28);
  HEADER.forEach((v, i) => header.writeUInt32LE(v, i * 4));
  return Buffer.concat([header, iv, hash, encrypted]).toString('base64');
}

/** Does this blob prove the client holds `proofKey` for our `nonce`? Never throws. */
export function verifySsoBlob(proofKey: Buffer, nonce: string, blobB64: string): boolean {
  const blob = Buffer.from(blobB64, 'base64');
  if (blob.length !== 128 || Buffer.byteLength(nonce) !== 64) return false;
  for (let i = 0; i < HEADER.length; i++) if (blob.readUInt32LE(i * 4) !== HEADER[i]) return false;
  const expected = Buffer.from(ssoBlob(proofKey, nonce, blob.subarray(28, 36)), 'base64');
  return timingSafeEqual(expected, blob);
}
