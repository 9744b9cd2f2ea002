// The panel contract over the loopback WebSocket (the browser panel of `npm run serve`).
// Reconnects on its own; tells a lost server apart from a token the server refuses.
import type { PanelEventMessage } from '../../../server/panel/contract';
import type { Connection, PanelClient } from './panel-client';

const RETRY_MS = 1500;

export function wsClient(token: string): PanelClient {
  let ws: WebSocket | undefined;
  let nextId = 1;
  let everConnected = false;
  let connection: Connection = { state: 'connecting' };
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(events: PanelEventMessage[]) => void>();
  const connectionListeners = new Set<(c: Connection) => void>();

  const setConnection = (c: Connection) => {
    connection = c;
    for (const l of connectionListeners) l(c);
  };

  /** A refused upgrade looks like any other failure to a browser; ask the REST side why. */
  const refusalReason = async (): Promise<string | undefined> => {
    try {
      const res = await fetch('/api/status', { headers: { Authorization: `Bearer ${token}` } });
      if (res.status === 401) {
        return 'This panel address has an old or wrong token (Butterfly makes a new one each time it starts). Open the "Control panel" address it printed when it started.';
      }
    } catch {
      // The server is not there at all: that is "lost", not "refused".
    }
    return undefined;
  };

  const connect = () => {
    const socket = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
    ws = socket;
    socket.onopen = () => {
      everConnected = true;
      setConnection({ state: 'connected' });
    };
    socket.onclose = async () => {
      for (const p of pending.values()) p.reject(new Error('The connection to Butterfly was lost.'));
      pending.clear();
      const refused = await refusalReason();
      if (refused) return setConnection({ state: 'refused', message: refused });
      setConnection({
        state: 'lost',
        message: everConnected
          ? 'The connection to the Butterfly server was lost. Reconnecting…'
          : 'Cannot reach the Butterfly server. Is it still running? Retrying…',
      });
      setTimeout(connect, RETRY_MS);
    };
    socket.onmessage = (m) => {
      const msg = JSON.parse(String(m.data));
      if (Array.isArray(msg.events)) {
        for (const l of listeners) l(msg.events);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.res);
      else p.reject(new Error(msg.error));
    };
  };

  return {
    call(op, req) {
      return new Promise((resolve, reject) => {
        if (!ws || ws.readyState !== WebSocket.OPEN) return reject(new Error('Not connected to the Butterfly server.'));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, op, req }));
      });
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
    },
    start: connect,
  };
}
