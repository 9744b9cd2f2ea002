// Test helpers shared by the TLS tests (not used at run time): run an external TLS client,
// wait for a tap record, bound every wait. No test asserts on how long anything took.

import { spawn } from 'node:child_process';
import type { TrafficRecord, TrafficTap } from '../tap/tap.js';

/** Generous: the suite must pass on a loaded 2-core machine. */
export const WAIT_MS = 60_000;

export function withTimeout<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

/**
 * Run a program with `input` on stdin; resolves with stdout+stderr when it exits. With
 * keepStdinOpen, stdin stays open until the program exits: gnutls-cli quits at stdin EOF even
 * while a response is on its way, so it must be left to end when the server closes.
 */
export function runTool(cmd: string, args: string[], input: string, opts: { keepStdinOpen?: boolean } = {}): Promise<{ out: string; code: number | null }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ out, code }));
      child.stdin.on('error', () => {}); // the tool may exit before reading all of it
      if (opts.keepStdinOpen) child.stdin.write(input);
      else child.stdin.end(input);
      setTimeout(() => child.kill('SIGKILL'), WAIT_MS - 5000).unref();
    }),
    `${cmd} ${args.join(' ')}`,
  );
}

export function waitForRecord(tap: TrafficTap, pred: (r: TrafficRecord) => boolean, what: string): Promise<TrafficRecord> {
  let unsubscribe = () => {};
  return withTimeout(
    new Promise<TrafficRecord>((resolve) => {
      const found = tap.recent().find(pred);
      if (found) return resolve(found);
      unsubscribe = tap.subscribe((r) => {
        if (pred(r)) resolve(r);
      });
    }),
    what,
  ).finally(() => unsubscribe());
}

/** Records whose remote is this client port on 127.0.0.1. */
export const fromPort = (localPort: number) => (r: TrafficRecord) => r.remote === `127.0.0.1:${localPort}`;
