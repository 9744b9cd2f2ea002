// The UI's side of the panel contract. Two ways to reach the same handlers: Electron's window.panel
// (IPC, put there by the preload) or the loopback WebSocket with the token from the panel address.
import type { OperationName, PanelBridge, PanelEventMessage, Req, Res } from '../../../server/panel/contract';

export type Connection =
  | { state: 'connecting' }
  | { state: 'connected' }
  /** Lost after having worked: retrying on its own. */
  | { state: 'lost'; message: string }
  /** Cannot work as it is (wrong or stale token): the person has to act. */
  | { state: 'refused'; message: string };

export interface PanelClient {
  call<K extends OperationName>(op: K, req: Req<K>): Promise<Res<K>>;
  /** Event batches, oldest first. Returns an unsubscribe function. */
  on(listener: (events: PanelEventMessage[]) => void): () => void;
  /** Called now with the current state and on every change. */
  onConnection(listener: (c: Connection) => void): void;
  start(): void;
}

declare global {
  interface Window {
    /** Set by the Electron preload (electron/preload-api.ts); absent in a browser. */
    panel?: PanelBridge;
  }
}

/** Over Electron IPC: always connected while the window exists. */
export function bridgeClient(bridge: PanelBridge): PanelClient {
  return {
    call: (op, req) => bridge.call(op, req),
    on: (listener) => bridge.on(listener),
    onConnection: (listener) => listener({ state: 'connected' }),
    start: () => {},
  };
}
