// The IPC transport against a real server: our window's panel page gets answers and events;
// other windows, frames and origins are refused before any handler runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveOverIpc, type IpcInvokeEventLike, type IpcMainLike, type WebContentsLike } from './ipc-transport';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { startTestServer } from '../server/test-support/test-server';
import type { Butterfly } from '../server/app';
import type { CallOutcome, ClientSetupGuide, HexPatchResult, PanelEventMessage } from '../server/panel/contract';
import { syntheticMessengerBinary } from '../server/test-support/synthetic-macho';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
});
after(async () => {
  await app.cleanup();
});

function fakeWindow(url: string) {
  const sent: PanelEventMessage[][] = [];
  const mainFrame = { url, parent: null };
  const contents: WebContentsLike = {
    send: (channel, batch) => {
      if (channel === EVENT_CHANNEL) sent.push(batch);
    },
    isDestroyed: () => false,
  };
  return { contents, sent, mainFrame };
}

test('calls from the panel page are answered; other senders are refused', async () => {
  let handler: ((event: IpcInvokeEventLike, ...args: unknown[]) => unknown) | undefined;
  const ipcMain: IpcMainLike = {
    handle: (channel, fn) => {
      assert.equal(channel, CALL_CHANNEL);
      handler = fn;
    },
    removeHandler: () => (handler = undefined),
  };
  const origin = `http://127.0.0.1:${app.ports.panel}`;
  const win = fakeWindow(`${origin}/#/accounts`);
  const stop = serveOverIpc({ app, ipcMain, webContents: win.contents, panelOrigin: origin });
  const call = (event: IpcInvokeEventLike, op: string, req: unknown) => handler!(event, op, req) as Promise<CallOutcome>;
  const fromPanel = { sender: win.contents, senderFrame: win.mainFrame };

  const created = await call(fromPanel, 'createAccount', { email: 'ipc@lan', password: 'pw-ipc' });
  assert.equal(created.ok, true);
  assert.deepEqual(await call(fromPanel, 'createAccount', { email: 'ipc@lan', password: 'pw-ipc' }), {
    ok: false,
    status: 409,
    error: 'An account ipc@lan already exists; pick another address or edit it.',
  });

  const other = fakeWindow(`${origin}/`);
  const refusals = [
    { sender: other.contents, senderFrame: other.mainFrame },
    { sender: win.contents, senderFrame: { url: `${origin}/`, parent: win.mainFrame } }, // a frame inside our page
    { sender: win.contents, senderFrame: null },
  ];
  for (const event of refusals) {
    const r = await call(event, 'deleteAccount', { email: 'ipc@lan' });
    assert.equal(r.ok, false);
    assert.equal((r as { status: number }).status, 403);
  }
  win.mainFrame.url = 'https://example.com/';
  assert.match(((await call(fromPanel, 'listAccounts', {})) as { error: string }).error, /example\.com, not the panel/);
  assert.ok(app.core.users.byEmail('ipc@lan'), 'refused calls changed nothing');

  // Events reach the window in batches.
  win.mainFrame.url = `${origin}/`;
  await call(fromPanel, 'setPresence', { email: 'ipc@lan', status: 'AWY' });
  while (!win.sent.flat().some((e) => e.event === 'presence')) await new Promise((r) => setTimeout(r, 10));
  assert.ok(win.sent.flat().some((e) => e.event === 'presence' && e.data.status === 'AWY'));
  stop();
  assert.equal(handler, undefined);
});

test('the client-setup tools work over IPC too: a dropped program goes in as base64, the patched copy comes back', async () => {
  let handler: ((event: IpcInvokeEventLike, ...args: unknown[]) => unknown) | undefined;
  const ipcMain: IpcMainLike = { handle: (_c, fn) => (handler = fn), removeHandler: () => (handler = undefined) };
  const origin = `http://127.0.0.1:${app.ports.panel}`;
  const win = fakeWindow(`${origin}/#/setup/mac-8`);
  const stop = serveOverIpc({ app, ipcMain, webContents: win.contents, panelOrigin: origin });
  const fromPanel = { sender: win.contents, senderFrame: win.mainFrame };
  const { buf, names } = syntheticMessengerBinary();
  const out = (await handler!(fromPanel, 'patchMacBinary', { name: 'Microsoft Messenger', base64: buf.toString('base64'), target: '10.0.0.7' })) as CallOutcome;
  assert.equal(out.ok, true);
  const res = (out as { res: HexPatchResult }).res;
  assert.equal(res.occurrences.length, names.length);
  assert.equal(Buffer.from(res.patched!.base64, 'base64').length, buf.length);
  const guide = (await handler!(fromPanel, 'getClientSetup', { family: 'wlm' })) as CallOutcome;
  assert.equal(guide.ok && (guide.res as ClientSetupGuide).registry?.file.name, 'butterfly-wlm-reset.reg');
  stop();
});
