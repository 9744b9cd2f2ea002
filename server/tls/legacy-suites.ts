// The cipher suites the JavaScript TLS 1.0 engine speaks, most preferred first. All use RSA key
// exchange with the leaf certificate's key (no ServerKeyExchange), which is what Windows
// 2000/XP SChannel and Messenger for Mac's TLS 1.0 stack offer:
//   XP SP2:  RC4-MD5, RC4-SHA, DES-CBC3-SHA, … (no AES at all)
//   Mac:     AES128-SHA, DES-CBC3-SHA, RC4-SHA, … in an SSLv2-format hello
// The two AES-CBC suites are here because Electron's BoringSSL refuses SSLv2-format hellos, so
// under Electron an AES-capable Mac client must be served by this engine too.
// 3DES is preferred over RC4: both are weak, RC4 more so.

export type BulkCipherName = 'aes128-cbc' | 'aes256-cbc' | '3des-cbc' | 'rc4-128';
export type MacName = 'sha1' | 'md5';

export interface LegacySuite {
  id: number;
  /** OpenSSL's name, as the tap shows it: "DES-CBC3-SHA". */
  name: string;
  cipher: BulkCipherName;
  keyLength: number;
  /** CBC IV length (= block length); 0 for the RC4 stream cipher. */
  ivLength: number;
  blockLength: number;
  mac: MacName;
  macLength: number;
}

export const LEGACY_SUITES: readonly LegacySuite[] = Object.freeze([
  { id: 0x002f, name: 'AES128-SHA', cipher: 'aes128-cbc', keyLength: 16, ivLength: 16, blockLength: 16, mac: 'sha1', macLength: 20 },
  { id: 0x0035, name: 'AES256-SHA', cipher: 'aes256-cbc', keyLength: 32, ivLength: 16, blockLength: 16, mac: 'sha1', macLength: 20 },
  { id: 0x000a, name: 'DES-CBC3-SHA', cipher: '3des-cbc', keyLength: 24, ivLength: 8, blockLength: 8, mac: 'sha1', macLength: 20 },
  { id: 0x0005, name: 'RC4-SHA', cipher: 'rc4-128', keyLength: 16, ivLength: 0, blockLength: 0, mac: 'sha1', macLength: 20 },
  { id: 0x0004, name: 'RC4-MD5', cipher: 'rc4-128', keyLength: 16, ivLength: 0, blockLength: 0, mac: 'md5', macLength: 16 },
] satisfies LegacySuite[]);

const BY_ID = new Map(LEGACY_SUITES.map((s) => [s.id, s]));

export function legacySuiteById(id: number): LegacySuite | undefined {
  return BY_ID.get(id);
}

/**
 * Our most preferred suite among those offered. SSLv2-format hellos list TLS suites as
 * 3-byte specs 00 xx yy, which parseClientHello already turned into the 16-bit id.
 */
export function chooseLegacySuite(offered: readonly number[]): LegacySuite | undefined {
  const set = new Set(offered);
  return LEGACY_SUITES.find((s) => set.has(s.id));
}
