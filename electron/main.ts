// Electron main process: runs the same createServer as the headless CLI, in-process, and shows
// the control panel in a locked-down window (context isolation, sandbox, no Node in the page).
import { app as electronApp, BrowserWindow, dialog, shell } from 'electron';
import path from 'node:path';
import { createServer, type Butterfly } from '../server/app';
import { BindError } from '../server/listen';
import { parseOptions } from '../server/cli-options';
import { isAllowedNavigation } from './navigation';

let server: Butterfly | undefined;
let quitting = false;

async function start(): Promise<void> {
  // The same options as `npm run serve`, with the app's own data folder as the default.
  const config = parseOptions(process.argv.slice(electronApp.isPackaged ? 1 : 2).filter((a) => a.startsWith('--')));
  if (!process.argv.some((a) => a.startsWith('--data'))) config.dataDir = electronApp.getPath('userData');
  config.uiDir = path.join(__dirname, '..', 'dist', 'renderer');
  server = createServer(config);
  try {
    await server.start();
  } catch (e) {
    const message = e instanceof BindError ? e.message : `Butterfly could not start: ${(e as Error).message}`;
    dialog.showErrorBox('Butterfly could not start', message);
    electronApp.exit(1);
    return;
  }
  const panelUrl = server.panelUrl();
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'Butterfly',
    icon: path.join(__dirname, '..', 'assets', 'icon.png'),
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(__dirname, 'preload.cjs'),
    },
  });
  // The window shows our panel and nothing else; links to elsewhere open in the user's browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, panelUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url) && !isAllowedNavigation(url, panelUrl)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  await win.loadURL(panelUrl);
}

electronApp.on('before-quit', (event) => {
  if (quitting || !server) return;
  // Sign every client out (OUT SSD) and flush the database before the process ends.
  event.preventDefault();
  quitting = true;
  void server.stop().finally(() => electronApp.exit(0));
});

electronApp.on('window-all-closed', () => electronApp.quit());
electronApp.whenReady().then(start, (e) => {
  dialog.showErrorBox('Butterfly could not start', String(e));
  electronApp.exit(1);
});
