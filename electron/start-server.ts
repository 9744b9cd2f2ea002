// Starting the server for the desktop app. A double-clicked app has no terminal to print a bind
// error to, so instead of quitting it moves a listener whose port cannot be opened (port 80 needs
// administrator rights on Linux, 1863 may be taken) to another port, and records what happened;
// the dashboard then shows the problem and its fix while everything else works.
import { createServer, type Butterfly } from '../server/app';
import { BindError } from '../server/listen';
import type { ServerConfig } from '../server/config';
import type { BindProblem, ListenerName } from '../server/panel/contract';
import { listenerOfService, recordStartupProblems } from '../server/panel/startup-problems';

const PORT_OPTION: Record<ListenerName, 'nsPort' | 'sbPort' | 'httpPort' | 'httpsPort' | 'panelPort'> = {
  ns: 'nsPort',
  sb: 'sbPort',
  http: 'httpPort',
  https: 'httpsPort',
  panel: 'panelPort',
};

/** Ports to try instead, in order; 0 (any free port) comes last. The README suggests 8080 and 8443. */
export const FALLBACK_PORTS: Record<ListenerName, number[]> = {
  ns: [],
  sb: [],
  http: [8080],
  https: [8443],
  panel: [],
};

export async function startWithFallback(
  config: ServerConfig,
  opts: { create?: (c: ServerConfig) => Butterfly; fallbacks?: Record<ListenerName, number[]> } = {},
): Promise<{ app: Butterfly; problems: BindProblem[] }> {
  const create = opts.create ?? createServer;
  const fallbacks = opts.fallbacks ?? FALLBACK_PORTS;
  const problems: BindProblem[] = [];
  const tried = new Map<ListenerName, number>();
  let cfg = { ...config };
  let dnsProblem: string | undefined;
  for (;;) {
    const app = create(cfg);
    try {
      await app.start();
      recordStartupProblems(app, problems);
      if (dnsProblem) app.dns.setProblem(dnsProblem);
      return { app, problems };
    } catch (e) {
      // app.start() has already closed everything it opened.
      // DNS mode on another port would reach no client (they only ask port 53): start without it,
      // and the panel shows why it is off.
      if (e instanceof BindError && e.service === 'DNS') {
        dnsProblem = e.message;
        cfg = { ...cfg, dnsEnabled: false };
        continue;
      }
      if (!(e instanceof BindError) || e.code === 'EADDRNOTAVAIL') throw e; // a wrong --host: no port helps
      const listener = listenerOfService(e.service);
      if (!listener) throw e;
      if (!tried.has(listener)) problems.push({ listener, requestedPort: e.port, code: e.code, message: e.message });
      const attempt = tried.get(listener) ?? 0;
      if (attempt > fallbacks[listener].length) throw e; // even a free port failed
      tried.set(listener, attempt + 1);
      cfg = { ...cfg, [PORT_OPTION[listener]]: fallbacks[listener][attempt] ?? 0 };
    }
  }
}
