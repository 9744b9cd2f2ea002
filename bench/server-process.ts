// The server as a user runs it (the compiled bundle, its own process), for figures that must not
// mix the server's work with the bench clients': RSS, CPU time, start-up to ready.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildServer, SERVER_BUNDLE } from '../scripts/build-server.mjs';
import { serverEnv } from '../scripts/server-env.mjs';

export interface Ports {
  ns: number;
  sb: number;
  http: number;
  https: number;
  panel: number;
}

export interface ServerProcess {
  child: ChildProcess;
  ports: Ports;
  readyMs: number;
  stop(): Promise<void>;
}

let built = false;
/** Builds the bundle once per bench run, from the current sources. */
export async function ensureBundle(): Promise<void> {
  if (built) return;
  await buildServer();
  built = true;
}

/** The node flags the bench's servers run with: as npm run serve starts it (package.json), or BENCH_SERVER_NODE_ARGS. */
export function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '--max-semi-space-size=1 --expose-gc').split(' ').filter(Boolean);
}

export async function startServer(dataDir: string, extraArgs: string[] = []): Promise<ServerProcess> {
  await ensureBundle();
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...serverNodeArgs(),
      SERVER_BUNDLE,
      '--data', dataDir, '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0',
      // Every bench client connects from 127.0.0.1: lift the per-address and total caps (docs/security.md).
      '--max-clients', '100000', '--max-clients-per-address', '100000',
      ...extraArgs,
    ],
    // As npm start starts it (scripts/server-env.mjs).
    { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() },
  );
  // A phase that throws ends the bench before srv.stop(): the server must not outlive it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  const ports = await new Promise<Ports>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) resolve(JSON.parse(line) as Ports);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${err}`)));
  });
  const readyMs = performance.now() - t0;
  // BENCH_SERVER_STDOUT=FILE: the server's output from here on (e.g. --trace-gc), with the bench's marks in between.
  const trace = process.env.BENCH_SERVER_STDOUT;
  if (trace) child.stdout!.on('data', (d: Buffer) => fs.appendFileSync(trace, d));
  return {
    child,
    ports,
    readyMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Resident set size of a process, in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux
/** CPU time (user + system, every thread) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const t = cpuSplitMs(pid);
  return t.user + t.system;
}

/**
 * The same, split: user (JavaScript, V8, SQLite) and system (the kernel: socket reads and writes,
 * and on loopback the TCP delivery to the reading process, which is charged to the writer).
 */
export function cpuSplitMs(pid: number): { user: number; system: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
}

/** CPU of the main thread alone (the event loop), user and kernel, from /proc/PID/task/PID/stat. */
export function mainThreadCpuMs(pid: number): { user: number; system: number } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** The machine's 1-minute load average, rounded: printed beside every figure (a busy machine slows all of them). */
export function load(): number {
  return Number(os.loadavg()[0]!.toFixed(2));
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `butterfly-bench-${name}-`));
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
