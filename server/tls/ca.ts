// The local certificate authority. Old Messenger clients talk HTTPS to Passport and the
// address-book services, so Butterfly must present a certificate for those Microsoft names.
// The user installs our root CA once on each client PC; after that we can mint server
// certificates freely. Hence the rules below:
//   * the CA is reused for as long as it is valid (re-issuing it means reinstalling it on
//     every client), and only replaced when it has expired, is unreadable, or on request;
//   * the server ("leaf") certificate is cheap and is re-issued whenever it no longer covers
//     the LAN addresses we are asked to serve, is close to expiry, or the options changed.
// The certificate files are the source of truth; meta.json only describes them for people
// and the control panel.
//
// Files under <dataDir>/tls/: ca.pem, ca.key, server.pem, server.key (keys mode 0600), meta.json.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Forge from 'node-forge';
import { forge } from './forge.js';
import { signatureOid, subjectAltNames } from './cert-der.js';
import { MICROSOFT_HOSTS } from './hostnames.js';
import { canonicalIp, ipToBytes } from './ip-address.js';
import { isoUtc } from './iso-utc.js';

export interface CertBundle {
  caCertPem: string;
  caKeyPem: string;
  leafCertPem: string;
  leafKeyPem: string;
  /** SHA-1 thumbprint of the CA, "AB:CD:…" (what Windows' certificate dialog shows, modulo separators). */
  caFingerprintSha1: string;
}

export interface CertificateOptions {
  /** LAN IPs clients use to reach this computer; each becomes an iPAddress SAN. */
  lanAddresses: string[];
  /** This computer's LAN host name (e.g. "livingroom-pc"), added as a dNSName SAN when valid. */
  lanHostName?: string;
  /** RSA modulus size. 2048 by default; 1024 only for clients that cannot handle more. */
  keyBits?: 1024 | 2048;
  /** Signature hash. SHA-256 by default; SHA-1 for Windows XP before SP3 / 2000, which lack SHA-2. */
  signature?: 'sha1' | 'sha256';
  /** Clock override, for tests. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Apple and browsers reject server certificates valid longer than 825 days; stay below. */
const VALIDITY_DAYS = 820;
/** Re-issue the leaf when it has less than this left. */
const RENEW_BEFORE_DAYS = 30;
const CA_COMMON_NAME = "Butterfly Local CA (this computer's Messenger server)";
const LEAF_COMMON_NAME = 'nexus.passport.com';

const SIG_OIDS: Record<'sha1' | 'sha256', string> = {
  sha1: '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  sha256: '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
};

interface Resolved {
  keyBits: 1024 | 2048;
  signature: 'sha1' | 'sha256';
  now: Date;
  dnsNames: string[];
  ipAddresses: string[];
  lanAddresses: string[];
  lanHostName?: string;
}

interface CaMaterial {
  x509: crypto.X509Certificate;
  certPem: string;
  keyPem: string;
}

interface LeafMaterial {
  certPem: string;
  keyPem: string;
}

/** Load the certificates from <dataDir>/tls, creating or re-issuing whatever is missing or stale. */
export function loadOrCreateCertificates(dataDir: string, opts: CertificateOptions): CertBundle {
  return obtain(dataDir, opts, { forceLeaf: false, newCa: false });
}

/** Re-issue the server certificate now; with newCa also replace the CA (clients must reinstall it). */
export function regenerateCertificates(dataDir: string, opts: CertificateOptions, how: { newCa: boolean }): CertBundle {
  return obtain(dataDir, opts, { forceLeaf: true, newCa: how.newCa });
}

/** The dNSName and iPAddress SANs a leaf must carry for these options. */
export function leafSubjectNames(opts: Pick<CertificateOptions, 'lanAddresses' | 'lanHostName'>): { dnsNames: string[]; ipAddresses: string[] } {
  const dns = new Set<string>(MICROSOFT_HOSTS.map((h) => h.toLowerCase()));
  const ips = new Set<string>();
  const addName = (raw: string | undefined) => {
    if (!raw) return;
    const ip = canonicalIp(raw);
    if (ip) {
      ips.add(ip);
      return;
    }
    const host = raw.trim().toLowerCase().replace(/\.$/, '');
    // Windows computer names may contain "_" or spaces, which a dNSName may not; skip those
    // rather than produce a certificate that strict clients would refuse outright.
    if (/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host)) dns.add(host);
  };
  addName(opts.lanHostName);
  addName('localhost');
  addName('127.0.0.1');
  for (const a of opts.lanAddresses) addName(a);
  return { dnsNames: [...dns], ipAddresses: [...ips] };
}

