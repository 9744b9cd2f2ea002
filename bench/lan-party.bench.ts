// What a big LAN party feels (npm run bench -- lan-party), against the compiled server in its own
// process, each figure with the machine's load beside it:
//   readyMs            start-up to the "ready" line, empty data folder and BENCH_LAN_STARTUP_ACCOUNTS accounts
//   clients            RSS idle, with N signed-in clients (BENCH_LAN_CLIENTS, e.g. "1000,5000,10000") and
//                      KB per client (2 s after the last sign-in, and settled: 6 s after, once the server's
//                      collection after a crowd arrives has run), RSS after they all left; server CPU ms per sign-in (ticket sign-in:
//                      no password hash, which runs off the main thread)
//   fanout             star@example.com changes status BENCH_LAN_CHANGES times; time until the LAST of
//                      BENCH_LAN_WATCHERS watchers has its NLN, p50/p99 — without and with groups;
//                      the first watcher's NLN and the server's CPU per change beside it; BENCH_LAN_WARM_UP changes
//                      (20) go first and are listed apart (the server's code is not optimised yet);
//                      fanout.bareNodeFloor: the same timing against a bare Node server writing the same
//                      bytes to as many sockets in one loop (bench/bare-fanout-server.mjs), the machine's floor
//   relay              MSG at BENCH_LAN_RATE/s over BENCH_LAN_PAIRS conversations for BENCH_LAN_SECONDS:
//                      p50/p99 latency and server CPU µs per message; beside them relay.bareNodeFloor, the
//                      same figures for a bare Node relay (bench/bare-relay-server.mjs) driven the same way:
//                      the machine's floor (also alone: BENCH_LAN_PHASES=floor)
// Targets (docs/performance.md): RSS ≤ 60 MB idle, ≤ 8 KB per client, back within 10 % after they
// leave; fan-out p99 ≤ 20 ms (≤ 1.2× with groups); relay ≤ 15 µs CPU/message, p99 ≤ 2 ms at 2,000/s;
// ready ≤ 400 ms with 10,000 accounts; ≤ 5 ms main-thread work per sign-in.
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Core } from '../server/core/core';
import type { MsnpTestClient } from '../server/test-support/msnp-client';
import { answerRing, openSwitchboard } from '../server/test-support/sb-client';
import { benchEmail, seed, STAR } from '../server/core/seed';
import { cpuMs, cpuSplitMs, load, mainThreadCpuMs, percentile, rssMb, sleep, startServer, tempDir, type ServerProcess } from './server-process';
import { signInWithTicket } from './ticket-client';
import { sendSteadily, timeRelay } from './switchboard.bench';
import { bareRelayFloor } from './bare-relay';
import { startBareServer } from './bare-server';

const CLIENTS = (process.env.BENCH_LAN_CLIENTS ?? '1000').split(',').map(Number).sort((a, b) => a - b);
const CONTACTS = Number(process.env.BENCH_LAN_CONTACTS ?? 20);
const WATCHERS = Number(process.env.BENCH_LAN_WATCHERS ?? 1000);
const CHANGES = Number(process.env.BENCH_LAN_CHANGES ?? 60);
const WARM_UP_CHANGES = Number(process.env.BENCH_LAN_WARM_UP ?? 20);
const RATE = Number(process.env.BENCH_LAN_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_LAN_SECONDS ?? 3);
const PAIRS = Number(process.env.BENCH_LAN_PAIRS ?? 100);
const STARTUP_ACCOUNTS = Number(process.env.BENCH_LAN_STARTUP_ACCOUNTS ?? 10_000);
/** Which parts to run (all by default): ready, clients, groups (clients includes fan-out, relay and its floor), floor. */
const PHASES = new Set((process.env.BENCH_LAN_PHASES ?? 'ready,clients,groups').split(','));
const CONCURRENCY = 50;
/**
 * BENCH_LAN_MARKS=1 prints "mark <phase> start|end <µs>" on stderr, in the monotonic clock a
 * server's --cpu-prof timestamps use, so a profile can be cut to one phase (docs/performance.md).
 */
