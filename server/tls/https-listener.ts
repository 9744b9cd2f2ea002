// The HTTPS port. A plain TCP server looks at each connection's first bytes before any TLS
// happens, so that we can log what an old client offers (versions, suites, SNI) and explain
// failures in words, then hands the socket to an ordinary Node https.Server, so requests
// reach onRequest as normal http.IncomingMessage/ServerResponse pairs.
//
//   client ──TCP──> net.Server (peek ClientHello, tap note) ──emit('connection')──> https.Server ──> onRequest
//                        └─ runtime cannot serve it (3DES/RC4 only, SSLv2 hello on BoringSSL)
//                           ──legacyTls hook──> JavaScript TLS 1.0 engine ──> http.Server ──> onRequest
//
// Only TLS-level events are recorded here; the HTTP router records the requests themselves.
// Nothing a client sends may crash the process: every socket has an error listener, and
// every path ends with the socket either handed over or destroyed.

import type http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import type { CertBundle } from './ca.js';
import { parseClientHello, type ClientHelloInfo } from './client-hello.js';
import { createLegacyTlsEngine, type LegacyTlsHook } from './legacy-tls-engine.js';
import { registerTlsConnId } from './tls-conn-ids.js';
import { assessClientHello, describeHello, runtimeTlsPolicy, type RuntimeTlsPolicy } from './tls-runtime.js';
import { newConnId, type TrafficTap } from '../tap/tap.js';
import { enforceHttpTimeouts } from '../limits/http-timeouts.js';
import { DEFAULT_LIMITS } from '../limits/limits.js';
import { tlsConnIdOf } from './tls-conn-ids.js';

export { runtimeCipherString, detectTlsLibrary, type TlsLibrary } from './tls-runtime.js';
export { tlsConnIdOf } from './tls-conn-ids.js';
export type { LegacyTlsHook } from './legacy-tls-engine.js';

export interface HttpsListenerOptions {
  certs: CertBundle;
  tap: TrafficTap;
  onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** How long a client may take to send its hello, and then to finish the handshake. Default 10 s. */
  handshakeTimeoutMs?: number;
  /**
   * Optional taker for hellos this runtime cannot serve. 'javascript' builds our JavaScript
   * TLS 1.0 engine (3DES/RC4 for Windows 2000/XP, SSLv2-format hellos under BoringSSL) with
   * this listener's certificate, tap, onRequest and timeout. A function gets the socket
   * (paused) and the bytes already read, and returns true if it took the connection. Without
   * one, or when it declines, the connection is closed with an alert and an explanation.
   */
  legacyTls?: LegacyTlsHook | 'javascript';
  /** Override the detected TLS library policy (tests). */
  policy?: RuntimeTlsPolicy;
  /** After the handshake, on both TLS paths: see server/limits/http-timeouts.ts. Defaults in DEFAULT_LIMITS. */
  waitForRequestMs?: number;
  requestMs?: number;
}

/** Bytes we are willing to buffer while waiting for a complete hello (real ones are < 2 KB). */
const MAX_HELLO_BUFFER = 70 * 1024;

interface ConnState {
  conn: string;
  remote: string;
  hello?: ClientHelloInfo;
}