function obtain(dataDir: string, opts: CertificateOptions, how: { forceLeaf: boolean; newCa: boolean }): CertBundle {
  const r = resolve(opts);
  const dir = path.join(dataDir, 'tls');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    caCert: path.join(dir, 'ca.pem'),
    caKey: path.join(dir, 'ca.key'),
    leafCert: path.join(dir, 'server.pem'),
    leafKey: path.join(dir, 'server.key'),
    meta: path.join(dir, 'meta.json'),
  };

  let ca = how.newCa ? null : loadCa(files.caCert, files.caKey, r.now);
  let caCreated = false;
  if (!ca) {
    setAside(files.caCert, files.caKey);
    ca = createCa(r);
    writeAtomic(files.caKey, ca.keyPem, 0o600);
    writeAtomic(files.caCert, ca.certPem, 0o644);
    caCreated = true;
  }

  let leaf: LeafMaterial | null = null;
  let leafReason = 'kept';
  if (!caCreated && !how.forceLeaf) {
    const existing = readPair(files.leafCert, files.leafKey);
    const why = existing ? leafProblem(existing, ca, r) : 'missing or unreadable';
    if (why === null) leaf = existing;
    else leafReason = why;
  } else {
    leafReason = caCreated ? 'new CA' : 'regeneration requested';
  }
  if (!leaf) {
    leaf = createLeaf(ca, r);
    writeAtomic(files.leafKey, leaf.keyPem, 0o600);
    writeAtomic(files.leafCert, leaf.certPem, 0o644);
  }
  // Keys may have been copied in from elsewhere with looser permissions.
  tightenMode(files.caKey);
  tightenMode(files.leafKey);

  const caFingerprintSha1 = ca.x509.fingerprint;
  writeMeta(files.meta, ca, leaf, r, caFingerprintSha1, leafReason);
  return { caCertPem: ca.certPem, caKeyPem: ca.keyPem, leafCertPem: leaf.certPem, leafKeyPem: leaf.keyPem, caFingerprintSha1 };
}

function resolve(opts: CertificateOptions): Resolved {
  const names = leafSubjectNames(opts);
  return {
    keyBits: opts.keyBits ?? 2048,
    signature: opts.signature ?? 'sha256',
    now: opts.now ?? new Date(),
    lanAddresses: [...opts.lanAddresses],
    lanHostName: opts.lanHostName,
    ...names,
  };
}

// ---- CA ----------------------------------------------------------------------------

// Every start checks the certificates with Node's native crypto; node-forge (forge.ts) is loaded
// only to issue one.
function loadCa(certFile: string, keyFile: string, now: Date): CaMaterial | null {
  const pair = readPair(certFile, keyFile);
  if (!pair) return null;
  try {
    const x509 = new crypto.X509Certificate(pair.certPem);
    if (!x509.checkPrivateKey(crypto.createPrivateKey(pair.keyPem))) return null; // key belongs to another cert
    // An expired CA cannot vouch for anything; clients must install a new one regardless.
    if (notAfterOf(x509).getTime() <= now.getTime()) return null;
    return { x509, certPem: pair.certPem, keyPem: pair.keyPem };
  } catch {
    return null;
  }
}

function createCa(r: Resolved): CaMaterial {
  const { privateKey, publicKey, keyPem } = generateRsa(r.keyBits);
  const cert = forge().pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  setValidity(cert, r.now, null);
  const created = r.now.toISOString().slice(0, 10);
  const subject = [
    { name: 'commonName', value: CA_COMMON_NAME },
    { name: 'organizationName', value: 'Butterfly' },
    // A dated OU tells two generations of the CA apart in the Windows certificate store.
    { name: 'organizationalUnitName', value: `Local Messenger server, created ${created}` },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, digest(r.signature));
  const certPem = forge().pki.certificateToPem(cert);
  return { x509: new crypto.X509Certificate(certPem), certPem, keyPem };
}

