// Starts one of the bench's bare Node servers (bare-relay-server.mjs, bare-fanout-server.mjs: the
// machine's floor beside Butterfly's figures) with the node flags Butterfly's server gets, and
// waits for its ready line, {"event":"ready", ...its ports}.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { serverNodeArgs } from './server-process';

export interface BareServer {
  child: ChildProcess;
  /** The ports it printed, by name. */
  ports: Record<string, number>;
  stop(): Promise<void>;
}

export async function startBareServer(file: string, args: string[] = []): Promise<BareServer> {
  const child = spawn(process.execPath, [...serverNodeArgs(), path.join(import.meta.dirname, file), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    process.off('exit', orphan);
  };
  try {
    const ports = await new Promise<Record<string, number>>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
        if (line) resolve(JSON.parse(line) as Record<string, number>);
      });
      child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before its ready line`)));
    });
    return { child, ports, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
