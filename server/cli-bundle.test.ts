// npm run serve as users run it: the compiled bundle (built here when stale) starts from a fresh
// data folder, prints one ready line, takes a sign-in, and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInMac } from './test-support/mac-client';

const ROOT = path.resolve(import.meta.dirname, '..');

test('npm run serve runs the compiled server: ready line, a sign-in, exit 0 on SIGTERM', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-bundle-'));
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=1', 'scripts/serve.mjs', '--data', data, '--demo', '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const nl = stdout.indexOf('\n');
        if (nl >= 0) resolve(stdout.slice(0, nl));
      });
      child.on('exit', () => reject(new Error(`exited before its ready line:\n${stderr}`)));
    });
    const ready = JSON.parse(line);
    assert.equal(ready.event, 'ready');
    assert.ok(fs.existsSync(path.join(ROOT, 'dist-server', 'cli.mjs')));
    const c = await signInMac({ nsPort: ready.ns, httpPort: ready.http, email: 'me@local', password: 'butterfly' });
    child.kill('SIGTERM');
    assert.equal((await c.until('OUT')).line, 'OUT SSD');
    assert.equal(await exited, 0);
    assert.equal(stdout.trim().split('\n').length, 1, 'only the ready line on stdout');
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(data, { recursive: true, force: true });
  }
});
