// The panel contract over Electron IPC: the same handlers as the loopback WebSocket, reached
// through ipcMain.handle. Only our window's main frame, showing the panel's own origin, may call;
// anything else (another window, an iframe, a page the window was somehow sent to) is refused.
// Typed structurally so the tests can drive it without Electron; Electron's ipcMain and
// WebContents satisfy these shapes (checked where electron/main.ts passes them in).
import type { Butterfly } from '../server/app';
import { createPanelHandlers } from '../server/panel/handlers';
import { attachPanelEvents } from '../server/panel/events';
import { batchEvents } from '../server/panel/event-batch';
import { callOperation } from '../server/panel/call';
import type { CallOutcome } from '../server/panel/contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

interface FrameLike {
  readonly url: string;
  /** null for a page's top frame. */
  readonly parent: unknown;
}

export interface IpcInvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  send(channel: string, ...args: any[]): void;
  isDestroyed(): boolean;
}

export function serveOverIpc(opts: {
  app: Butterfly;
  ipcMain: IpcMainLike;
  webContents: WebContentsLike;
  /** http://127.0.0.1:<panel port>: the only origin allowed to call. */
  panelOrigin: string;
}): () => void {
  const { ipcMain, webContents, panelOrigin } = opts;
  const handlers = createPanelHandlers(opts.app);

  ipcMain.handle(CALL_CHANNEL, async (event, op: unknown, req: unknown): Promise<CallOutcome> => {
    const refusal = senderProblem(event, webContents, panelOrigin);
    if (refusal) return { ok: false, status: 403, error: `Refused: ${refusal}.` };
    return callOperation(handlers, op, req);
  });

  const batcher = batchEvents((batch) => {
    if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, batch);
  });
  const detach = attachPanelEvents(opts.app, batcher.emit);
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    detach();
    batcher.close();
  };
}

/** Why a caller is not our panel page, or undefined when it is. */
export function senderProblem(event: IpcInvokeEventLike, ours: WebContentsLike, panelOrigin: string): string | undefined {
  if (event.sender !== ours) return 'the call did not come from the Butterfly window';
  const frame = event.senderFrame;
  if (!frame) return 'the calling page has gone';
  if (frame.parent !== null) return 'only the panel page itself may call, not a frame inside it';
  let origin: string;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return 'the calling page has no address';
  }
  if (origin !== panelOrigin) return `the calling page is ${origin}, not the panel`;
  return undefined;
}
