// Bulk encryption for the JavaScript TLS engine, one object per direction that keeps its state
// from record to record. That is exactly TLS 1.0's rule for CBC: the IV of each record is the
// last ciphertext block of the previous one ("implicit IV"), which a never-finalised CBC
// cipher gives for free; and RC4 simply continues its keystream.
//
// AES and 3DES come from the runtime's crypto (OpenSSL in Node, BoringSSL in Electron, both
// have "des-ede3-cbc" as a plain cipher even though neither offers 3DES TLS suites). Should a
// build lack 3DES, node-forge's DES implementation takes over. RC4 is our own (rc4.ts).

import crypto from 'node:crypto';
import { forge as loadForge } from './forge.js';
import { Rc4 } from './rc4.js';
import type { BulkCipherName } from './legacy-suites.js';

export interface BulkCipher {
  /** Encrypt or decrypt the next bytes; CBC input must be whole blocks (TLS pads records). */
  update(data: Buffer): Buffer;
}

export type TripleDesImplementation = 'runtime' | 'node-forge';

const NODE_NAMES: Record<Exclude<BulkCipherName, 'rc4-128'>, string> = {
  'aes128-cbc': 'aes-128-cbc',
  'aes256-cbc': 'aes-256-cbc',
  '3des-cbc': 'des-ede3-cbc',
};

let runtimeHas3des: boolean | undefined;

/** Which 3DES this runtime uses: its own crypto when available, else node-forge. */
export function tripleDesImplementation(): TripleDesImplementation {
  runtimeHas3des ??= crypto.getCiphers().includes('des-ede3-cbc') && canCreate('des-ede3-cbc', 24, 8);
  return runtimeHas3des ? 'runtime' : 'node-forge';
}

export function createBulkCipher(
  name: BulkCipherName,
  key: Buffer,
  iv: Buffer,
  direction: 'encrypt' | 'decrypt',
  tripleDes: TripleDesImplementation = tripleDesImplementation(),
): BulkCipher {
  if (name === 'rc4-128') return new Rc4(key);
  if (name === '3des-cbc' && tripleDes === 'node-forge') return forgeTripleDes(key, iv, direction);
  const c = direction === 'encrypt' ? crypto.createCipheriv(NODE_NAMES[name], key, iv) : crypto.createDecipheriv(NODE_NAMES[name], key, iv);
  // No PKCS#7 padding: the record layer adds TLS padding itself and never calls final().
  c.setAutoPadding(false);
  return { update: (data) => c.update(data) };
}

function forgeTripleDes(key: Buffer, iv: Buffer, direction: 'encrypt' | 'decrypt'): BulkCipher {
  const forge = loadForge();
  const keyBuf = forge.util.createBuffer(key.toString('binary'));
  const c = direction === 'encrypt' ? forge.cipher.createCipher('3DES-CBC', keyBuf) : forge.cipher.createDecipher('3DES-CBC', keyBuf);
  c.start({ iv: iv.toString('binary') });
  return {
    update(data: Buffer): Buffer {
      c.update(forge.util.createBuffer(data.toString('binary')));
      return Buffer.from(c.output.getBytes(), 'binary');
    },
  };
}

function canCreate(name: string, keyLength: number, ivLength: number): boolean {
  try {
    crypto.createCipheriv(name, Buffer.alloc(keyLength, 1), Buffer.alloc(ivLength));
    return true;
  } catch {
    return false;
  }
}
