// The switchboard's TCP listener: one SbSession per socket, every line through the traffic tap.
// A client gets in only with a cookie from XFR SB (USR) or RNG (ANS); anything else is 911.
//   C: USR 1 me@local 123456.789     S: 911 1     (a cookie this server did not issue)
import net from 'node:net';
import { MsnpConnection } from '../connection';
import type { NsContext } from '../ns/context';
import { SbSession } from './sb-session';
import { Switchboards } from './switchboards';

/** ESC closes a switchboard connection whose MSG payload is over 1664 bytes; so do we. */
export const SB_LIMITS = { maxLineBytes: 8 * 1024, maxPayloadBytes: 1664 };

/**
 * A quiet conversation is not a dead one (clients do not ping the switchboard), so an authenticated
 * connection may idle this long; one that never authenticates goes after SB_AUTH_TIMEOUT_MS.
 */
const IDLE_TIMEOUT_MS = 30 * 60_000;

export interface SbServer {
  server: net.Server;
  switchboards: Switchboards;
  sessions: Set<SbSession>;
  closeAll(): void;
}

export function createSbServer(ctx: NsContext): SbServer {
  const switchboards = new Switchboards(ctx.core, ctx.tap);
  const sessions = new Set<SbSession>();
  const server = net.createServer((socket) => {
    const conn = new MsnpConnection(socket, { service: 'SB', tap: ctx.tap, limits: SB_LIMITS, idleTimeoutMs: IDLE_TIMEOUT_MS });
    const session = new SbSession(conn, ctx.core, switchboards);
    // Only USR and ANS (no payload) are allowed before the cookie is accepted: refuse a MSG unread.
    conn.admitPayload = (cmd) => (session.identity ? undefined : `${cmd.verb} before USR or ANS`);
    sessions.add(session);
    const leave = conn.onClose;
    conn.onClose = () => {
      sessions.delete(session);
      leave();
    };
    conn.note(`connected from ${conn.remote}:${conn.remotePort}`);
  });
  server.on('error', () => {
    // Listen errors are reported by the caller of listen(); runtime errors must not crash us.
  });
  return {
    server,
    switchboards,
    sessions,
    closeAll() {
      for (const s of [...sessions]) s.conn.close('server shutting down');
      switchboards.close();
    },
  };
}