const mark = (phase: string, edge: 'start' | 'end') => {
  if (process.env.BENCH_LAN_MARKS) process.stderr.write(`mark ${phase} ${edge} ${process.hrtime.bigint() / 1000n}\n`);
  if (process.env.BENCH_SERVER_STDOUT) fs.appendFileSync(process.env.BENCH_SERVER_STDOUT, `mark ${phase} ${edge}\n`);
};
const PASSWORD = 'bench-pw';

export const name = 'lan-party';

/** A figure and the machine's 1-minute load when it was taken. */
const fig = (value: number, digits = 1) => ({ value: Number(value.toFixed(digits)), load: load() });

const DB = (dir: string) => path.join(dir, 'butterfly.sqlite');

/** Seeds a data folder and returns a ticket for every account the bench signs in as. */
async function prepare(dir: string, o: { accounts: number; contacts: number; groups?: boolean; watchers?: number }): Promise<Map<string, string>> {
  const core = Core.open(DB(dir));
  try {
    await seed(core, { ...o, password: PASSWORD });
    const tickets = new Map<string, string>();
    for (const u of core.users.all()) tickets.set(u.email, core.tickets.issue(u.id, 'messenger'));
    return tickets;
  } finally {
    core.close();
  }
}

async function signInMany(srv: ServerProcess, tickets: Map<string, string>, emails: string[]): Promise<MsnpTestClient[]> {
  const out: MsnpTestClient[] = new Array(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, emails.length) }, async () => {
      while (next < emails.length) {
        const i = next++;
        out[i] = await signInWithTicket(srv.ports.ns, emails[i]!, tickets.get(emails[i]!)!);
      }
    }),
  );
  return out;
}

/**
 * Star flips BSY/NLN; for each change, the time from sending the CHG until the last watcher has
 * its NLN. Each watcher's socket is read raw while a change goes out (a search for the NLN in
 * each chunk, ~1 µs): the test client's parser (~10 µs a line) on 1,000 sockets would make the
 * figure the bench's own time. The chunks go to the test client after the last watcher's NLN
 * arrived, in order.
 */
async function fanout(srv: ServerProcess, tickets: Map<string, string>, watchers: MsnpTestClient[]): Promise<Record<string, unknown>> {
  const star = await signInWithTicket(srv.ports.ns, STAR, tickets.get(STAR)!);
  await sleep(500);
  await Promise.all(watchers.map((w) => w.quiet(0)));
  const t = await timeChanges(
    srv.child.pid!,
    watchers,
    (n, status) => star.send(`CHG ${10 + n} ${status} 1085276192:131088`),
    () => Promise.all(watchers.map((w) => w.quiet(0))),
  );
  star.close();
  return {
    watchers: watchers.length,
    changes: CHANGES,
    ...t,
  };
}

/**
 * Times BENCH_LAN_WARM_UP + BENCH_LAN_CHANGES changes, star flipping BSY/NLN: `change` makes the
 * server send change `n`, and the clock runs until every watcher's socket has delivered the NLN
 * (`arrivals`). The server's CPU (process `pid`) is counted over the timed changes.
 */
