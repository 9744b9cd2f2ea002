// Caps on open connections per listener: per remote address and in total. Over a cap the new
// socket is closed at once, before any byte is read, and the traffic view says which cap and what
// to do (a household never gets near them; a runaway script or a flood does):
//   NS  note  "connection cap: 16 connections already open from 10.0.0.7 (limit per address); refused"
import type net from 'node:net';
import type { CappedService } from './limits';
import type { TrafficTap } from '../tap/tap';

/** At most one note per address per this long; the ones in between are counted into the next. */
const NOTE_EVERY_MS = 5_000;

export interface CapFigures {
  open: number;
  addresses: number;
  refused: number;
}

export class ConnectionCaps {
  private readonly byAddress = new Map<string, number>();
  private open = 0;
  private refused = 0;
  private readonly lastNote = new Map<string, { at: number; silenced: number }>();

  constructor(
    readonly service: CappedService,
    private readonly perAddress: number,
    private readonly total: number,
    private readonly tap: TrafficTap,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the socket in (and out when it closes), or closes it and says why. */
  admit(socket: net.Socket): boolean {
    const address = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
    const mine = this.byAddress.get(address) ?? 0;
    const why =
      mine >= this.perAddress
        ? `${mine} connections already open from ${address} (limit per address ${this.perAddress})`
        : this.open >= this.total
          ? `${this.open} connections already open in all (limit ${this.total})`
          : undefined;
    if (why) {
      this.refused++;
      this.noteRefusal(address, why);
      socket.on('error', () => {});
      socket.destroy();
      return false;
    }
    this.byAddress.set(address, mine + 1);
    this.open++;
    socket.once('close', () => {
      this.open--;
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
    });
    return true;
  }

  figures(): CapFigures {
    return { open: this.open, addresses: this.byAddress.size, refused: this.refused };
  }

  private noteRefusal(address: string, why: string): void {
    const now = this.now();
    const last = this.lastNote.get(address);
    if (last && now - last.at < NOTE_EVERY_MS) {
      last.silenced++;
      return;
    }
    const more = last?.silenced ? ` (and ${last.silenced} more refused since the last note)` : '';
    this.lastNote.set(address, { at: now, silenced: 0 });
    if (this.lastNote.size > 10_000) this.lastNote.clear();
    this.tap.record({
      conn: `${this.service.toLowerCase()}-cap`,
      service: this.service === 'HTTPS' ? 'TLS' : this.service,
      direction: 'note',
      command: 'CAP',
      line:
        `connection cap: ${why}; refused${more}. ` +
        'If this is a real client, something on that computer is opening connections without closing them; restart it. ' +
        'The caps are in docs/security.md.',
      remote: address,
    });
  }
}

/**
 * Puts `caps` in front of a listener: the handlers already attached to its 'connection' event
 * run only for admitted sockets. Call it after the server is created and before it listens.
 */
export function capConnections(server: net.Server, caps: ConnectionCaps): void {
  const handlers = server.listeners('connection') as ((socket: net.Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: net.Socket) => {
    if (!caps.admit(socket)) return;
    for (const h of handlers) h.call(server, socket);
  });
}
