// The notification server's TCP listener: one NsSession per socket, and the list of them.
import net from 'node:net';
import { MsnpConnection } from '../connection';
import type { NsContext } from './context';
import { NsSession } from './ns-session';
import { watchOfflineMessages } from './offline-delivery';

export const NS_LIMITS = {
  maxLineBytes: 8 * 1024,
  // The largest NS payload is a contact list (ADL); clients split theirs into pieces of ~7.5 kB.
  maxPayloadBytes: 256 * 1024,
};

/** Signed-in clients ping every 60 s (QNG 60); three missed pings and the connection is dead. */
const IDLE_TIMEOUT_MS = 180_000;

/**
 * A connection must be signed in (USR … OK) within this long. Sign-in takes a Passport round trip
 * (a few seconds even through the JavaScript TLS engine on an old PC); a connection that has not
 * got there by now is not a client signing in, and would hold a socket until IDLE_TIMEOUT_MS.
 */
export const NS_SIGN_IN_TIMEOUT_MS = 60_000;

export interface NsServer {
  server: net.Server;
  sessions: Set<NsSession>;
  /** Says OUT SSD to every client and closes them. */
  signOutAll(): void;
  /** Calls `fn` whenever a session arrives, leaves, or changes what it shows; returns the unsubscriber. */
  onSessionsChanged(fn: () => void): () => void;
}

export function createNsServer(ctx: NsContext): NsServer {
  const sessions = new Set<NsSession>();
  const watchers = new Set<() => void>();
  const changed = () => {
    for (const fn of watchers) fn();
  };
  const server = net.createServer((socket) => {
    const conn = new MsnpConnection(socket, {
      service: 'NS',
      tap: ctx.tap,
      limits: NS_LIMITS,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
    });
    const session = new NsSession(conn, ctx);
    session.onDescribed = () => {
      // Signed in: the deadline's timer and closure go now, not when the connection closes.
      if (session.signedIn) endDeadline();
      changed();
    };
    // Before sign-in no payload command is allowed (VER, CVR, USR, PNG, OUT only): refuse it unread.
    conn.admitPayload = (cmd) => (session.signedIn ? undefined : `${cmd.verb} is not allowed before signing in`);
    const signInMs = ctx.signInTimeoutMs ?? NS_SIGN_IN_TIMEOUT_MS;
    let signInDeadline: NodeJS.Timeout | undefined = setTimeout(() => {
      if (!session.signedIn) conn.close(`not signed in within ${signInMs / 1000} s`);
    }, signInMs);
    signInDeadline.unref();
    const endDeadline = () => {
      clearTimeout(signInDeadline);
      signInDeadline = undefined;
    };
    sessions.add(session);
    const previousOnClose = conn.onClose;
    conn.onClose = () => {
      endDeadline();
      sessions.delete(session);
      previousOnClose();
      changed();
    };
    changed();
    conn.note(`connected from ${conn.remote}:${conn.remotePort}`);
  });
  server.on('error', () => {
    // Listen errors are reported by the caller of listen(); runtime errors must not crash us.
  });
  const unwatchOims = watchOfflineMessages(ctx.core, () => sessions);
  server.on('close', unwatchOims);
  return {
    server,
    sessions,
    onSessionsChanged(fn) {
      watchers.add(fn);
      return () => watchers.delete(fn);
    },
    signOutAll() {
      for (const s of [...sessions]) {
        if (s.signedIn) s.kick('SSD');
        else s.conn.close('server shutting down');
      }
    },
  };
}
