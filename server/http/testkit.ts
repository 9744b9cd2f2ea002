// Test support (not a test file): a Core on a temporary database, the HTTP handler on an
// ephemeral 127.0.0.1 port, and a raw HTTP client that keeps header-name case (fetch lowercases
// them, and "PassportURLs" must go out exactly so).
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../core/core';
import { TrafficTap } from '../tap/tap';
import { createHttpHandler, type PublicUrls } from './router';

export interface TestServer {
  core: Core;
  tap: TrafficTap;
  port: number;
  urls: PublicUrls;
  request(opts: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface TestResponse {
  status: number;
  /** Header names exactly as sent, in order. */
  rawHeaders: [string, string][];
  /** Lower-cased names, for convenience. */
  headers: http.IncomingHttpHeaders;
  body: string;
}

export async function startServer(urls: PublicUrls = { host: 'butterfly.lan', httpPort: 80, httpsPort: 443 }): Promise<TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'butterfly-http-'));
  const core = Core.open(path.join(dir, 'db.sqlite'));
  const tap = new TrafficTap();
  const server = http.createServer(createHttpHandler({ core, tap, urls: () => urls }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    core,
    tap,
    port,
    urls,
    request: (opts) => request(port, opts),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        core.close();
      } catch {
        // a test may have closed it already
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function request(port: number, opts: RequestOptions): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) raw.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, rawHeaders: raw, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    // The server may close early (413); the answer has already been delivered by then.
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** The value of a header by exact name (case-sensitive), as the old clients read them. */
export function rawHeader(res: TestResponse, name: string): string | undefined {
  return res.rawHeaders.find(([n]) => n === name)?.[1];
}

/** A Passport1.4 Authorization header the way MSN 6 builds it, with the NS challenge appended. */
export function passportAuth(email: string, password: string): string {
  return (
    'Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,' +
    `sign-in=${encodeURIComponent(email)},pwd=${encodeURIComponent(password)},` +
    'lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct=1062764229,kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619'
  );
}

/** Signs in through login2.srf and returns the from-PP value "t=…&p=…". */
export async function loginTicket(srv: TestServer, email: string, password: string): Promise<string> {
  const res = await srv.request({ path: '/login2.srf', headers: { Authorization: passportAuth(email, password) } });
  const m = /from-PP='([^']*)'/.exec(res.headers['authentication-info'] as string);
  if (res.status !== 200 || !m) throw new Error(`login failed: ${res.status}`);
  return m[1]!;
}
