// Stopping `npm start` stops the server (issue 13): npm runs the start script through `sh -c`,
// which passes no signal on, so killing that shell used to leave the server on its ports. Here the
// chain is the same — sh → scripts/supervise.mjs → server/cli.ts — and the shell is killed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

for (const how of ['SIGTERM to the shell', 'SIGKILL to the start script'] as const) {
  const skip = how.includes('SIGKILL') && process.platform !== 'linux' ? 'finds the start script through /proc (Linux only)' : undefined;
  test(`the server stops when npm start is stopped (${how})`, { timeout: 90_000, skip }, async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-supervise-'));
    const serverArgs = ['--import', 'tsx', 'server/cli.ts', '--data', data, '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'];
    const script = `import("./scripts/supervise.mjs").then((m) => m.runSupervised(process.execPath, ${JSON.stringify(serverArgs)}, { ipc: true }))`;
    // "; true" keeps dash from exec'ing node in place of the shell, as npm's sh -c does not either.
    const sh = spawn('sh', ['-c', `"${process.execPath}" --input-type=module -e '${script}'; true`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const ready = await new Promise<{ ns: number }>((resolve, reject) => {
        let out = '';
        const t = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 60_000);
        sh.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
          if (line) {
            clearTimeout(t);
            resolve(JSON.parse(line));
          }
        });
        let err = '';
        sh.stderr.on('data', (c: Buffer) => (err += c.toString()));
        sh.once('exit', () => reject(new Error(`exited before ready: ${out} ${err}`)));
      });
      assert.equal(await portOpen(ready.ns), true);
      if (how === 'SIGTERM to the shell') sh.kill('SIGTERM');
      else {
        // The start script is the shell's only child.
        const supervisor = fs.readFileSync(`/proc/${sh.pid}/task/${sh.pid}/children`, 'utf8').trim().split(/\s+/)[0];
        process.kill(Number(supervisor), 'SIGKILL');
      }
      const deadline = Date.now() + 15_000;
      while ((await portOpen(ready.ns)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(await portOpen(ready.ns), false, 'the notification server port is closed');
    } finally {
      sh.kill('SIGKILL');
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
}
