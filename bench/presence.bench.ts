// Presence benchmark (npm run bench):
//   sign-ins/s   full Mac (MSNP16) sign-ins: VER, CVR, USR TWN I, Passport login2.srf, USR TWN S, CHG
//   presence     latency from one client's CHG to the NLN its watchers receive (p50/p99)
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../server/test-support/test-server';
import { signInMac } from '../server/test-support/mac-client';
import { List } from '../server/core/model';

const USERS = Number(process.env.BENCH_USERS ?? 100);
const WATCHERS = Math.min(Number(process.env.BENCH_WATCHERS ?? 10), USERS - 1);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 500);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const name = 'presence';

export async function run(): Promise<Record<string, unknown>> {
  const app = await startTestServer();
  const ids: number[] = [];
  for (let i = 0; i < USERS; i++) ids.push((await app.core.directory.createAccount(`user${i}@bench`, 'pw', `User ${i}`)).id);
  // Each user is watched by the next WATCHERS users (a ring), and allows them.
  for (let i = 0; i < USERS; i++) {
    for (let k = 1; k <= WATCHERS; k++) {
      const w = (i + k) % USERS;
      app.core.directory.addToLists(ids[w]!, ids[i]!, List.FL | List.AL);
    }
  }
  const t0 = performance.now();
  const clients = [];
  for (let i = 0; i < USERS; i++) {
    clients.push(await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: `user${i}@bench`, password: 'pw' }));
  }
  const signInSeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 300));
  for (const c of clients) await c.quiet(0);

  const latencies: number[] = [];
  for (let n = 0; n < CHANGES; n++) {
    const i = n % USERS;
    const watcher = clients[(i + 1) % USERS]!;
    const status = Math.floor(n / USERS) % 2 === 0 ? 'BSY' : 'NLN'; // every change is a real change
    const start = performance.now();
    clients[i]!.send(`CHG ${100 + n} ${status} 1085276192:131088`);
    await watcher.until(`NLN ${status} user${i}@bench`);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  const report = {
    users: USERS,
    watchersPerUser: WATCHERS,
    signInsPerSecond: Number((USERS / signInSeconds).toFixed(1)),
    presenceLatencyMs: {
      p50: Number(percentile(latencies, 50).toFixed(2)),
      p99: Number(percentile(latencies, 99).toFixed(2)),
    },
  };
  for (const c of clients) c.close();
  await app.cleanup();
  return report;
}
