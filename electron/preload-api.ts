// What the preload gives the panel page: window.panel with call(op, req) and on(listener) — the
// panel contract and nothing else (no ipcRenderer, no Node). Takes Electron's contextBridge and
// ipcRenderer as arguments so the tests can hand in fakes and see exactly what is exposed.
import { isOperationName, type CallOutcome, type PanelBridge, type PanelEventMessage } from '../server/panel/contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: any): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: any[]): Promise<any>;
  on(channel: string, listener: (event: any, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (...args: any[]) => void): unknown;
}

export function exposePanelApi({ contextBridge, ipcRenderer }: { contextBridge: ContextBridgeLike; ipcRenderer: IpcRendererLike }): void {
  const bridge: PanelBridge = {
    async call(op, req) {
      // Checked here too, so the page cannot use this as a way to send arbitrary IPC.
      if (!isOperationName(op)) throw new Error(`Unknown operation ${String(op)}.`);
      const outcome = (await ipcRenderer.invoke(CALL_CHANNEL, op, req)) as CallOutcome;
      if (!outcome.ok) throw new Error(outcome.error);
      return outcome.res as never;
    },
    on(listener) {
      // The IPC event (which carries `sender`) never reaches the page: only the batch does.
      const forward = (_event: unknown, batch: unknown) => {
        if (Array.isArray(batch)) listener(batch as PanelEventMessage[]);
      };
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, forward);
      };
    },
  };
  contextBridge.exposeInMainWorld('panel', bridge);
}
