// Electron main process: runs the same createServer as the headless CLI, in-process, and shows the
// control panel in a locked-down window that talks to it over IPC (electron/ipc-transport.ts).
// Quitting signs every client out (OUT SSD) before the process ends.
import { app as electronApp, BrowserWindow, dialog, ipcMain } from 'electron';
import path from 'node:path';
import type { Butterfly } from '../server/app';
import { BindError } from '../server/listen';
import { parseOptions, UsageError } from '../server/cli-options';
import { appArguments } from './app-options';
import { startWithFallback } from './start-server';
import { serveOverIpc } from './ipc-transport';
import { createPanelWindow } from './window';

let server: Butterfly | undefined;
let stopIpc: (() => void) | undefined;
let quitting = false;

function fail(message: string): void {
  dialog.showErrorBox('Butterfly could not start', message);
  electronApp.exit(1);
}

async function start(): Promise<void> {
  // The same options as `npm run serve` (after "--"), with the app's own data folder as the default.
  const args = appArguments(process.argv.slice(1));
  let config;
  try {
    config = parseOptions(args);
  } catch (e) {
    return fail(e instanceof UsageError ? e.message : String(e));
  }
  if (!args.some((a) => a.startsWith('--data'))) config.dataDir = electronApp.getPath('userData');
  config.uiDir = path.join(__dirname, '..', 'dist', 'renderer');
  try {
    ({ app: server } = await startWithFallback(config));
  } catch (e) {
    return fail(e instanceof BindError ? e.message : `Butterfly could not start: ${(e as Error).message}`);
  }
  const p = server.ports;
  // Like the headless server: one JSON line for scripts (and the smoke test) once everything listens.
  process.stdout.write(`${JSON.stringify({ event: 'ready', ns: p.ns, sb: p.sb, http: p.http, https: p.https, panel: p.panel })}\n`);

  const panelOrigin = `http://127.0.0.1:${p.panel}`;
  const win = createPanelWindow(panelOrigin, path.join(__dirname, 'preload.cjs'));
  stopIpc = serveOverIpc({ app: server, ipcMain, webContents: win.webContents, panelOrigin });
  // No token in this URL: the window reaches the server over IPC, not the WebSocket.
  await win.loadURL(`${panelOrigin}/`);
}

// One Butterfly per computer: a second one could not have the ports anyway. It brings the first
// one's window forward and quits.
if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit();
} else {
  electronApp.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  electronApp.on('before-quit', (event) => {
    if (quitting || !server) return;
    // Sign every client out (OUT SSD) and close the database before the process ends.
    event.preventDefault();
    quitting = true;
    stopIpc?.();
    void server.stop().finally(() => electronApp.exit(0));
  });

  // The server lives as long as its window, on every platform (a Mac user closing the window expects
  // Messenger clients to be signed out, not a server left running with no way to see it).
  electronApp.on('window-all-closed', () => electronApp.quit());
  electronApp.whenReady().then(start, (e) => fail(String(e)));
}
