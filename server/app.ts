// createServer(config): the whole Butterfly server in one object, used the same way by the
// headless CLI, the Electron main process and the tests.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Core } from './core/core';
import { seedDemo } from './core/demo';
import { TrafficTap } from './tap/tap';
import { createNsServer, type NsServer } from './msnp/ns/ns-server';
import { createSbServer, type SbServer } from './msnp/sb/sb-server';
import { createHttpHandler } from './http/router';
import { createHttpsListener } from './tls/https-listener';
import { loadOrCreateCertificates, type CertBundle } from './tls/ca';
import { closeServer, listen } from './listen';
import { lanAddresses, type ServerConfig } from './config';
import type { PublicAddresses } from './msnp/ns/context';
import { createPanelServer, type PanelServer } from './panel/panel-server';
import { DnsServer } from './dns/dns-server';
import { parseUpstream, type Upstream } from './dns/upstream';
import { ClientProgressTracker } from './setup/connection-check';
import { resolveLimits, type ServerLimits } from './limits/limits';
import { guardListeners, type ListenerCaps } from './limits/guard-listeners';
import { configureSignInThrottle } from './limits/password-check';
import { describeTrim, exposedCompactingGc, exposedGc, startHeapTrimmer, type HeapTrimmer } from './limits/heap-trim';
import { loadMallocTrim } from './limits/malloc-trim';

export interface BoundPorts {
  ns: number;
  sb: number;
  http: number;
  https: number;
  panel: number;
}

export interface Butterfly {
  readonly config: ServerConfig;
  readonly core: Core;
  readonly tap: TrafficTap;
  readonly ns: NsServer;
  /** The switchboard: sessions, and the conversations of panel-driven contacts. */
  readonly sb: SbServer;
  readonly ports: BoundPorts;
  readonly certs: CertBundle;
  /** DNS mode: started with the others when config.dnsEnabled, and switched on or off from the panel. */
  readonly dns: DnsServer;
  /** How far each client computer got, from the tap (the setup page's connection check). */
  readonly clientProgress: ClientProgressTracker;
  /** Timeouts and caps in force, and the caps' figures (docs/security.md). */
  readonly limits: ServerLimits;
  readonly caps: ListenerCaps;
  panelUrl(): string;
  start(): Promise<BoundPorts>;
  /** Signs every client out (OUT SSD), closes listeners and the database. */
  stop(): Promise<void>;
}

export function createServer(config: ServerConfig): Butterfly {
  const core = Core.open(path.join(config.dataDir, 'butterfly.sqlite'));
  const tap = new TrafficTap();
  const limits = resolveLimits(config.limits);
  configureSignInThrottle(core, limits.signIn);
  const ports: BoundPorts = { ns: 0, sb: 0, http: 0, https: 0, panel: 0 };
  const addresses = (): PublicAddresses => ({
    host: config.publicHost,
    nsPort: ports.ns,
    sbPort: ports.sb,
    httpPort: ports.http,
    httpsPort: ports.https,
  });
  const sb: SbServer = createSbServer({ core, tap, addresses });
  const ns = createNsServer({
    core,
    tap,
    addresses,
    dispatchRedirect: config.dispatchRedirect,
    switchboard: sb.switchboards,
    signInTimeoutMs: limits.nsSignInMs,
    offlineReplay: sb.switchboards.offline,
  });
  const handler = createHttpHandler({
    core,
    tap,
    urls: () => ({ host: config.publicHost, httpPort: ports.http, httpsPort: ports.https }),
  });
  const httpServer = http.createServer(handler);
  const certs = loadOrCreateCertificates(config.dataDir, {
    lanAddresses: uniq([config.publicHost, ...lanAddresses()].filter(isIpv4)),
    lanHostName: os.hostname(),
  });
  const httpsServer = createHttpsListener({
    certs,
    tap,
    onRequest: handler,
    legacyTls: 'javascript',
    handshakeTimeoutMs: limits.tlsHandshakeMs,
    waitForRequestMs: limits.httpWaitForRequestMs,
    requestMs: limits.httpRequestMs,
  });
  const caps = guardListeners({ ns: ns.server, sb: sb.server, http: httpServer, https: httpsServer }, limits, tap);
  const dns = new DnsServer({
    tap,
    host: config.host,
    port: config.dnsPort ?? 53,
    isolated: config.dnsIsolated ?? false,
    upstream: config.dnsUpstream?.map(parseUpstream).filter((u): u is Upstream => u !== undefined),
    answer: () => dnsAnswerAddress(config.publicHost),
    ownAddresses: lanAddresses,
  });
  const clientProgress = new ClientProgressTracker(tap);
  let panel: PanelServer | undefined;
  let started = false;
  let trimmer: HeapTrimmer | undefined;

  const app: Butterfly = {
    config,
    core,
    tap,
    ns,
    sb,
    ports,
    certs,
    dns,
    clientProgress,
    limits,
    caps,
    panelUrl: () => `http://127.0.0.1:${ports.panel}/#token=${encodeURIComponent(config.panelToken)}`,
    async start() {
      if (config.demo) await seedDemo(core);
      try {
        ports.ns = await listen(ns.server, 'notification server', config.host, config.nsPort);
        ports.sb = await listen(sb.server, 'switchboard', config.host, config.sbPort);
        ports.http = await listen(httpServer, 'HTTP', config.host, config.httpPort);
        ports.https = await listen(httpsServer, 'HTTPS', config.host, config.httpsPort);
        if (config.dnsEnabled) await dns.start();
        panel = createPanelServer({ app, token: config.panelToken, uiDir: config.uiDir });
        // The panel controls everything: it only ever listens on loopback.
        ports.panel = await listen(panel.server, 'panel', '127.0.0.1', config.panelPort);
      } catch (err) {
        await app.stop();
        throw err;
      }
      started = true;
      // Memory back after a crowd leaves (limits/heap-trim.ts), glibc's too (limits/malloc-trim.ts).
      const gc = exposedGc();
      const malloc = gc ? loadMallocTrim() : { trim: undefined };
      const note = (line: string) => tap.record({ conn: 'server', service: 'SYS', direction: 'note', line });
      if (malloc.failed) note(`malloc_trim: ${malloc.why}; run "npm run build:native"`);
      trimmer = startHeapTrimmer({
        open: () => Object.values(caps).reduce((n, c) => n + c.figures().open, 0),
        release: () => {
          core.releaseOfflineAccounts();
          core.history.releaseIdleWriter();
          core.shrinkSqliteCache();
        },
        gc,
        compactingGc: exposedCompactingGc(),
        mallocTrim: malloc.trim,
        onTrim: (t) => note(describeTrim(t)),
      });
      tap.record({ conn: 'server', service: 'SYS', direction: 'note', line: `ready: ${JSON.stringify(ports)}` });
      return ports;
    },
    async stop() {
      trimmer?.stop();
      ns.signOutAll();
      sb.closeAll();
      panel?.closeAll();
      await Promise.all([
        dns.stop(),
        closeServer(ns.server),
        closeServer(sb.server),
        closeServer(httpServer),
        closeServer(httpsServer),
        panel ? closeServer(panel.server) : Promise.resolve(),
      ]);
      httpServer.closeAllConnections();
      if (started || core.db.open) core.close();
      started = false;
    },
  };
  return app;
}

/** DNS answers need an IPv4 address: publicHost when it is one, else this computer's first LAN address. */
function dnsAnswerAddress(publicHost: string): string {
  return isIpv4(publicHost) ? publicHost : (lanAddresses()[0] ?? '127.0.0.1');
}

function isIpv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
