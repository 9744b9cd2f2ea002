// The UI's side of the panel contract over the loopback WebSocket (token from the page URL).
import type { OperationName, PanelEvents, Req, Res } from '../../server/panel/contract';

type Listener = <K extends keyof PanelEvents>(event: K, data: PanelEvents[K]) => void;

export class PanelClient {
  private ws?: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<Listener>();
  onStatus: (connected: boolean, why?: string) => void = () => {};

  constructor(private readonly token: string) {}

  static fromLocation(): PanelClient | undefined {
    const token = new URLSearchParams(location.hash.slice(1)).get('token');
    return token ? new PanelClient(token) : undefined;
  }

  connect(): void {
    const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(this.token)}`);
    this.ws = ws;
    ws.onopen = () => this.onStatus(true);
    ws.onclose = () => {
      this.onStatus(false, 'The connection to the Butterfly server was lost; retrying…');
      for (const p of this.pending.values()) p.reject(new Error('connection lost'));
      this.pending.clear();
      setTimeout(() => this.connect(), 1500);
    };
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data));
      if (msg.event) {
        for (const l of this.listeners) l(msg.event, msg.data);
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.res);
      else p.reject(new Error(msg.error));
    };
  }

  call<K extends OperationName>(op: K, req: Req<K>): Promise<Res<K>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return reject(new Error('Not connected to the server yet.'));
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, op, req }));
    });
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
