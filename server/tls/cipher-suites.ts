// Names and families of the cipher suites old and new clients offer, so tap records can say
// "offers AES128-SHA,DES-CBC3-SHA,RC4-MD5" instead of a list of numbers, and so the listener
// can explain a failed handshake by family ("only 3DES/RC4").
//
// Names are OpenSSL's. Two-byte TLS suite ids are used as-is; SSLv2-only cipher kinds from an
// SSLv2-format hello keep their 3-byte value (always > 0xffff), e.g. 0x010080 = SSL2 RC4-MD5.

export type CipherFamily =
  | 'TLS13' // TLS 1.3 AEAD suites (0x13xx)
  | 'AES-GCM'
  | 'CHACHA20'
  | 'AES-CBC'
  | '3DES'
  | 'RC4'
  | 'DES' // single DES and export-grade ciphers
  | 'NULL'
  | 'SSL2' // SSL 2.0-only cipher kinds
  | 'SIGNAL' // SCSVs: not ciphers, just flags
  | 'GREASE'
  | 'OTHER';

interface SuiteInfo {
  name: string;
  family: CipherFamily;
}

const TABLE = new Map<number, SuiteInfo>();
function add(family: CipherFamily, entries: [number, string][]): void {
  for (const [id, name] of entries) TABLE.set(id, { name, family });
}

add('NULL', [
  [0x0000, 'NULL-NULL'],
  [0x0001, 'NULL-MD5'],
  [0x0002, 'NULL-SHA'],
  [0x003b, 'NULL-SHA256'],
]);
add('RC4', [
  [0x0003, 'EXP-RC4-MD5'],
  [0x0004, 'RC4-MD5'],
  [0x0005, 'RC4-SHA'],
  [0x0018, 'ADH-RC4-MD5'],
  [0x0064, 'EXP1024-RC4-SHA'],
  [0x0065, 'EXP1024-DHE-DSS-RC4-SHA'],
  [0x0066, 'DHE-DSS-RC4-SHA'],
  [0xc007, 'ECDHE-ECDSA-RC4-SHA'],
  [0xc011, 'ECDHE-RSA-RC4-SHA'],
]);
add('DES', [
  [0x0006, 'EXP-RC2-CBC-MD5'],
  [0x0008, 'EXP-DES-CBC-SHA'],
  [0x0009, 'DES-CBC-SHA'],
  [0x0011, 'EXP-DHE-DSS-DES-CBC-SHA'],
  [0x0012, 'DHE-DSS-DES-CBC-SHA'],
  [0x0014, 'EXP-DHE-RSA-DES-CBC-SHA'],
  [0x0015, 'DHE-RSA-DES-CBC-SHA'],
  [0x0062, 'EXP1024-DES-CBC-SHA'],
  [0x0063, 'EXP1024-DHE-DSS-DES-CBC-SHA'],
]);
add('3DES', [
  [0x000a, 'DES-CBC3-SHA'],
  [0x0013, 'DHE-DSS-DES-CBC3-SHA'],
  [0x0016, 'DHE-RSA-DES-CBC3-SHA'],
  [0xc008, 'ECDHE-ECDSA-DES-CBC3-SHA'],
  [0xc012, 'ECDHE-RSA-DES-CBC3-SHA'],
]);
add('AES-CBC', [
  [0x002f, 'AES128-SHA'],
  [0x0032, 'DHE-DSS-AES128-SHA'],
  [0x0033, 'DHE-RSA-AES128-SHA'],
  [0x0035, 'AES256-SHA'],
  [0x0038, 'DHE-DSS-AES256-SHA'],
  [0x0039, 'DHE-RSA-AES256-SHA'],
  [0x003c, 'AES128-SHA256'],
  [0x003d, 'AES256-SHA256'],
  [0x0040, 'DHE-DSS-AES128-SHA256'],
  [0x0067, 'DHE-RSA-AES128-SHA256'],
  [0x006a, 'DHE-DSS-AES256-SHA256'],
  [0x006b, 'DHE-RSA-AES256-SHA256'],
  [0xc009, 'ECDHE-ECDSA-AES128-SHA'],
  [0xc00a, 'ECDHE-ECDSA-AES256-SHA'],
  [0xc013, 'ECDHE-RSA-AES128-SHA'],
  [0xc014, 'ECDHE-RSA-AES256-SHA'],
  [0xc023, 'ECDHE-ECDSA-AES128-SHA256'],
  [0xc024, 'ECDHE-ECDSA-AES256-SHA384'],
  [0xc027, 'ECDHE-RSA-AES128-SHA256'],
  [0xc028, 'ECDHE-RSA-AES256-SHA384'],
]);
add('AES-GCM', [
  [0x009c, 'AES128-GCM-SHA256'],
  [0x009d, 'AES256-GCM-SHA384'],
  [0x009e, 'DHE-RSA-AES128-GCM-SHA256'],
  [0x009f, 'DHE-RSA-AES256-GCM-SHA384'],
  [0xc02b, 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  [0xc02c, 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  [0xc02f, 'ECDHE-RSA-AES128-GCM-SHA256'],
  [0xc030, 'ECDHE-RSA-AES256-GCM-SHA384'],
]);
add('CHACHA20', [
  [0xcca8, 'ECDHE-RSA-CHACHA20-POLY1305'],
  [0xcca9, 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  [0xccaa, 'DHE-RSA-CHACHA20-POLY1305'],
]);
add('TLS13', [
  [0x1301, 'TLS_AES_128_GCM_SHA256'],
  [0x1302, 'TLS_AES_256_GCM_SHA384'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256'],
]);
add('SIGNAL', [
  [0x00ff, 'EMPTY-RENEGOTIATION-INFO-SCSV'],
  [0x5600, 'FALLBACK-SCSV'],
]);
// SSLv2 cipher kinds (3 bytes, first byte non-zero). Only an SSL 2.0 server could use them.
add('SSL2', [
  [0x010080, 'SSL2-RC4-MD5'],
  [0x020080, 'SSL2-EXP-RC4-MD5'],
  [0x030080, 'SSL2-RC2-CBC-MD5'],
  [0x040080, 'SSL2-EXP-RC2-CBC-MD5'],
  [0x050080, 'SSL2-IDEA-CBC-MD5'],
  [0x060040, 'SSL2-DES-CBC-MD5'],
  [0x0700c0, 'SSL2-DES-CBC3-MD5'],
]);

/** GREASE values (RFC 8701) look like 0x0a0a, 0x1a1a, … 0xfafa. */
export function isGrease(id: number): boolean {
  return (id & 0x0f0f) === 0x0a0a && (id >> 8) === (id & 0xff);
}

export function cipherSuiteName(id: number): string {
  const known = TABLE.get(id);
  if (known) return known.name;
  if (isGrease(id)) return 'GREASE';
  if (id > 0xffff) return `SSL2-0x${id.toString(16).padStart(6, '0')}`;
  return `0x${id.toString(16).padStart(4, '0')}`;
}

export function cipherSuiteFamily(id: number): CipherFamily {
  const known = TABLE.get(id);
  if (known) return known.family;
  if (isGrease(id)) return 'GREASE';
  if (id > 0xffff) return 'SSL2';
  return 'OTHER';
}

/** Suite id for an OpenSSL cipher name (case-insensitive), for building runtime policy. */
export function cipherSuiteId(name: string): number | undefined {
  const want = name.toUpperCase();
  for (const [id, info] of TABLE) if (info.name.toUpperCase() === want && id <= 0xffff) return id;
  return undefined;
}