async function timeChanges(
  pid: number,
  watchers: readonly { socket: net.Socket }[],
  change: (n: number, status: 'BSY' | 'NLN') => void,
  settle: () => Promise<unknown>,
): Promise<Record<string, unknown>> {
  const last: number[] = [];
  const first: number[] = [];
  const warmUp: number[] = [];
  let cpu = 0;
  // The first changes after a start run code V8 has not optimised yet (25-80 ms here for the first
  // ~15, against 14-20 ms once warm): they are timed apart (warmUpLastNlnMs), so the p99 is a LAN
  // party's steady state rather than the server's first few changes.
  for (let n = 0; n < WARM_UP_CHANGES + CHANGES; n++) {
    const status = n % 2 === 0 ? 'BSY' : 'NLN';
    // The bench's own young garbage (1,000 sockets' chunks and the test clients' parsing after
    // each change) is collected between changes, not inside one: a scavenge of this process while
    // it reads the 1,000 sockets showed as every fifth change taking 6-15 ms longer. (A full gc()
    // here made every change slower: its concurrent sweeping took the second core.)
    benchGc?.();
    const seen = arrivals(watchers, `NLN ${status} ${STAR} `);
    const cpu0 = cpuMs(pid);
    const start = performance.now();
    change(n, status);
    const times = await seen;
    if (n < WARM_UP_CHANGES) warmUp.push(times.last - start);
    else {
      cpu += cpuMs(pid) - cpu0;
      first.push(times.first - start);
      last.push(times.last - start);
    }
    await settle();
  }
  first.sort((a, b) => a - b);
  last.sort((a, b) => a - b);
  return {
    lastNlnMs: { p50: fig(percentile(last, 50), 2), p99: fig(percentile(last, 99), 2) },
    firstNlnMs: { p50: fig(percentile(first, 50), 2) },
    warmUpLastNlnMs: { p50: fig(percentile([...warmUp].sort((a, b) => a - b), 50), 2), max: fig(Math.max(0, ...warmUp), 2) },
    // /proc counts in 10 ms ticks: over 60 changes this is good to a fraction of a millisecond.
    serverCpuMsPerChange: fig(cpu / CHANGES, 2),
  };
}

/**
 * The machine's floor for the same fan-out (fanout.bareNodeFloor): bench/bare-fanout-server.mjs, a
 * bare Node server holding as many watcher sockets, writes the bytes Butterfly's watchers got for a
 * change (`bytes`, NLN + UBX) to each of them in one synchronous loop, timed by the same code. What
 * Butterfly's figures add above it is Butterfly's; the floor itself is Node and the kernel here.
 */
async function bareNodeFloor(count: number, bytes: Record<'BSY' | 'NLN', Buffer>): Promise<Record<string, unknown>> {
  const srv = await startBareServer('bare-fanout-server.mjs', [bytes.BSY.toString('base64'), bytes.NLN.toString('base64')]);
  const sockets: net.Socket[] = [];
  try {
    // BENCH_SERVER_STDOUT=FILE: its output too (e.g. --trace-gc-nvp), between the fanout-floor marks.
    const trace = process.env.BENCH_SERVER_STDOUT;
    if (trace) srv.child.stdout!.on('data', (d: Buffer) => fs.appendFileSync(trace, d));
    const connect = (port: number) =>
      new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
    for (let i = 0; i < count; i++) {
      const s = await connect(srv.ports.watchers!);
      s.on('data', () => {}); // read and dropped between changes, as the test clients parse theirs
      sockets.push(s);
    }
    const trigger = await connect(srv.ports.trigger!);
    trigger.setNoDelay(true);
    await sleep(500);
    const watchers = sockets.map((socket) => ({ socket }));
    return { watchers: count, bytesPerWrite: bytes.BSY.length, ...(await timeChanges(srv.child.pid!, watchers, (_n, status) => trigger.write(status[0]!), () => sleep(0))) };
  } finally {
    for (const s of sockets) s.destroy();
    await srv.stop();
  }
}

/** What a watcher's socket carried for star's last change to `status` (its NLN line and the UBX after it), for the floor. */
function changeBytes(w: MsnpTestClient, status: 'BSY' | 'NLN'): Buffer {
  const all = w.all;
  let i = all.length - 1;
  while (i >= 0 && !all[i]!.line.startsWith(`NLN ${status} ${STAR} `)) i--;
  if (i < 0) throw new Error(`no NLN ${status} from ${STAR} in the watcher's transcript`);
  const parts: Buffer[] = [Buffer.from(all[i]!.line + '\r\n')];
  const next = all[i + 1];
  if (next?.line.startsWith('UBX ')) parts.push(Buffer.from(next.line + '\r\n'), next.bytes ?? Buffer.from(next.payload ?? ''));
  return Buffer.concat(parts);
}

