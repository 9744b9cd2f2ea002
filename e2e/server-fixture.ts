// Starts the real headless server (npm run serve) on ephemeral ports with a fresh data folder and
// reads its ready line, as a user's script would. `test` gives each test its own server.
import { test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Ready {
  ns: number;
  sb: number;
  http: number;
  https: number;
  panel: number;
  panelUrl: string;
  /** DNS mode's port, when it was started with --dns… */
  dns?: number;
}

export interface Headless {
  ready: Ready;
  stop(): Promise<void>;
}

/** `dataDir`: use (and keep) this data folder, to start the same server again after a stop. */
export async function startHeadless(extra: string[] = [], dataDir?: string): Promise<Headless> {
  const root = path.resolve(import.meta.dirname, '..');
  const data = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', '--data', data, '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0', ...extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.on('exit', () => reject(new Error(`server exited before it was ready:\n${stderr}`)));
  });
  return {
    ready,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (!dataDir) fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Screenshots for people to look at, kept with the test results. */
export async function snapshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join('test-results', 'screens', `${name}.png`), fullPage });
}

/** A test with its own fresh server (`server`), or with --demo data (`demoServer`). */
export const test = base.extend<{ server: Headless; demoServer: Headless }>({
  server: async ({}, use) => {
    const s = await startHeadless();
    await use(s);
    await s.stop();
  },
  demoServer: async ({}, use) => {
    const s = await startHeadless(['--demo']);
    await use(s);
    await s.stop();
  },
});

export { expect } from '@playwright/test';