export function createHttpsListener(opts: HttpsListenerOptions): net.Server {
  const { tap } = opts;
  const timeoutMs = opts.handshakeTimeoutMs ?? 10_000;
  const policy = opts.policy ?? runtimeTlsPolicy();
  const deadlines = {
    waitForRequestMs: opts.waitForRequestMs ?? DEFAULT_LIMITS.httpWaitForRequestMs,
    requestMs: opts.requestMs ?? DEFAULT_LIMITS.httpRequestMs,
  };
  const legacyTls =
    opts.legacyTls === 'javascript'
      ? createLegacyTlsEngine({ certs: opts.certs, tap, onRequest: opts.onRequest, handshakeTimeoutMs: timeoutMs, ...deadlines })
      : opts.legacyTls;
  const states = new WeakMap<net.Socket, ConnState>();
  /** Every open connection, for close(): raw sockets until TLS is up or failed, then the TLS socket. */
  const unfinished = new Set<net.Socket>();
  const established = new Set<tls.TLSSocket>();
  const note = (st: ConnState, line: string, payload?: string) =>
    tap.record({ conn: st.conn, service: 'TLS', direction: 'note', line, payload, remote: st.remote });

  const stateOf = (tlsSocket: tls.TLSSocket): ConnState => {
    // Node keeps the wrapped net.Socket as `_parent`; fall back to a fresh id if that changes.
    const parent = (tlsSocket as unknown as { _parent?: unknown })._parent;
    if (parent instanceof net.Socket) unfinished.delete(parent);
    const found = parent instanceof net.Socket ? states.get(parent) : undefined;
    return found ?? { conn: newConnId('tls'), remote: `${tlsSocket.remoteAddress ?? '?'}:${tlsSocket.remotePort ?? '?'}` };
  };

  // The inner https server, made when the first client Node's TLS can serve is handed over: its
  // secure context (OpenSSL's copy of the key and certificate, the cipher tables) is memory an
  // idle server never needs, and ~8 ms once for the first client. The certificate itself is
  // checked at every start (ca.ts), so a bad one is still reported then, with what to do.
  let innerServer: https.Server | undefined;
  const inner = (): https.Server => (innerServer ??= makeInner());
  function makeInner(): https.Server {
    const server = https.createServer(
      {
        key: opts.certs.leafKeyPem,
        cert: opts.certs.leafCertPem,
        minVersion: policy.minVersion,
        maxVersion: policy.maxVersion,
        ciphers: policy.ciphers,
        // Modern clients get ECDHE+GCM; old ones only offer the CBC suites anyway.
        honorCipherOrder: true,
        handshakeTimeout: timeoutMs,
      },
      (req, res) => {
        try {
          opts.onRequest(req, res);
        } catch {
          // A throwing handler must not take the listener down; the router logs its own errors.
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end();
        }
      },
    );

    // The inner server never listens, so Node's own header/request timeouts never run: ours do.
    enforceHttpTimeouts(
      server,
      {
        ...deadlines,
        onTimeout: (socket, why) =>
          // "Closed …", not "Timeout …": an idle keep-alive connection closing is no failed TLS step
          // for the connection check (which reads "Timeout" as a handshake that did not finish).
          tap.record({ conn: tlsConnIdOf(socket) ?? 'tls', service: 'TLS', direction: 'note', command: 'Closed', line: `Closed after the handshake: ${why}`, remote: remoteOf(socket as unknown as { remoteAddress?: string; remotePort?: number }) }),
      },
      'secureConnection',
    );

    server.on('secureConnection', (tlsSocket: tls.TLSSocket) => {
      const st = stateOf(tlsSocket);
      registerTlsConnId(tlsSocket, st.conn);
      established.add(tlsSocket);
      tlsSocket.once('close', () => established.delete(tlsSocket));
      const cipher = tlsSocket.getCipher();
      note(st, `Established ${tlsSocket.getProtocol() ?? '?'} ${cipher?.name ?? '?'} sni=${tlsSocket.servername || '-'}`);
    });

    server.on('tlsClientError', (err: Error, tlsSocket: tls.TLSSocket) => {
      const st = stateOf(tlsSocket);
      note(st, `HandshakeFailed ${explainTlsError(err, st.hello, policy)}`, `${err.message}${st.hello ? `\n${describeHello(st.hello)}` : ''}`);
      tlsSocket.destroy();
    });
    return server;
  }

  const outer = net.createServer((raw) => {
    const st: ConnState = { conn: newConnId('tls'), remote: `${raw.remoteAddress}:${raw.remotePort}` };
    states.set(raw, st);
    unfinished.add(raw);
    raw.once('close', () => unfinished.delete(raw));
    // Errors after the hand-over surface on the TLS socket; this listener only stops an
    // ECONNRESET on the raw socket from becoming an uncaught exception.
    raw.on('error', () => {});
    peekHello(raw, st);
  });

  function peekHello(raw: net.Socket, st: ConnState): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      raw.removeListener('data', onData);
      raw.removeListener('end', onEnd);
      raw.removeListener('close', onClose);
      raw.removeListener('error', onError);
    };
    const reject = (line: string, payload?: string) => {
      finish();
      note(st, line, payload);
      raw.destroy();
    };
    const timer = setTimeout(() => {
      if (!done) reject(`Timeout no ClientHello within ${timeoutMs} ms (${size} bytes received); closed`);
    }, timeoutMs);
    timer.unref?.();
    const onEnd = () => {
      if (!done) reject(`Closed by client before a complete ClientHello (${size} bytes received)`);
    };
    const onClose = () => {
      if (!done) reject(`Closed before a complete ClientHello (${size} bytes received)`);
    };
    const onError = (err: Error) => {
      if (!done) reject(`SocketError before ClientHello: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
    };
    const onData = (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.length;
      const head = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      const result = parseClientHello(head);
      if ('incomplete' in result) {
        if (size > MAX_HELLO_BUFFER) reject(`Garbage ${size} bytes without a complete ClientHello; closed`);
        return;
      }
      if ('error' in result) {
        reject(`Garbage ${result.error}; closed`, hexPreview(head));
        return;
      }
      finish();
      raw.pause();
      st.hello = result;
      note(st, describeHello(result));
      const verdict = assessClientHello(result, policy);
      if (!verdict.ok) {
        if (legacyTls) {
          try {
            if (legacyTls(raw, head, result, st.conn)) return;
          } catch (err) {
            note(st, `LegacyTlsError ${(err as Error)?.message ?? String(err)}`);
          }
        }
        let reason = verdict.reason;
        try {
          reason = legacyTls?.explainDecline?.(result, verdict.reason) ?? reason;
        } catch {
          // Keep the runtime's explanation.
        }
        note(st, `Rejected ${reason}`);
        // A fatal handshake_failure alert (or protocol_version for too-old clients) makes the
        // client show an error at once instead of waiting: 15 03 01 00 02 02 28.
        raw.end(alertFor(result));
        setTimeout(() => raw.destroy(), 1000).unref?.();
        return;
      }
      // Give the bytes back and let the https server's TLS take over from the first byte.
      raw.unshift(head);
      try {
        inner().emit('connection', raw);
      } catch (err) {
        note(st, `HandshakeFailed internal error: ${(err as Error)?.message ?? String(err)}`);
        raw.destroy();
      }
    };
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('close', onClose);
    raw.on('error', onError);
  }

  // net.Server.close() only stops accepting and then waits for every connection to end, and
  // the inner https server never listens, so its closeAllConnections() knows of none. Closing
  // the HTTPS port here means: drop every connection now (clients simply reconnect, e.g. to a
  // listener restarted with a new certificate).
  const close = outer.close.bind(outer);
  outer.close = ((cb?: (err?: Error) => void) => {
    close(cb);
    for (const sock of [...unfinished, ...established]) sock.destroy();
    unfinished.clear();
    established.clear();
    return outer;
  }) as typeof outer.close;
  return outer;
}

/** Map OpenSSL/Node handshake errors to advice, using what the client offered. */
export function explainTlsError(err: Error, hello: ClientHelloInfo | undefined, policy: RuntimeTlsPolicy): string {
  const msg = `${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}`;
  if (/unknown ca|bad certificate|certificate unknown|certificate_unknown|unsupported certificate/i.test(msg)) {
    return "the client does not trust Butterfly's certificate: install the Butterfly CA certificate on that PC (Trusted Root Certification Authorities)";
  }
  if (/no shared cipher|no cipher/i.test(msg)) {
    const v = hello ? assessClientHello(hello, policy) : undefined;
    return v && !v.ok ? v.reason : 'the client and this server have no cipher suite in common';
  }
  if (/unsupported protocol|version too low|wrong version|protocol version/i.test(msg)) {
    return `the client's TLS versions (${hello?.maxVersion ?? 'unknown'} at most) and this server's (TLS 1.0 to 1.3) do not overlap`;
  }
  if (/timeout|ETIMEDOUT/i.test(msg)) return 'the client stopped answering in the middle of the handshake';
  if (/ECONNRESET|socket hang up|EPIPE/i.test(msg)) {
    return 'the client hung up during the handshake; most often it does not trust the certificate (install the Butterfly CA on that PC)';
  }
  return `handshake error: ${err.message}`;
}

function alertFor(hello: ClientHelloInfo): Buffer {
  // Answer in the record version the client can read: SSL 3.0 or TLS 1.x, capped at TLS 1.2.
  const version = Math.min(Math.max(hello.maxVersionCode, 0x0300), 0x0303);
  const description = hello.maxVersionCode < 0x0301 ? 70 /* protocol_version */ : 40; /* handshake_failure */
  return Buffer.from([0x15, version >> 8, version & 0xff, 0x00, 0x02, 0x02, description]);
}

function remoteOf(socket: { remoteAddress?: string; remotePort?: number }): string | undefined {
  return socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort ?? '?'}` : undefined;
}

function hexPreview(buf: Buffer): string {
  return buf
    .subarray(0, 64)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}
