// Headless entry: npm run serve -- [options]. Prints one JSON "ready" line on stdout once every
// listener is up; everything meant for people goes to stderr.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Butterfly } from './app';
import { BindError } from './listen';
import { parseOptions, USAGE, UsageError } from './cli-options';
import type { TrafficRecord } from './tap/tap';

const UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer');

async function main(): Promise<number> {
  let config;
  try {
    config = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`${e.message}\n\n`);
      process.stderr.write(`${USAGE}\n`);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  let app: Butterfly;
  try {
    app = createServer({ ...config, uiDir: config.uiDir ?? UI_DIR });
  } catch (e) {
    process.stderr.write(`Butterfly could not open its data folder ${config.dataDir}: ${(e as Error).message}\n`);
    return 1;
  }
  if (config.logTraffic) app.tap.subscribe((r) => process.stderr.write(formatRecord(r)));
  try {
    await app.start();
  } catch (e) {
    if (e instanceof BindError) {
      process.stderr.write(`${e.message}\n`);
      process.stdout.write(JSON.stringify({ event: 'error', service: e.service, port: e.port, code: e.code, message: e.message }) + '\n');
      return 1;
    }
    throw e;
  }
  const p = app.ports;
  process.stdout.write(
    JSON.stringify({
      event: 'ready',
      ns: p.ns,
      sb: p.sb,
      http: p.http,
      https: p.https,
      panel: p.panel,
      panelUrl: app.panelUrl(),
      ...(app.dns.running ? { dns: app.dns.status().port } : {}),
    }) + '\n',
  );
  const dns = app.dns.status();
  process.stderr.write(
    `Butterfly is running. Clients connect to ${config.publicHost} (MSNP ${p.ns}, HTTP ${p.http}, HTTPS ${p.https}).\n` +
      `Control panel: ${app.panelUrl()}\n` +
      (dns.running
        ? `DNS mode on port ${dns.port}: set the DNS server of each Messenger computer to ${dns.answer}` +
          `${dns.isolated ? ' (other names are refused)' : dns.upstream.length ? ` (other names go to ${dns.upstream.join(', ')})` : ' (no resolver for other names is known: they fail)'}.\n`
        : '') +
      (config.demo ? 'Demo account: me@local, password "butterfly".\n' : ''),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    // Started by npm start (scripts/supervise.mjs) with a channel: if that script dies, stop too.
    if (process.channel) {
      process.once('disconnect', stop);
      process.channel.unref();
    }
  });
  process.stderr.write('Stopping: signing every client out…\n');
  await app.stop();
  return 0;
}

function formatRecord(r: TrafficRecord): string {
  const arrow = r.direction === 'in' ? '<-' : r.direction === 'out' ? '->' : '--';
  const time = new Date(r.time).toISOString().slice(11, 23);
  const payload = r.payload ? `\n${r.payload.replace(/\r\n/g, '\n').replace(/^/gm, '      ')}` : '';
  return `${time} ${r.service.padEnd(5)} ${r.conn.padEnd(9)} ${arrow} ${r.line}${payload}\n`;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`Butterfly stopped on an unexpected error: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
