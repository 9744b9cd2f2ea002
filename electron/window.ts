// The panel window: context isolation, sandbox, no Node in the page, and it shows the panel's own
// origin and nothing else. Links elsewhere open in the user's browser; permission requests
// (camera, notifications…) and <webview> are refused.
import { BrowserWindow, shell } from 'electron';
import path from 'node:path';
import { isAllowedNavigation } from './navigation';

export function createPanelWindow(panelOrigin: string, preloadFile: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1240,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Butterfly',
    backgroundColor: '#eef4fb',
    icon: path.join(__dirname, '..', 'assets', 'icon.png'),
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: preloadFile,
    },
  });
  win.once('ready-to-show', () => win.show());
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, panelOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, panelOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url) && !isAllowedNavigation(url, panelOrigin)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  return win;
}
