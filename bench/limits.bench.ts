// Limits (npm run bench -- limits): how many connections each listener holds from one address at
// its default cap (the rest are refused at once), how many slowloris HTTPS connections are still
// open after the request deadline, and what 1,000 unauthenticated NS connections each announcing
// a 256 KiB payload cost in memory (issue 13: RSS went 242 → 453 MB and stayed there).
import net from 'node:net';
import tls from 'node:tls';
import { startTestServer } from '../server/test-support/test-server';
import { DEFAULT_LIMITS, type CappedService } from '../server/limits/limits';

export const name = 'limits';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

function open(port: number, secure: boolean): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = secure
      ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => resolve(s))
      : net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => resolve(s));
    s.on('close', () => resolve(s));
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const heldAtCap: Record<string, { cap: number; tried: number; held: number }> = {};
  {
    const app = await startTestServer();
    const ports: Record<CappedService, number> = { NS: app.ports.ns, SB: app.ports.sb, HTTP: app.ports.http, HTTPS: app.ports.https };
    for (const service of ['NS', 'SB', 'HTTP', 'HTTPS'] as CappedService[]) {
      const cap = DEFAULT_LIMITS.perAddress[service];
      const tried = cap + 20;
      const socks: net.Socket[] = [];
      for (let i = 0; i < tried; i++) socks.push(await open(ports[service], false));
      await sleep(300);
      heldAtCap[service] = { cap, tried, held: socks.filter((s) => !s.destroyed).length };
      for (const s of socks) s.destroy();
      await sleep(300);
    }
    await app.cleanup();
  }

  // Slowloris over HTTPS: headers a byte at a time, against the default deadline.
  const slowloris = { connections: 30, openAfterDeadline: 0, deadlineMs: DEFAULT_LIMITS.httpWaitForRequestMs };
  {
    const app = await startTestServer();
    const socks = await Promise.all(Array.from({ length: slowloris.connections }, () => open(app.ports.https, true)));
    for (const s of socks) if (!s.destroyed) s.write('GET / HTTP/1.1\r\n');
    const drip = setInterval(() => socks.forEach((s) => s.writable && s.write('X')), 1000);
    await sleep(DEFAULT_LIMITS.httpWaitForRequestMs + 3000);
    clearInterval(drip);
    slowloris.openAfterDeadline = socks.filter((s) => !s.destroyed).length;
    for (const s of socks) s.destroy();
    await app.cleanup();
  }

  // 1,000 unauthenticated NS connections announcing 256 KiB each and sending 64 KiB of it.
  const preAuth = { connections: 1000, stillOpen: 0, rssMB: { before: 0, after: 0 } };
  {
    const app = await startTestServer({ limits: { perAddress: { ...DEFAULT_LIMITS.perAddress, NS: 2000 }, total: { ...DEFAULT_LIMITS.total, NS: 2000 } } });
    (globalThis as { gc?: () => void }).gc?.();
    preAuth.rssMB.before = mb(process.memoryUsage().rss);
    const socks: net.Socket[] = [];
    for (let i = 0; i < preAuth.connections; i++) {
      const s = await open(app.ports.ns, false);
      s.write(`VER 1 MSNP15 CVR0\r\nMSG 2 N 262144\r\n${'x'.repeat(65536)}`);
      socks.push(s);
    }
    await sleep(2000);
    preAuth.stillOpen = socks.filter((s) => !s.destroyed).length;
    (globalThis as { gc?: () => void }).gc?.();
    preAuth.rssMB.after = mb(process.memoryUsage().rss);
    for (const s of socks) s.destroy();
    await app.cleanup();
  }
  return { heldAtCap, slowloris, preAuth };
}
