// Deadlines for HTTP(S) connections, enforced by timers of our own. Node's headersTimeout and
// requestTimeout are checked only by servers that listen(); the HTTPS listener's inner servers
// never do (they are handed sockets with emit('connection')), so without this a client that sends
// one header byte every few seconds — or nothing at all after the handshake — held its socket
// forever (issue 13: 50 slowloris and 20 idle HTTPS connections still open after 125 s).
//
//   waiting  from the connection being ready, or the previous answer sent, until a request's
//            headers have arrived (slow headers and idle keep-alive alike)
//   request  from the headers until the answer has been sent (a slow body counts)
import type http from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpDeadlines {
  waitForRequestMs: number;
  requestMs: number;
  /** Told before the socket is destroyed, for the traffic view. */
  onTimeout(socket: Duplex, why: string): void;
}

export interface HttpTimeouts {
  /** Starts the waiting deadline of a connection the server is about to serve. */
  watch(socket: Duplex): void;
  /** Open connections with a deadline running (tests, figures). */
  readonly watched: number;
}

/**
 * Applies the deadlines to `server`. Plain http.Server sockets are picked up from 'connection';
 * an https.Server's come from 'secureConnection' (pass `connectionEvent`), after the handshake,
 * whose own deadline is the TLS handshake timeout.
 */
export function enforceHttpTimeouts(
  server: http.Server,
  d: HttpDeadlines,
  connectionEvent: 'connection' | 'secureConnection' = 'connection',
): HttpTimeouts {
  const timers = new Map<Duplex, NodeJS.Timeout>();
  const arm = (socket: Duplex, ms: number, why: string) => {
    clear(socket);
    if (socket.destroyed) return;
    const t = setTimeout(() => {
      timers.delete(socket);
      if (socket.destroyed) return;
      try {
        d.onTimeout(socket, why);
      } finally {
        socket.destroy();
      }
    }, ms);
    t.unref();
    timers.set(socket, t);
  };
  const clear = (socket: Duplex) => {
    const t = timers.get(socket);
    if (t) clearTimeout(t);
    timers.delete(socket);
  };
  const waiting = (socket: Duplex) =>
    arm(socket, d.waitForRequestMs, `no complete request within ${d.waitForRequestMs / 1000} s (slow or idle client); closed`);
  const watch = (socket: Duplex) => {
    if (timers.has(socket)) return;
    waiting(socket);
    socket.once('close', () => clear(socket));
  };
  server.on(connectionEvent, watch);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket as Duplex;
    arm(socket, d.requestMs, `request not completed within ${d.requestMs / 1000} s (slow body or slow reader); closed`);
    let done = false;
    const next = () => {
      if (done) return;
      done = true;
      // Keep-alive: the next request has the same time to arrive as the first.
      if (!socket.destroyed) waiting(socket);
    };
    res.once('finish', next);
    res.once('close', next);
  });
  return {
    watch,
    get watched() {
      return timers.size;
    },
  };
}
