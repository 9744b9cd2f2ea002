// Smoke test of the desktop app where an Electron binary exists (it cannot be downloaded on a
// machine without internet access; then this test is skipped and says why). The app starts the
// server in-process, shows the panel over IPC with nothing but window.panel exposed, and quitting
// signs a connected client out with OUT SSD.
import { test, expect, _electron as electron } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInMac } from '../server/test-support/mac-client';
import type { StatusInfo } from '../server/panel/contract';

const root = path.resolve(import.meta.dirname, '..');

function electronBinary(): string | undefined {
  try {
    const bin: unknown = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();

test('the desktop app runs the server, shows the panel over IPC, and quits signing clients out', async () => {
  test.skip(!binary, 'No Electron binary here: the optional "electron" package could not download it (no internet). Run npm install with internet access to enable this test.');
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  expect(built.status).toBe(0);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    cwd: root,
    args: ['.', '--demo', '--data', data, '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'],
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByText('Server running')).toBeVisible();
    const exposed = await win.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { panel: Object.keys(w.panel as object).sort(), require: typeof w.require, process: typeof w.process };
    });
    expect(exposed).toEqual({ panel: ['call', 'on'], require: 'undefined', process: 'undefined' });
    // No token in the window's address: it talks IPC, not the WebSocket.
    expect(win.url()).not.toContain('token=');
    await win.screenshot({ path: path.join('test-results', 'screens', 'electron-dashboard.png') });

    const status = (await win.evaluate(() => (window as unknown as { panel: { call(op: string, req: object): Promise<unknown> } }).panel.call('getStatus', {}))) as StatusInfo;
    const port = (name: string) => status.listeners.find((l) => l.name === name)!.port;
    const mac = await signInMac({ nsPort: port('ns'), httpPort: port('http'), email: 'me@local', password: 'butterfly' });
    await expect(win.getByRole('region', { name: 'Signed-in clients' })).toContainText('me@local');
    await app.close();
    expect((await mac.until('OUT')).line).toBe('OUT SSD');
  } finally {
    await app.close().catch(() => {});
    fs.rmSync(data, { recursive: true, force: true });
  }
});
