// The machine's floor for the relay figures: bench/bare-relay-server.mjs (a Node process that only
// pairs connections and relays MSG/ACK, no Butterfly in it) driven exactly as the relay phase drives
// the server: the same pairs, payload, rate and seconds (sendSteadily/timeRelay), the same node
// flags, its CPU read the same way. What the server costs above this is Butterfly's; what this costs
// is Node's socket layer and the kernel on this machine (docs/performance.md, "Relay, fourth pass").
import net from 'node:net';
import { cpuSplitMs, load, mainThreadCpuMs, percentile, sleep } from './server-process';
import { sendSteadily, timeRelay } from './switchboard.bench';
import { startBareServer } from './bare-server';

const fig = (value: number, digits = 1) => ({ value: Number(value.toFixed(digits)), load: load() });

export async function bareRelayFloor(pairCount: number, rate: number, seconds: number): Promise<Record<string, unknown>> {
  const srv = await startBareServer('bare-relay-server.mjs');
  const pid = srv.child.pid!;
  try {
    // Connected one after another: the server pairs them in the order they arrive.
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 2 * pairCount; i++) {
      const s = net.connect(srv.ports.port!, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      sockets.push(s);
    }
    const pairs = Array.from({ length: pairCount }, (_, p) => [{ socket: sockets[2 * p]! }, { socket: sockets[2 * p + 1]! }] as [{ socket: net.Socket }, { socket: net.Socket }]);
    await sleep(500);
    const { sentAt, latencies } = timeRelay(pairs);
    const total = rate * seconds;
    const cpu0 = cpuSplitMs(pid);
    const main0 = mainThreadCpuMs(pid);
    await sendSteadily(pairs, rate, seconds, sentAt);
    for (let i = 0; i < 100 && sentAt.size > 0; i++) await sleep(20);
    const cpu1 = cpuSplitMs(pid);
    const main1 = mainThreadCpuMs(pid);
    for (const s of sockets) s.destroy();
    latencies.sort((a, b) => a - b);
    const [user, system] = [cpu1.user - cpu0.user, cpu1.system - cpu0.system];
    return {
      lost: sentAt.size,
      latencyMs: { p50: fig(percentile(latencies, 50), 2), p99: fig(percentile(latencies, 99), 2) },
      serverCpuUsPerMessage: fig(((user + system) * 1000) / total, 1),
      serverSystemCpuUsPerMessage: fig((system * 1000) / total, 1),
      serverMainThreadCpuUsPerMessage: fig(((main1.user - main0.user + main1.system - main0.system) * 1000) / total, 1),
    };
  } finally {
    await srv.stop();
  }
}
