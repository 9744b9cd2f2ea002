// The desktop app's start: a port that cannot be opened moves the listener elsewhere and the
// dashboard's status says which, why and how to fix it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startWithFallback } from './start-server';
import { createPanelHandlers } from '../server/panel/handlers';
import { BindError } from '../server/listen';
import type { ServerConfig } from '../server/config';

function config(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-electron-start-')),
    host: '127.0.0.1',
    publicHost: '127.0.0.1',
    nsPort: 0,
    sbPort: 0,
    httpPort: 0,
    httpsPort: 0,
    panelPort: 0,
    panelToken: 'test-token-123456',
    demo: false,
    logTraffic: false,
    dispatchRedirect: false,
    ...overrides,
  };
}

async function occupy(): Promise<net.Server> {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return blocker;
}

test('a taken port moves its listener to a fallback, then to any free port, and the problem shows in getStatus', async () => {
  const taken = await occupy();
  const takenPort = (taken.address() as net.AddressInfo).port;
  const alsoTaken = await occupy();
  const alsoTakenPort = (alsoTaken.address() as net.AddressInfo).port;
  const cfg = config({ nsPort: takenPort, httpPort: takenPort });
  const { app, problems } = await startWithFallback(cfg, {
    fallbacks: { ns: [], sb: [], http: [alsoTakenPort], https: [], panel: [] },
  });
  try {
    assert.deepEqual(
      problems.map((p) => [p.listener, p.requestedPort, p.code]),
      [['ns', takenPort, 'EADDRINUSE'], ['http', takenPort, 'EADDRINUSE']],
    );
    assert.match(problems[0]!.message, /already used by another program.*--ns-port/);
    assert.notEqual(app.ports.ns, takenPort);
    assert.ok(app.ports.ns > 0 && app.ports.http > 0 && app.ports.http !== alsoTakenPort);
    const status = await createPanelHandlers(app).getStatus({});
    const ns = status.listeners.find((l) => l.name === 'ns')!;
    assert.equal(ns.state, 'moved');
    assert.equal(ns.port, app.ports.ns);
    assert.equal(ns.problem?.requestedPort, takenPort);
    assert.equal(status.listeners.find((l) => l.name === 'sb')!.state, 'listening');
    assert.equal(status.listeners.find((l) => l.name === 'panel')!.host, '127.0.0.1');
  } finally {
    await app.stop();
    taken.close();
    alsoTaken.close();
    fs.rmSync(cfg.dataDir, { recursive: true, force: true });
  }
});

test('an address that is not this computer\'s is not worked around: the bind error stands', async () => {
  const cfg = config({ host: '192.0.2.123' });
  await assert.rejects(startWithFallback(cfg), (e: unknown) => e instanceof BindError && e.code === 'EADDRNOTAVAIL');
  fs.rmSync(cfg.dataDir, { recursive: true, force: true });
});

test('DNS mode that cannot have its port starts the app without it, and the status says why', async () => {
  const blocker = dgram.createSocket('udp4');
  await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', r));
  const cfg = config({ dnsEnabled: true, dnsPort: blocker.address().port, dnsUpstream: [] });
  const { app } = await startWithFallback(cfg);
  try {
    const { dns } = await createPanelHandlers(app).getStatus({});
    assert.equal(dns.running, false);
    assert.match(dns.problem ?? '', /DNS server is already used by another program/);
  } finally {
    await app.stop();
    blocker.close();
    fs.rmSync(cfg.dataDir, { recursive: true, force: true });
  }
});