// ---- leaf --------------------------------------------------------------------------

/** Why the existing leaf must be re-issued, or null when it is fine. */
function leafProblem(pair: LeafMaterial, ca: CaMaterial, r: Resolved): string | null {
  let cert: crypto.X509Certificate;
  let key: crypto.KeyObject;
  try {
    cert = new crypto.X509Certificate(pair.certPem);
    key = crypto.createPrivateKey(pair.keyPem);
  } catch {
    return 'unreadable';
  }
  if (!cert.checkPrivateKey(key)) return 'key does not match certificate';
  if (!cert.checkIssued(ca.x509)) return 'not issued by the current CA';
  if (!cert.verify(ca.x509.publicKey)) return 'not signed by the current CA';
  let have: { dns: Set<string>; ip: Set<string> };
  let sig: string;
  try {
    have = subjectAltNames(cert.raw);
    sig = signatureOid(cert.raw);
  } catch {
    return 'unreadable';
  }
  const missingDns = r.dnsNames.filter((n) => !have.dns.has(n));
  const missingIp = r.ipAddresses.filter((ip) => !have.ip.has(ipToBytes(ip)!.toString('hex')));
  if (missingDns.length || missingIp.length) return `does not cover ${[...missingDns, ...missingIp].join(', ')}`;
  if (sig !== SIG_OIDS[r.signature]) return `signature is not ${r.signature}`;
  if (cert.publicKey.asymmetricKeyDetails?.modulusLength !== r.keyBits) return `key is not ${r.keyBits} bits`;
  const notAfter = notAfterOf(cert).getTime();
  const now = r.now.getTime();
  if (notAfter <= now) return 'expired';
  if (new Date(cert.validFrom).getTime() > now) return 'not yet valid';
  // Near expiry, re-issue — unless the CA ends just as soon, in which case a new leaf could
  // not last any longer and we would re-issue on every start for nothing.
  if (notAfter - now < RENEW_BEFORE_DAYS * DAY_MS && notAfterOf(ca.x509).getTime() > notAfter + DAY_MS) {
    return `expires ${new Date(notAfter).toISOString().slice(0, 10)}`;
  }
  return null;
}

/** X509Certificate gives dates as text ("Mar  3 10:00:00 2029 GMT"), which Date reads. */
function notAfterOf(c: crypto.X509Certificate): Date {
  return new Date(c.validTo);
}

function createLeaf(ca: CaMaterial, r: Resolved): LeafMaterial {
  const f = forge();
  const caCert = f.pki.certificateFromPem(ca.certPem);
  const caKey = f.pki.privateKeyFromPem(ca.keyPem) as Forge.pki.rsa.PrivateKey;
  const { publicKey, privateKey, keyPem } = generateRsa(r.keyBits);
  const cert = f.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  setValidity(cert, r.now, caCert.validity.notAfter);
  cert.setSubject([
    { name: 'commonName', value: LEAF_COMMON_NAME },
    { name: 'organizationName', value: 'Butterfly' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  // Old CryptoAPI builds the chain with the authority key id when present; use the CA's own
  // subjectKeyIdentifier so the two always agree.
  const caSki = (caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null)?.subjectKeyIdentifier;
  const keyIdentifier = caSki ? f.util.hexToBytes(caSki) : caCert.generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...r.dnsNames.map((value) => ({ type: 2, value })),
        // type 7 = iPAddress; forge takes the raw network-order bytes as a binary string.
        ...r.ipAddresses.map((ip) => ({ type: 7, value: ipToBytes(ip)!.toString('binary') })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier },
  ]);
  cert.sign(caKey, digest(r.signature));
  return { certPem: f.pki.certificateToPem(cert), keyPem };
}

// ---- helpers -----------------------------------------------------------------------

/** RSA keys from Node's native crypto (forge's pure-JS keygen takes seconds), as forge keys. */
function generateRsa(bits: number): { publicKey: Forge.pki.rsa.PublicKey; privateKey: Forge.pki.rsa.PrivateKey; keyPem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    // PKCS#1 ("BEGIN RSA PRIVATE KEY") is readable by every tool and by forge.
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    publicKey: forge().pki.publicKeyFromPem(publicKey) as Forge.pki.rsa.PublicKey,
    privateKey: forge().pki.privateKeyFromPem(privateKey) as Forge.pki.rsa.PrivateKey,
    keyPem: privateKey,
  };
}

