// What the TLS library we run on can do for old clients, and how to ask it.
//
// Plain Node links OpenSSL 3; Electron's Node links BoringSSL. They differ in ways that
// matter here:
//   * OpenSSL 3 refuses TLS 1.0/1.1 (and SHA-1 signatures) at its default security level 1;
//     the cipher string must end in "@SECLEVEL=0". Without it a TLS 1.0 hello fails with the
//     misleading "no suitable signature algorithm".
//   * BoringSSL does not know "@SECLEVEL" and rejects the whole cipher string if it is present.
//   * BoringSSL dropped SSLv2-format ClientHellos; OpenSSL 3 still accepts them (TLS_method).
//   * Neither offers 3DES or RC4 here (Node builds OpenSSL without them), which is all that
//     Windows 2000/XP SChannel can do — the listener hands those hellos (and, on BoringSSL,
//     SSLv2-format ones) to our JavaScript TLS 1.0 engine, legacy-tls-engine.ts.

import tls from 'node:tls';
import type { ClientHelloInfo } from './client-hello.js';
import { cipherSuiteFamily, cipherSuiteId, cipherSuiteName, type CipherFamily } from './cipher-suites.js';

export type TlsLibrary = 'openssl' | 'boringssl';

/** Our certificate is RSA, so only RSA-authenticated suites are listed; most preferred first. */
const SUITE_PREFERENCE = [
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA256',
  'AES256-SHA256',
  // TLS_RSA_WITH_AES_128/256_CBC_SHA: what Messenger 8.x/2009 on Vista/7 (and XP SP3 with
  // newer IE) actually negotiate.
  'AES128-SHA',
  'AES256-SHA',
];

const TLS13_SUITES = [0x1301, 0x1302, 0x1303];

export function detectTlsLibrary(versions: NodeJS.ProcessVersions = process.versions): TlsLibrary {
  if ((versions as Record<string, string | undefined>).electron) return 'boringssl';
  if (/boringssl/i.test(versions.openssl ?? '') || (versions as Record<string, string | undefined>).boringssl) return 'boringssl';
  return 'openssl';
}

/**
 * The `ciphers` option for tls/https servers on this library.
 * `available` (lower-case names, as from tls.getCiphers()) drops suites the build lacks.
 */
export function runtimeCipherString(tlsLibrary: TlsLibrary, available?: readonly string[]): string {
  const have = available ? new Set(available.map((n) => n.toLowerCase())) : null;
  const names = SUITE_PREFERENCE.filter((n) => !have || have.has(n.toLowerCase()));
  // e.g. "…:AES128-SHA:AES256-SHA:@SECLEVEL=0" on OpenSSL; no "@…" directive on BoringSSL.
  return tlsLibrary === 'openssl' ? `${names.join(':')}:@SECLEVEL=0` : names.join(':');
}

export interface RuntimeTlsPolicy {
  library: TlsLibrary;
  ciphers: string;
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
  /** Suite ids a handshake can end up with (TLS 1.2-and-below list plus TLS 1.3 suites). */
  suiteIds: ReadonlySet<number>;
  /** Whether the library understands SSLv2-format ClientHellos. */
  acceptsSslv2Hello: boolean;
}

export function runtimeTlsPolicy(library: TlsLibrary = detectTlsLibrary(), available: readonly string[] = tls.getCiphers()): RuntimeTlsPolicy {
  const have = new Set(available.map((n) => n.toLowerCase()));
  const ids = new Set<number>();
  for (const name of SUITE_PREFERENCE) {
    const id = cipherSuiteId(name);
    if (id !== undefined && have.has(name.toLowerCase())) ids.add(id);
  }
  for (const id of TLS13_SUITES) ids.add(id);
  return {
    library,
    ciphers: runtimeCipherString(library, available),
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.3',
    suiteIds: ids,
    acceptsSslv2Hello: library === 'openssl',
  };
}

/** One line for the tap, e.g. "ClientHello sslv2-format TLS 1.0 offers AES128-SHA,RC4-MD5 sni=-". */
export function describeHello(hello: ClientHelloInfo): string {
  const names = hello.cipherSuites.filter((id) => cipherSuiteFamily(id) !== 'GREASE').map(cipherSuiteName);
  return `ClientHello ${hello.format}-format ${hello.maxVersion} offers ${names.join(',') || '-'} sni=${hello.serverName ?? '-'}`;
}

export type HelloVerdict = { ok: true } | { ok: false; reason: string };

/** Can this runtime complete a handshake with this hello? If not, say why in plain words. */
export function assessClientHello(hello: ClientHelloInfo, policy: RuntimeTlsPolicy): HelloVerdict {
  const max = hello.maxVersionCode;
  if (max < 0x0301) {
    return {
      ok: false,
      reason:
        `the client's newest protocol is ${hello.maxVersion}, and this server needs TLS 1.0 or later. ` +
        `On Windows 2000/XP, tick "Use TLS 1.0" in Internet Options > Advanced (it is off by default there).`,
    };
  }
  if (hello.format === 'sslv2' && !policy.acceptsSslv2Hello) {
    return {
      ok: false,
      reason:
        `the client sent an old SSLv2-format hello, which this runtime's TLS library (${policy.library}) no longer accepts. ` +
        `Untick "Use SSL 2.0" in Internet Options > Advanced on that PC so it sends a normal TLS hello.`,
    };
  }
  const usable = hello.cipherSuites.filter((id) => policy.suiteIds.has(id) && suiteWorksAt(id, hello));
  if (usable.length > 0) return { ok: true };

  const offered = hello.cipherSuites.filter((id) => !['SIGNAL', 'GREASE'].includes(cipherSuiteFamily(id)));
  const families = [...new Set(offered.map(cipherSuiteFamily))];
  const legacyOnly = families.length > 0 && families.every((f) => LEGACY_FAMILIES.has(f));
  const list = offered.map(cipherSuiteName).join(', ') || 'none';
  if (legacyOnly) {
    return {
      ok: false,
      reason:
        `the client offered only ${families.map(familyWord).join('/')} suites (${list}), which this runtime's TLS lacks; ` +
        `this is typical of Windows 2000/XP, whose TLS never gained AES.`,
    };
  }
  return {
    ok: false,
    reason:
      `none of the suites the client offered (${list}) is one this server can use at ${hello.maxVersion}; ` +
      `it supports ${[...policy.suiteIds].map(cipherSuiteName).join(', ')}.`,
  };
}

const LEGACY_FAMILIES = new Set<CipherFamily>(['3DES', 'RC4', 'DES', 'NULL', 'SSL2']);

function familyWord(f: CipherFamily): string {
  return f === 'DES' ? 'DES/export' : f === 'SSL2' ? 'SSL 2.0' : f;
}

/** AEAD and SHA-2 suites exist only from TLS 1.2; the 0x13xx suites only in TLS 1.3. */
function suiteWorksAt(id: number, hello: ClientHelloInfo): boolean {
  const family = cipherSuiteFamily(id);
  if (family === 'TLS13') return hello.maxVersionCode >= 0x0304;
  const name = cipherSuiteName(id);
  if (family === 'AES-GCM' || family === 'CHACHA20' || /SHA(256|384)$/.test(name)) return hello.maxVersionCode >= 0x0303;
  return true;
}
