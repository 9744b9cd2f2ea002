// Switchboard benchmark (npm run bench -- switchboard):
//   relay latency  from a member's MSG leaving its socket to the other member's socket receiving the
//                  relayed MSG (p50/p99/max), at a steady BENCH_SB_RATE messages a second spread over
//                  BENCH_SB_CONVERSATIONS two-person conversations, for BENCH_SB_SECONDS, on loopback.
// Target: p99 under 5 ms at 2,000 messages/s across 200 conversations.
import net from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startTestServer } from '../server/test-support/test-server';
import { signInClient } from '../server/test-support/mac-client';
import { answerRing, openSwitchboard, textPayload } from '../server/test-support/sb-client';
import type { MsnpTestClient } from '../server/test-support/msnp-client';
import { List } from '../server/core/model';
import { DEFAULT_LIMITS } from '../server/limits/limits';

const CONVERSATIONS = Number(process.env.BENCH_SB_CONVERSATIONS ?? 200);
const USERS = Number(process.env.BENCH_SB_USERS ?? 100); // in pairs; each pair holds CONVERSATIONS / (USERS / 2)
const RATE = Number(process.env.BENCH_SB_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SB_SECONDS ?? 5);

export const name = 'switchboard';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Reads relayed MSGs off a switchboard socket as fast as they come; calls back with each body. */
export function readMessages(socket: net.Socket, onBody: (body: string) => void): void {
  socket.removeAllListeners('data');
  // The bench's own writes must not wait on Nagle's algorithm; the server's sockets never do.
  socket.setNoDelay(true);
  let buf: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.subarray(0, nl).toString('latin1');
      if (!line.startsWith('MSG ')) {
        buf = buf.subarray(nl + 2); // ACK
        continue;
      }
      const len = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (buf.length < nl + 2 + len) return;
      const payload = buf.subarray(nl + 2, nl + 2 + len);
      buf = buf.subarray(nl + 2 + len);
      onBody(payload.subarray(payload.indexOf('\r\n\r\n') + 4).toString('latin1'));
    }
  });
}

/**
 * Reads every pair's sockets raw and times each relayed message from its send (sentAt, filled by
 * sendSteadily) to its arrival; what arrives leaves sentAt, so what is left there was lost.
 */
export function timeRelay(pairs: [{ socket: net.Socket }, { socket: net.Socket }][]): { sentAt: Map<number, number>; latencies: number[] } {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const received = (body: string) => {
    const seq = Number(body.slice(1));
    const t = sentAt.get(seq);
    if (t === undefined) return;
    latencies.push(performance.now() - t);
    sentAt.delete(seq);
  };
  for (const [a, b] of pairs) {
    readMessages(a.socket, received);
    readMessages(b.socket, received);
  }
  return { sentAt, latencies };
}

/**
 * Sends RATE × SECONDS messages at a steady rate (every millisecond or so, what the schedule says is
 * due), alternating sides within each pair; the send time of message n goes in sentAt. Returns the
 * seconds the sending took.
 */
export async function sendSteadily(
  pairs: readonly [{ socket: net.Socket }, { socket: net.Socket }][],
  rate: number,
  seconds: number,
  sentAt: Map<number, number>,
): Promise<number> {
  let seq = 0;
  const start = performance.now();
  const total = rate * seconds;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (seq < due) {
        const n = seq++;
        const pair = pairs[n % pairs.length]!;
        const from = Math.floor(n / pairs.length) % 2 === 0 ? pair[0] : pair[1];
        const payload = textPayload(`m${n}`);
        sentAt.set(n, performance.now());
        from.socket.write(`MSG ${n % 1_000_000_000} A ${Buffer.byteLength(payload)}\r\n${payload}`);
      }
      if (seq >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  return (performance.now() - start) / 1000;
}

export async function run(): Promise<Record<string, unknown>> {
  // Every bench client comes from 127.0.0.1: the per-address caps a LAN server keeps would stop
  // the 17th sign-in and the 201st switchboard connection, so they are raised to the bench's own numbers.
  const app = await startTestServer({
    limits: {
      perAddress: { ...DEFAULT_LIMITS.perAddress, NS: Math.max(USERS, DEFAULT_LIMITS.perAddress.NS), SB: Math.max(CONVERSATIONS * 2, DEFAULT_LIMITS.perAddress.SB) },
      total: { ...DEFAULT_LIMITS.total, NS: Math.max(USERS, DEFAULT_LIMITS.total.NS), SB: Math.max(CONVERSATIONS * 2, DEFAULT_LIMITS.total.SB) },
    },
  });
  const ids: number[] = [];
  for (let i = 0; i < USERS; i++) ids.push((await app.core.directory.createAccount(`sb${i}@bench`, 'pw', `User ${i}`)).id);
  for (let i = 0; i < USERS; i += 2) {
    app.core.directory.addToLists(ids[i]!, ids[i + 1]!, List.FL | List.AL);
    app.core.directory.addToLists(ids[i + 1]!, ids[i]!, List.FL | List.AL);
  }
  const ns: MsnpTestClient[] = [];
  for (let i = 0; i < USERS; i++) {
    ns.push(await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: `sb${i}@bench`, password: 'pw' }));
  }

  // Each conversation: XFR, USR, CAL, RNG, ANS, IRO, JOI.
  const pairs: [MsnpTestClient, MsnpTestClient][] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const a = (c % (USERS / 2)) * 2;
    const { sb: caller } = await openSwitchboard(ns[a]!, { handle: `sb${a}@bench`, trid: 100 + c });
    caller.send(`CAL 2 sb${a + 1}@bench`);
    await caller.until('CAL 2 RINGING');
    const { sb: callee } = await answerRing(ns[a + 1]!, { handle: `sb${a + 1}@bench` });
    await callee.until('ANS 1 OK');
    await caller.until('JOI ');
    pairs.push([caller, callee]);
  }
  app.tap.clear();

  const { sentAt, latencies } = timeRelay(pairs);

  // A steady rate: every millisecond or so, send what the schedule says is due.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const total = RATE * SECONDS;
  const sendSeconds = await sendSteadily(pairs, RATE, SECONDS, sentAt);
  for (let i = 0; i < 100 && sentAt.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
  loopDelay.disable();

  latencies.sort((a, b) => a - b);
  const report = {
    conversations: CONVERSATIONS,
    users: USERS,
    messages: total,
    messagesPerSecond: Number((total / sendSeconds).toFixed(0)),
    lost: sentAt.size,
    relayLatencyMs: {
      p50: Number(percentile(latencies, 50).toFixed(2)),
      p99: Number(percentile(latencies, 99).toFixed(2)),
      max: Number(latencies[latencies.length - 1]!.toFixed(2)),
    },
    // Server and bench clients share one event loop: a stall here (GC, another busy process on the
    // machine) shows in the relay figures too.
    eventLoopDelayMs: { p99: Number((loopDelay.percentile(99) / 1e6).toFixed(2)), max: Number((loopDelay.max / 1e6).toFixed(2)) },
  };
  for (const [a, b] of pairs) {
    a.close();
    b.close();
  }
  for (const c of ns) c.close();
  await app.cleanup();
  return report;
}
