// The JavaScript TLS 1.0 engine, as the HTTPS listener's `legacyTls` hook: it takes the
// hellos the runtime's TLS cannot serve (Windows 2000/XP offering only 3DES and RC4; SSLv2-
// format hellos under Electron's BoringSSL) and completes them itself, then hands the
// plaintext socket to an http.Server running the same onRequest as the runtime path.
//
//   listener (hello parsed, runtime says no) ──hook──> startLegacyTls ──> LegacyTlsSocket ──> http.Server ──> onRequest
//
// Tap lines say which path served a client: "Established (JavaScript TLS) TLSv1 DES-CBC3-SHA sni=-".

import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import type { TrafficTap } from '../tap/tap.js';
import type { CertBundle } from './ca.js';
import { cipherSuiteFamily, cipherSuiteName } from './cipher-suites.js';
import type { ClientHelloInfo } from './client-hello.js';
import { chooseLegacySuite, LEGACY_SUITES } from './legacy-suites.js';
import { startLegacyTls, type LegacyTlsFailure } from './legacy-tls-connection.js';
import { CERTIFICATE_REJECTIONS } from './tls-alerts.js';
import { registerTlsConnId, tlsConnIdOf } from './tls-conn-ids.js';
import { enforceHttpTimeouts } from '../limits/http-timeouts.js';
import { DEFAULT_LIMITS } from '../limits/limits.js';

export interface LegacyTlsEngineOptions {
  certs: CertBundle;
  tap: TrafficTap;
  onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** From hand-over to the client's Finished. Default 10 s, as the listener's. */
  handshakeTimeoutMs?: number;
  /** After the handshake: see server/limits/http-timeouts.ts. Defaults in DEFAULT_LIMITS. */
  waitForRequestMs?: number;
  requestMs?: number;
}

/** The shape createHttpsListener's `legacyTls` option takes. */
export interface LegacyTlsHook {
  (socket: net.Socket, head: Buffer, hello: ClientHelloInfo, conn: string): boolean;
  /** Why this engine could not take a hello either, given why the runtime could not. */
  explainDecline?(hello: ClientHelloInfo, runtimeReason: string): string;
}

const TAG = '(JavaScript TLS)';

export function createLegacyTlsEngine(opts: LegacyTlsEngineOptions): LegacyTlsHook {
  const { tap } = opts;
  const privateKey = crypto.createPrivateKey(opts.certs.leafKeyPem);
  const certificateChain = [new crypto.X509Certificate(opts.certs.leafCertPem).raw];
  const timeoutMs = opts.handshakeTimeoutMs ?? 10_000;
  // Never listens: it only receives already-decrypted sockets through emit('connection').
  const httpServer = http.createServer((req, res) => {
    try {
      opts.onRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    }
  });
  httpServer.on('clientError', (_err, socket) => socket.destroy());
  // This server never listens either, so Node's header/request timeouts would never run.
  enforceHttpTimeouts(httpServer, {
    waitForRequestMs: opts.waitForRequestMs ?? DEFAULT_LIMITS.httpWaitForRequestMs,
    requestMs: opts.requestMs ?? DEFAULT_LIMITS.httpRequestMs,
    onTimeout: (socket, why) =>
      tap.record({
        conn: tlsConnIdOf(socket) ?? 'tls',
        service: 'TLS',
        direction: 'note',
        command: 'Closed',
        line: `Closed after the handshake ${TAG}: ${why}`,
        remote: (socket as { remoteAddress?: string }).remoteAddress,
      }),
  });

  const hook: LegacyTlsHook = (raw, head, hello, conn) => {
    if (hello.maxVersionCode < 0x0301) return false;
    const suite = chooseLegacySuite(hello.cipherSuites);
    if (!suite) return false;
    const remote = `${raw.remoteAddress}:${raw.remotePort}`;
    const note = (line: string, payload?: string) => tap.record({ conn, service: 'TLS', direction: 'note', line, payload, remote });
    startLegacyTls({
      raw,
      head,
      hello,
      suite,
      privateKey,
      certificateChain,
      handshakeTimeoutMs: timeoutMs,
      onEstablished(socket) {
        registerTlsConnId(socket, conn);
        note(`Established ${TAG} TLSv1 ${suite.name} sni=${hello.serverName ?? '-'}`);
        httpServer.emit('connection', socket);
      },
      onFailure(failure, established) {
        if (established) note(`ConnectionError ${TAG} ${failure.message}; closed`);
        else note(`HandshakeFailed ${TAG} ${explainFailure(failure)}`, `${failure.message}\nsuite ${suite.name}, ${hello.format}-format hello`);
      },
    });
    return true;
  };
  hook.explainDecline = explainDecline;
  return hook;
}

/** Advice for the panel, from what went wrong (mirrors explainTlsError on the runtime path). */
function explainFailure(f: LegacyTlsFailure): string {
  switch (f.cause) {
    case 'timeout':
      return `the client stopped answering in the middle of the handshake (${f.message})`;
    case 'hangup':
      return `the client hung up during the handshake; most often it does not trust the certificate (install the Butterfly CA on that PC) (${f.message})`;
    case 'client-alert':
      if (f.alert !== undefined && CERTIFICATE_REJECTIONS.has(f.alert)) {
        return `the client does not trust Butterfly's certificate: install the Butterfly CA certificate on that PC (Trusted Root Certification Authorities) (${f.message})`;
      }
      return `the client gave up: ${f.message}`;
    case 'protocol':
      return `protocol error: ${f.message}`;
    case 'internal':
      return f.message;
  }
}

/** For the listener's "Rejected" record when neither the runtime nor this engine can serve a hello. */
function explainDecline(hello: ClientHelloInfo, runtimeReason: string): string {
  if (hello.maxVersionCode < 0x0301) return runtimeReason;
  const offered = hello.cipherSuites.filter((id) => !['SIGNAL', 'GREASE'].includes(cipherSuiteFamily(id)));
  // Export-grade (EXP-…), single DES, NULL and SSL 2.0-only kinds: what a PC without 128-bit
  // encryption offers.
  const weak = (id: number) => ['DES', 'SSL2', 'NULL'].includes(cipherSuiteFamily(id)) || cipherSuiteName(id).startsWith('EXP');
  const weakOnly = offered.length > 0 && offered.every(weak);
  const ours = LEGACY_SUITES.map((s) => s.name).join(', ');
  const advice = weakOnly
    ? ' The client offers only export-grade, single-DES or SSL 2.0 encryption: on Windows 2000 install the High Encryption Pack, and tick "Use TLS 1.0" in Internet Options > Advanced.'
    : '';
  return `${runtimeReason} The built-in TLS 1.0 engine for older clients has ${ours}, none of which the client offered (${offered.map(cipherSuiteName).join(', ') || 'none'}).${advice}`;
}
