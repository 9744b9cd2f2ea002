// Starts the compiled server (dist-server/cli.mjs) on ephemeral ports with a preload that records
// every file Node's CommonJS loader resolves (how the bundle loads native addons), and waits for its
// ready line. For tests that check what the bundle loads from disk, not from itself.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_BUNDLE } from '../../scripts/build-server.mjs';

export interface RecordedStart {
  child: ChildProcess;
  /** The files resolved so far, in order. */
  loaded(): string[];
}

/** `data` is a fresh folder of the caller's (the database and the record go there); the caller kills the child. */
export async function startBundleRecordingLoads(
  data: string,
  opts: { nodeArgs?: string[]; serverArgs?: string[]; cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RecordedStart> {
  const record = path.join(data, 'loaded.txt');
  const preload = path.join(data, 'record-loads.cjs');
  fs.writeFileSync(
    preload,
    `const M = require('node:module'); const fs = require('node:fs'); const load = M._load;
M._load = function (request, parent) { try { fs.appendFileSync(${JSON.stringify(record)}, M._resolveFilename(request, parent) + '\\n'); } catch {} return load.apply(this, arguments); };`,
  );
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--require', preload, SERVER_BUNDLE, '--data', data, ...(opts.serverArgs ?? []),
      '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'],
    { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('"event":"ready"')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited before its ready line:\n${stderr}`)));
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return { child, loaded: () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n') : []) };
}
