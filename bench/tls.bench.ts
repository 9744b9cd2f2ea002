// TLS benchmark (npm run bench -- tls): full TLS 1.0 handshakes per second on loopback against
// the real server, for the runtime's TLS (OpenSSL in Node) and for the JavaScript engine, side
// by side. Every connection is a new full handshake (RSA 2048 key exchange, no resumption)
// followed by one HTTPS request, as an old client's sign-in makes them.
//   handshakesPerSecond  handshake + GET /rdr/pprdr.asp, per path and suite
//   loginsPerSecond      Passport sign-in: nexus, then login2.srf with a password (two
//                        connections, two handshakes), over plain HTTP, the runtime's TLS and
//                        the JavaScript engine — the JavaScript path's target is ≥ 20/s. The
//                        password check (scrypt, N=16384) costs the same on every path.
// Clients run in this same process, so each figure includes the client's own work too.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { startTestServer } from '../server/test-support/test-server';
import { tls10Request, type Tls10ClientOptions } from '../server/tls/test-tls10-client';

const SECONDS = Number(process.env.BENCH_TLS_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_TLS_CONCURRENCY ?? 8);
const NEXUS = 'GET /rdr/pprdr.asp HTTP/1.0\r\nHost: nexus.passport.com\r\n\r\n';
const AUTH = 'Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=bench%40lan,pwd=butterfly,lc=1033,id=507';
const LOGIN = `GET /login2.srf HTTP/1.0\r\nHost: login.passport.com\r\nAuthorization: ${AUTH}\r\n\r\n`;

export const name = 'tls';

/** Node's own TLS client: TLS 1.0, AES128-SHA, verifying our CA, a fresh session each time. */
function runtimeRequest(port: number, ca: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({
      host: '127.0.0.1',
      port,
      ca,
      servername: 'nexus.passport.com',
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'AES128-SHA@SECLEVEL=0',
    });
    let out = '';
    sock.setEncoding('latin1');
    sock.on('secureConnect', () => sock.write(request));
    sock.on('data', (d: string) => (out += d));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

/** The same request over plain HTTP: the sign-in cost without any TLS (password hashing dominates). */
function plainRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(request));
    let out = '';
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => (out += d));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

/** Run `op` from CONCURRENCY workers for SECONDS; operations completed per second. */
async function rate(op: () => Promise<string>, check: RegExp): Promise<number> {
  await op(); // warm-up (JIT, key objects)
  let count = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const res = await op();
        if (!check.test(res)) throw new Error(`unexpected answer: ${res.slice(0, 200)}`);
        count++;
      }
    }),
  );
  return Number((count / ((performance.now() - start) / 1000)).toFixed(1));
}

export async function run(): Promise<Record<string, unknown>> {
  const app = await startTestServer();
  await app.core.directory.createAccount('bench@lan', 'butterfly', 'Bench');
  const port = app.ports.https;
  const ca = app.certs.caCertPem;
  const js = (suite: number, request: string, format: Tls10ClientOptions['format'] = 'tls') => () =>
    tls10Request({ port, format, suites: [suite], caPem: ca, serverName: 'nexus.passport.com', request }).then((r) => r.response);
  const passportUrls = /PassportURLs: /;
  const signedIn = /da-status=success/;
  try {
    const report = {
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      handshakesPerSecond: {
        runtime: {
          'AES128-SHA (node tls client)': await rate(() => runtimeRequest(port, ca, NEXUS), passportUrls),
          'AES128-SHA (test client)': await rate(js(0x002f, NEXUS), passportUrls),
          'AES128-SHA (test client, SSLv2 hello)': await rate(js(0x002f, NEXUS, 'sslv2'), passportUrls),
        },
        javascript: {
          'DES-CBC3-SHA': await rate(js(0x000a, NEXUS), passportUrls),
          'RC4-SHA': await rate(js(0x0005, NEXUS), passportUrls),
          'RC4-MD5': await rate(js(0x0004, NEXUS), passportUrls),
          'DES-CBC3-SHA (SSLv2 hello)': await rate(js(0x000a, NEXUS, 'sslv2'), passportUrls),
        },
      },
      loginsPerSecond: {
        'plain HTTP (no TLS)': await rate(async () => (await plainRequest(app.ports.http, NEXUS)) + (await plainRequest(app.ports.http, LOGIN)), signedIn),
        runtime: {
          'AES128-SHA (node tls client)': await rate(async () => (await runtimeRequest(port, ca, NEXUS)) + (await runtimeRequest(port, ca, LOGIN)), signedIn),
        },
        javascript: {
          'DES-CBC3-SHA': await rate(async () => (await js(0x000a, NEXUS)()) + (await js(0x000a, LOGIN)()), signedIn),
          'RC4-MD5': await rate(async () => (await js(0x0004, NEXUS)()) + (await js(0x0004, LOGIN)()), signedIn),
        },
        target: 20,
      },
    };
    return report;
  } finally {
    await app.cleanup();
  }
}