/** This process's gc() (`npm run bench` passes --expose-gc). */
const exposed = (globalThis as { gc?: (o?: { type: 'minor' | 'major'; execution?: 'sync' }) => void }).gc;
const benchGc = exposed && (() => exposed({ type: 'minor', execution: 'sync' }));

/** When `needle` first and last arrives across every watcher's socket (see fanout). */
function arrivals(watchers: readonly { socket: net.Socket }[], needle: string): Promise<{ first: number; last: number }> {
  const want = Buffer.from(needle);
  return new Promise((resolve) => {
    let pending = watchers.length;
    let first = 0;
    const handBack: (() => void)[] = [];
    for (const w of watchers) {
      const socket = w.socket;
      const parsers = socket.listeners('data') as ((chunk: Buffer) => void)[];
      socket.removeAllListeners('data');
      const held: Buffer[] = [];
      let tail: Buffer = Buffer.alloc(0);
      let found = false;
      const raw = (chunk: Buffer) => {
        held.push(chunk);
        if (found) return;
        // The needle may straddle two chunks: search the end of the last one with this one.
        const hay = tail.length ? Buffer.concat([tail, chunk]) : chunk;
        if (hay.indexOf(want) < 0) {
          tail = hay.subarray(Math.max(0, hay.length - want.length + 1));
          return;
        }
        const now = performance.now();
        if (first === 0) first = now;
        found = true;
        // The test client parses what this watcher got only once every watcher has its NLN: its
        // parser (~10 µs a line) run here would delay reading the sockets still to come.
        handBack.push(() => {
          socket.removeListener('data', raw);
          for (const p of parsers) socket.on('data', p);
          for (const c of held) for (const p of parsers) p(c);
        });
        if (--pending === 0) {
          resolve({ first, last: now });
          for (const h of handBack) h();
        }
      };
      socket.on('data', raw);
    }
  });
}

