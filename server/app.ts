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
  panelUrl(): string;
  start(): Promise<BoundPorts>;
  /** Signs every client out (OUT SSD), closes listeners and the database. */
  stop(): Promise<void>;
}

export function createServer(config: ServerConfig): Butterfly {
  const core = Core.open(path.join(config.dataDir, 'butterfly.sqlite'));
  const tap = new TrafficTap();
  const ports: BoundPorts = { ns: 0, sb: 0, http: 0, https: 0, panel: 0 };
  const addresses = (): PublicAddresses => ({
    host: config.publicHost,
    nsPort: ports.ns,
    sbPort: ports.sb,
    httpPort: ports.http,
    httpsPort: ports.https,
  });
  const sb: SbServer = createSbServer({ core, tap, addresses });
  const ns = createNsServer({ core, tap, addresses, dispatchRedirect: config.dispatchRedirect, switchboard: sb.switchboards });
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
  const httpsServer = createHttpsListener({ certs, tap, onRequest: handler, legacyTls: 'javascript' });
  let panel: PanelServer | undefined;
  let started = false;

  const app: Butterfly = {
    config,
    core,
    tap,
    ns,
    sb,
    ports,
    certs,
    panelUrl: () => `http://127.0.0.1:${ports.panel}/#token=${encodeURIComponent(config.panelToken)}`,
    async start() {
      if (config.demo) await seedDemo(core);
      try {
        ports.ns = await listen(ns.server, 'notification server', config.host, config.nsPort);
        ports.sb = await listen(sb.server, 'switchboard', config.host, config.sbPort);
        ports.http = await listen(httpServer, 'HTTP', config.host, config.httpPort);
        ports.https = await listen(httpsServer, 'HTTPS', config.host, config.httpsPort);
        panel = createPanelServer({ app, token: config.panelToken, uiDir: config.uiDir });
        // The panel controls everything: it only ever listens on loopback.
        ports.panel = await listen(panel.server, 'panel', '127.0.0.1', config.panelPort);
      } catch (err) {
        await app.stop();
        throw err;
      }
      started = true;
      tap.record({ conn: 'server', service: 'SYS', direction: 'note', line: `ready: ${JSON.stringify(ports)}` });
      return ports;
    },
    async stop() {
      ns.signOutAll();
      sb.closeAll();
      panel?.closeAll();
      await Promise.all([
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

function isIpv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
