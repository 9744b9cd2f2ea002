// The preload exposes the panel contract and nothing else: window.panel = { call, on }, over the
// two panel channels, with the page never seeing an IPC event object or ipcRenderer itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposePanelApi, type IpcRendererLike } from './preload-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import type { PanelBridge, PanelEventMessage } from '../server/panel/contract';

function fakeElectron(reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, res: 'fine' })) {
  const exposed: [string, unknown][] = [];
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<(...args: any[]) => void>>();
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push([channel, args]);
      return reply(channel, args);
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  exposePanelApi({ contextBridge: { exposeInMainWorld: (key, api) => exposed.push([key, api]) }, ipcRenderer });
  return { exposed, invoked, listeners };
}

test('exactly one thing is exposed: window.panel with call and on, both plain functions', () => {
  const { exposed } = fakeElectron();
  assert.equal(exposed.length, 1);
  const [key, api] = exposed[0]!;
  assert.equal(key, 'panel');
  assert.deepEqual(Object.keys(api as object).sort(), ['call', 'on']);
  for (const v of Object.values(api as object)) assert.equal(typeof v, 'function');
});

test('call forwards contract operations on the call channel and unwraps the outcome', async () => {
  const { exposed, invoked } = fakeElectron((_c, [op]) =>
    op === 'listAccounts' ? { ok: true, res: [{ email: 'a@lan' }] } : { ok: false, status: 409, error: 'An account a@lan already exists.' },
  );
  const panel = exposed[0]![1] as PanelBridge;
  assert.deepEqual(await panel.call('listAccounts', {}), [{ email: 'a@lan' }]);
  await assert.rejects(panel.call('createAccount', { email: 'a@lan', password: 'pw-a' }), /already exists/);
  assert.deepEqual(invoked, [
    [CALL_CHANNEL, ['listAccounts', {}]],
    [CALL_CHANNEL, ['createAccount', { email: 'a@lan', password: 'pw-a' }]],
  ]);
});

test('call refuses anything that is not an operation of the contract, without sending IPC', async () => {
  const { exposed, invoked } = fakeElectron();
  const panel = exposed[0]![1] as { call(op: string, req: unknown): Promise<unknown> };
  await assert.rejects(panel.call('constructor', {}), /Unknown operation/);
  await assert.rejects(panel.call('panel:call', {}), /Unknown operation/);
  assert.equal(invoked.length, 0);
});

test('on delivers event batches without the IPC event, and its return value unsubscribes', () => {
  const { exposed, listeners } = fakeElectron();
  const panel = exposed[0]![1] as PanelBridge;
  const got: unknown[][] = [];
  const off = panel.on((batch) => got.push(batch));
  const batch: PanelEventMessage[] = [{ event: 'lists', data: { email: 'a@lan' } }];
  const fakeIpcEvent = { sender: { secret: 'main process object' } };
  for (const l of listeners.get(EVENT_CHANNEL)!) l(fakeIpcEvent, batch);
  assert.deepEqual(got, [batch]);
  off();
  assert.equal(listeners.get(EVENT_CHANNEL)!.size, 0);
});