async function relay(srv: ServerProcess, ns: MsnpTestClient[], emails: string[]): Promise<Record<string, unknown>> {
  const pairs: [MsnpTestClient, MsnpTestClient][] = [];
  for (let p = 0; p < PAIRS && 2 * p + 1 < ns.length; p++) {
    const [a, b] = [2 * p, 2 * p + 1];
    const { sb: caller } = await openSwitchboard(ns[a]!, { handle: emails[a]!, trid: 100 + p });
    caller.send(`CAL 2 ${emails[b]}`);
    await caller.until('CAL 2 RINGING');
    const { sb: callee } = await answerRing(ns[b]!, { handle: emails[b]! });
    await callee.until('ANS 1 OK');
    await caller.until('JOI ');
    pairs.push([caller, callee]);
  }
  // Settled as the sign-ins are: 200 switchboard connections are an arrival to heap-trim.ts, whose
  // one compacting collection (~30-40 ms) ran 2-4 s after the last of them, inside the timed relay.
  await sleep(6000);
  const { sentAt, latencies } = timeRelay(pairs);
  const total = RATE * SECONDS;
  const cpu0 = cpuSplitMs(srv.child.pid!);
  const main0 = mainThreadCpuMs(srv.child.pid!);
  mark('relay-send', 'start');
  const sendSeconds = await sendSteadily(pairs, RATE, SECONDS, sentAt);
  for (let i = 0; i < 100 && sentAt.size > 0; i++) await sleep(20);
  const cpu1 = cpuSplitMs(srv.child.pid!);
  const main1 = mainThreadCpuMs(srv.child.pid!);
  const [user, system] = [cpu1.user - cpu0.user, cpu1.system - cpu0.system];
  const mainCpu = main1.user - main0.user + (main1.system - main0.system);
  mark('relay-send', 'end');
  for (const [a, b] of pairs) {
    a.close();
    b.close();
  }
  latencies.sort((a, b) => a - b);
  return {
    conversations: pairs.length,
    messages: total,
    messagesPerSecond: Math.round(total / sendSeconds),
    lost: sentAt.size,
    latencyMs: { p50: fig(percentile(latencies, 50), 2), p99: fig(percentile(latencies, 99), 2) },
    // Whole process (every thread), so it includes the ACKs and the tap.
    serverCpuUsPerMessage: fig(((user + system) * 1000) / total, 1),
    // Of which in the kernel (socket reads and writes; on loopback also the delivery to the reader).
    serverSystemCpuUsPerMessage: fig((system * 1000) / total, 1),
    // The main thread alone (the event loop); the rest is V8's helper threads (GC) and libuv's.
    serverMainThreadCpuUsPerMessage: fig((mainCpu * 1000) / total, 1),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const report: Record<string, unknown> = {};

  // Start-up: the first start of a folder makes the certificate authority (slow, once): not counted.
  const median = async (dir: string) => {
    const s0 = await startServer(dir);
    await s0.stop();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await startServer(dir);
      times.push(s.readyMs);
      await s.stop();
    }
    return fig(times.sort((a, b) => a - b)[1]!, 0);
  };
  const dirs: string[] = [];
  const temp = (name: string) => {
    dirs.push(tempDir(name));
    return dirs[dirs.length - 1]!;
  };
  try {
    if (PHASES.has('ready')) {
      const empty = temp('empty');
      const many = temp('accounts');
      await prepare(many, { accounts: STARTUP_ACCOUNTS, contacts: 0 });
      report.readyMs = { empty: await median(empty), [`accounts${STARTUP_ACCOUNTS}`]: await median(many) };
    }
    if (PHASES.has('clients')) await clientsPhase(report, temp('clients'));
    if (PHASES.has('groups')) await groupsPhase(report, temp('groups'));
    if (PHASES.has('floor') && !PHASES.has('clients')) report.relay = { bareNodeFloor: await bareRelayFloor(PAIRS, RATE, SECONDS) };
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
  return report;
}

/**
 * BENCH_LAN_HEAP_SNAPSHOTS=1 with BENCH_SERVER_NODE_ARGS="--expose-gc --heapsnapshot-signal=SIGUSR2
 * --diagnostic-dir=DIR" writes a heap snapshot of the server after each figure is taken (to see what
 * the memory per client is), and waits for it to be written.
 */
async function heapSnapshot(srv: ServerProcess, label: string): Promise<void> {
  if (!process.env.BENCH_LAN_HEAP_SNAPSHOTS) return;
  process.stderr.write(`heap snapshot: ${label}\n`);
  srv.child.kill('SIGUSR2');
  await sleep(Number(process.env.BENCH_LAN_HEAP_SNAPSHOT_WAIT_MS ?? 8000));
}

/**
 * BENCH_LAN_SMAPS_DIR=DIR copies the server's /proc/PID/smaps there when each memory figure is
 * taken (idle, with N clients, after leaving), to see which mappings grow: the V8 heap, malloc's
 * arenas, the node binary's pages (docs/performance.md, "Idle and after leaving, third pass").
 */
function smapsCopy(srv: ServerProcess, label: string): void {
  const dir = process.env.BENCH_LAN_SMAPS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${label}.smaps`), fs.readFileSync(`/proc/${srv.child.pid}/smaps`));
}

async function clientsPhase(report: Record<string, unknown>, dir: string): Promise<void> {
  // Clients, fan-out and relay on one data folder: N accounts with CONTACTS contacts each.
  const maxClients = Math.max(...CLIENTS, WATCHERS);
  const tickets = await prepare(dir, { accounts: maxClients, contacts: CONTACTS, watchers: WATCHERS });
  // The first start of a folder makes the certificate authority (and loads node-forge to do it):
  // idle is measured on an ordinary start, as every start after the first.
  await (await startServer(dir)).stop();
  const srv = await startServer(dir);
  await sleep(2000);
  const idle = rssMb(srv.child.pid!);
  smapsCopy(srv, 'idle');
  const clients: Record<string, unknown> = { rssIdleMb: fig(idle) };
  const emails = Array.from({ length: maxClients }, (_, i) => benchEmail(i));
  const signedIn: MsnpTestClient[] = [];
  let cpuSignIns = 0;
  for (const n of CLIENTS) {
    const cpu0 = cpuMs(srv.child.pid!);
    signedIn.push(...(await signInMany(srv, tickets, emails.slice(signedIn.length, n))));
    cpuSignIns += cpuMs(srv.child.pid!) - cpu0;
    await sleep(2000);
    const rssAt2s = rssMb(srv.child.pid!);
    // Signed in and idle: heap-trim.ts collects the sign-ins' garbage once the count has settled
    // (it looks every 2 s and wants one unchanged look), so 6 s after the last sign-in covers it.
    await sleep(4000);
    const rss = rssMb(srv.child.pid!);
    clients[`clients${n}`] = {
      rssMb: fig(rss),
      kbPerClient: fig(((rss - idle) * 1024) / n, 2),
      rssAt2sMb: fig(rssAt2s),
      kbPerClientAt2s: fig(((rssAt2s - idle) * 1024) / n, 2),
    };
    smapsCopy(srv, `clients${n}`);
    await heapSnapshot(srv, `clients${n}`);
  }
  clients.serverCpuMsPerSignIn = fig(cpuSignIns / signedIn.length, 3);
  report.clients = clients;
  mark('fanout', 'start');
  const fanoutReport = await fanout(srv, tickets, signedIn.slice(0, WATCHERS));
  mark('fanout', 'end');
  report.fanout = fanoutReport;
  const floorBytes = { BSY: changeBytes(signedIn[0]!, 'BSY'), NLN: changeBytes(signedIn[0]!, 'NLN') };
  mark('relay', 'start');
  report.relay = await relay(srv, signedIn, emails);
  mark('relay', 'end');
  for (const c of signedIn) c.close();
  // The server gives memory back once the count of connections has settled (heap-trim.ts looks
  // every 2 s): 8 s covers it.
  await sleep(8000);
  clients.rssAfterLeaveMb = fig(rssMb(srv.child.pid!));
  smapsCopy(srv, 'after-leave');
  await heapSnapshot(srv, 'after-leave');
  await srv.stop();
  // Butterfly's server has stopped and its clients have left: the floor runs alone.
  mark('fanout-floor', 'start');
  fanoutReport.bareNodeFloor = await bareNodeFloor(Math.min(WATCHERS, signedIn.length), floorBytes);
  mark('fanout-floor', 'end');
  // The floor with the server stopped, for the same conversations, rate and seconds.
  const relayed = report.relay as Record<string, unknown>;
  relayed.bareNodeFloor = await bareRelayFloor(relayed.conversations as number, RATE, SECONDS);
}

/** The same fan-out with every contact in a group (the lists query once scanned group_members). */
async function groupsPhase(report: Record<string, unknown>, gdir: string): Promise<void> {
  const emails = Array.from({ length: WATCHERS }, (_, i) => benchEmail(i));
  const gtickets = await prepare(gdir, { accounts: WATCHERS, contacts: CONTACTS, groups: true, watchers: WATCHERS });
  // Started and settled as the clients phase's server is (an ordinary second start, 6 s after the
  // sign-ins), so the two fan-outs differ only in the groups: a first start (making the
  // certificate authority) straight into the fan-out cost the groups figure ~20 % on its own.
  await (await startServer(gdir)).stop();
  const gsrv = await startServer(gdir);
  const gwatchers = await signInMany(gsrv, gtickets, emails.slice(0, WATCHERS));
  // 6 s as in the clients phase: heap-trim.ts's one compacting collection after the arrivals
  // (~60-120 ms with 1,000 clients) runs 2-4 s after the last sign-in, and after 2 s it landed
  // inside this fan-out as its p99.
  await sleep(6000);
  mark('fanout-groups', 'start');
  report.fanoutWithGroups = await fanout(gsrv, gtickets, gwatchers);
  mark('fanout-groups', 'end');
  for (const c of gwatchers) c.close();
  await gsrv.stop();
}