function setValidity(cert: Forge.pki.Certificate, now: Date, notAfterCap: Date | null): void {
  // Back-date a day so a client whose clock is a little behind still accepts it.
  const notBefore = new Date(now.getTime() - DAY_MS);
  let notAfter = new Date(notBefore.getTime() + VALIDITY_DAYS * DAY_MS);
  if (notAfterCap && notAfter > notAfterCap) notAfter = new Date(notAfterCap.getTime());
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
}

function digest(sig: 'sha1' | 'sha256'): Forge.md.MessageDigest {
  return sig === 'sha1' ? forge().md.sha1.create() : forge().md.sha256.create();
}

/** 16 random bytes, positive (top bit clear) and without a leading zero byte, as hex. */
function randomSerial(): string {
  const b = crypto.randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x10;
  return b.toString('hex');
}

function readPair(certFile: string, keyFile: string): LeafMaterial | null {
  try {
    return { certPem: fs.readFileSync(certFile, 'utf8'), keyPem: fs.readFileSync(keyFile, 'utf8') };
  } catch {
    return null;
  }
}

/** Keep unusable CA files instead of overwriting them: a user may want to inspect them. */
function setAside(...files: string[]): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const f of files) {
    if (fs.existsSync(f)) fs.renameSync(f, `${f}.old-${stamp}`);
  }
}

/** Write via a temp file + rename, so a crash never leaves a half-written key behind. */
function writeAtomic(file: string, data: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode });
  fs.chmodSync(tmp, mode); // the umask may have dropped bits from `mode`; set exactly
  fs.renameSync(tmp, file);
}

function tightenMode(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  } catch {
    // Not fatal: on Windows chmod is mostly a no-op anyway.
  }
}

// Dates through isoUtc, not toISOString: this runs at every start, and an idle server then never
// reads ICU's time zone data (iso-utc.ts).
function writeMeta(file: string, ca: CaMaterial, leaf: LeafMaterial, r: Resolved, caFingerprintSha1: string, leafReason: string): void {
  const leafCert = new crypto.X509Certificate(leaf.certPem);
  const describe = (c: crypto.X509Certificate) => {
    const sig = signatureOid(c.raw);
    return {
      serialNumber: c.serialNumber.toLowerCase(),
      notBefore: isoUtc(new Date(c.validFrom).getTime()),
      notAfter: isoUtc(notAfterOf(c).getTime()),
      keyBits: c.publicKey.asymmetricKeyDetails?.modulusLength,
      signature: sig === SIG_OIDS.sha1 ? 'sha1' : sig === SIG_OIDS.sha256 ? 'sha256' : sig,
    };
  };
  const sans = subjectAltNames(leafCert.raw);
  const meta = {
    format: 1,
    updatedAt: isoUtc(r.now.getTime()),
    options: { lanAddresses: r.lanAddresses, lanHostName: r.lanHostName ?? null, keyBits: r.keyBits, signature: r.signature },
    ca: { ...describe(ca.x509), commonName: CA_COMMON_NAME, fingerprintSha1: caFingerprintSha1 },
    leaf: {
      ...describe(leafCert),
      lastDecision: leafReason,
      dnsNames: [...sans.dns],
      ipAddresses: [...sans.ip].map((hex) => canonicalIp(ipFromHex(hex)) ?? hex),
    },
  };
  writeAtomic(file, JSON.stringify(meta, null, 2) + '\n', 0o644);
}

function ipFromHex(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  if (b.length === 4) return [...b].join('.');
  const groups: string[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  return groups.join(':');
}
