// Puts the connection caps and the plain-HTTP deadlines in front of the server's listeners, in
// one call from app.ts. (The HTTPS listener applies its deadlines itself, on both TLS paths; the
// NS applies its sign-in deadline, the SB its USR/ANS deadline.)
import type http from 'node:http';
import type net from 'node:net';
import { capConnections, ConnectionCaps } from './connection-caps';
import { enforceHttpTimeouts } from './http-timeouts';
import type { CappedService, ServerLimits } from './limits';
import type { TrafficTap } from '../tap/tap';

export type ListenerCaps = Record<CappedService, ConnectionCaps>;

export function guardListeners(
  listeners: { ns: net.Server; sb: net.Server; http: http.Server; https: net.Server },
  limits: ServerLimits,
  tap: TrafficTap,
): ListenerCaps {
  const caps = {} as ListenerCaps;
  const pairs: [CappedService, net.Server][] = [
    ['NS', listeners.ns],
    ['SB', listeners.sb],
    ['HTTP', listeners.http],
    ['HTTPS', listeners.https],
  ];
  for (const [service, server] of pairs) {
    caps[service] = new ConnectionCaps(service, limits.perAddress[service], limits.total[service], tap);
    capConnections(server, caps[service]);
  }
  // Plain HTTP listens, so Node's own timeouts apply too; ours add the idle-before-first-request case.
  listeners.http.headersTimeout = limits.httpWaitForRequestMs;
  listeners.http.requestTimeout = limits.httpRequestMs;
  enforceHttpTimeouts(listeners.http, {
    waitForRequestMs: limits.httpWaitForRequestMs,
    requestMs: limits.httpRequestMs,
    onTimeout: (socket, why) =>
      tap.record({
        conn: 'http-timeout',
        service: 'HTTP',
        direction: 'note',
        command: 'Timeout',
        line: `Timeout ${why}`,
        remote: (socket as net.Socket).remoteAddress?.replace(/^::ffff:/, ''),
      }),
  });
  return caps;
}
