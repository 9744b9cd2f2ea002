// The switchboard's TCP listener. A client reaches it only with a cookie from XFR SB or RNG;
// a USR or ANS whose cookie this server did not issue is refused with 911.
//   C: USR 1 me@local 123456.789     S: 911 1
import net from 'node:net';
import { MsnpConnection } from '../connection';
import { isTrid } from '../codec';
import type { NsContext } from '../ns/context';

export const SB_LIMITS = { maxLineBytes: 8 * 1024, maxPayloadBytes: 1664 };

export interface SbServer {
  server: net.Server;
  closeAll(): void;
}

export function createSbServer(ctx: NsContext): SbServer {
  const conns = new Set<MsnpConnection>();
  const server = net.createServer((socket) => {
    const conn = new MsnpConnection(socket, { service: 'SB', tap: ctx.tap, limits: SB_LIMITS, idleTimeoutMs: 60_000 });
    conns.add(conn);
    conn.onClose = () => conns.delete(conn);
    conn.onCommand = (cmd) => {
      const trid = cmd.args[0];
      if (cmd.verb === 'OUT') return conn.close('the client left');
      if ((cmd.verb === 'USR' || cmd.verb === 'ANS') && isTrid(trid)) {
        // No switchboard session was handed out for this cookie (XFR SB / RNG issue them).
        conn.error(911, trid, `${cmd.verb} with a cookie this server did not issue`);
        return conn.close('authentication failed');
      }
      conn.close(`${cmd.verb} before USR/ANS on the switchboard`);
    };
  });
  server.on('error', () => {});
  return {
    server,
    closeAll() {
      for (const c of [...conns]) c.close('server shutting down');
    },
  };
}
