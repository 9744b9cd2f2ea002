// The two things the start-up certificate check needs that Node's X509Certificate does not give
// (in Node 20): the signature algorithm, and the subjectAltNames as raw values (an iPAddress as
// its network-order bytes, compared byte for byte). Read straight from the DER, so every start
// checks its certificates with native crypto instead of loading node-forge (RFC 5280, 4.1):
//   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE {...}, signatureAlgorithm SEQUENCE { OID, ... }, signature BIT STRING }

interface Tlv {
  tag: number;
  /** Offset of the value in the buffer, and its length. */
  start: number;
  end: number;
}

function readTlv(b: Buffer, at: number): Tlv {
  if (at + 2 > b.length) throw new Error('truncated DER');
  const tag = b[at]!;
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > b.length) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  if (start + len > b.length) throw new Error('truncated DER');
  return { tag, start, end: start + len };
}

/** The TLVs directly inside a constructed value. */
function children(b: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const t = readTlv(b, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

function oidText(b: Buffer, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** The signature algorithm OID, e.g. "1.2.840.113549.1.1.11" (sha256WithRSAEncryption). */
export function signatureOid(der: Buffer): string {
  const cert = children(der, readTlv(der, 0));
  const alg = children(der, cert[1]!);
  return oidText(der, alg[0]!);
}

const SUBJECT_ALT_NAME = '2.5.29.17';

/** dNSNames (lower case) and iPAddresses (hex of their bytes) of the subjectAltName extension. */
export function subjectAltNames(der: Buffer): { dns: Set<string>; ip: Set<string> } {
  const dns = new Set<string>();
  const ip = new Set<string>();
  const tbs = children(der, children(der, readTlv(der, 0))[0]!);
  // extensions are [3] EXPLICIT, the last optional field of tbsCertificate.
  const extsWrapper = tbs.find((t) => t.tag === 0xa3);
  if (!extsWrapper) return { dns, ip };
  for (const ext of children(der, children(der, extsWrapper)[0]!)) {
    const fields = children(der, ext);
    if (oidText(der, fields[0]!) !== SUBJECT_ALT_NAME) continue;
    const value = fields[fields.length - 1]!; // OCTET STRING (after the optional "critical")
    for (const name of children(der, readTlv(der, value.start))) {
      if (name.tag === 0x82) dns.add(der.toString('latin1', name.start, name.end).toLowerCase());
      if (name.tag === 0x87) ip.add(der.toString('hex', name.start, name.end));
    }
  }
  return { dns, ip };
}
