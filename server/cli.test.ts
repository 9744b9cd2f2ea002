// The headless entry as a user runs it: one JSON ready line, clear bind errors, clean shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MsnpTestClient } from './test-support/msnp-client';
import { signInMac } from './test-support/mac-client';
import { startFakeUpstream } from './test-support/fake-upstream-dns';
import { parseOptions } from './cli-options';
import { resolveLimits } from './limits/limits';

const ROOT = path.resolve(import.meta.dirname, '..');

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const check = () => {
      const nl = stdout.indexOf('\n');
      if (nl >= 0) resolve(stdout.slice(0, nl));
    };
    child.stdout.on('data', check);
    child.on('exit', () => (stdout.includes('\n') ? check() : reject(new Error(`exited before a line; stderr:\n${stderr}`))));
  });
  firstLine.catch(() => {}); // tests that expect an early exit never read it
  return { child, firstLine, exited, output: () => ({ stdout, stderr }) };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-cli-'));
const EPHEMERAL = ['--host', '127.0.0.1', '--public-host', '127.0.0.1', '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'];

test('npm run serve prints one ready line, and SIGTERM signs clients out with OUT SSD and exits 0', async () => {
  const cli = runCli(['--data', tmp(), ...EPHEMERAL, '--demo', '--panel-token', 'cli-test-token']);
  const ready = JSON.parse(await cli.firstLine);
  assert.equal(ready.event, 'ready');
  for (const k of ['ns', 'sb', 'http', 'https', 'panel']) assert.ok(Number.isInteger(ready[k]) && ready[k] > 0, k);
  assert.equal(ready.panelUrl, `http://127.0.0.1:${ready.panel}/#token=cli-test-token`);
  const signedIn = await signInMac({ nsPort: ready.ns, httpPort: ready.http, email: 'me@local', password: 'butterfly' });
  const fresh = await MsnpTestClient.connect(ready.ns);
  fresh.send('VER 1 MSNP16 CVR0');
  assert.equal(await fresh.nextLine(), 'VER 1 MSNP16 CVR0');
  cli.child.kill('SIGTERM');
  assert.equal((await signedIn.until('OUT')).line, 'OUT SSD');
  assert.equal(await cli.exited, 0);
  await signedIn.waitClosed();
  await fresh.waitClosed();
  assert.equal(cli.output().stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
});

test('a port that is taken is a clear message naming the port and the option, not a stack trace', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as net.AddressInfo).port;
  const args = ['--data', tmp(), ...EPHEMERAL];
  args[args.indexOf('--ns-port') + 1] = String(port);
  const cli = runCli(args);
  assert.equal(await cli.exited, 1);
  const { stderr, stdout } = cli.output();
  assert.match(stderr, new RegExp(`Port ${port} for the notification server is already used by another program`));
  assert.match(stderr, /--ns-port/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(JSON.parse(stdout.trim()).code, 'EADDRINUSE');
  blocker.close();
});

test('an unknown option prints the usage and exits 2', async () => {
  const cli = runCli(['--frobnicate']);
  assert.equal(await cli.exited, 2);
  assert.match(cli.output().stderr, /Unknown option --frobnicate/);
  assert.match(cli.output().stderr, /--public-host ADDR/);
});

test('--dns-port: DNS mode answers dig, the ready line says its port, stderr the one thing to change', async () => {
  const upstream = await startFakeUpstream();
  const args = ['--data', tmp(), ...EPHEMERAL, '--dns-port', '0', '--dns-upstream', `127.0.0.1:${upstream.port}`];
  args[args.indexOf('--public-host') + 1] = '192.168.7.7';
  const cli = runCli(args);
  try {
    const ready = JSON.parse(await cli.firstLine);
    assert.ok(Number.isInteger(ready.dns) && ready.dns > 0);
    const out = await new Promise<string>((resolve, reject) =>
      execFile('dig', ['@127.0.0.1', '-p', String(ready.dns), '+short', '+tries=2', '+time=3', 'nexus.passport.com'], (e, so) => (e ? reject(e) : resolve(so))),
    );
    assert.equal(out.trim(), '192.168.7.7');
    await until(() => /DNS mode on port \d+: set the DNS server of each Messenger computer to 192\.168\.7\.7/.test(cli.output().stderr));
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
    await upstream.close();
  }
});

test('DNS options are checked: a bad --dns-upstream is a usage error; without --dns there is no dns in the ready line', async () => {
  const bad = runCli(['--dns-upstream', 'dns.example.org']);
  assert.equal(await bad.exited, 2);
  assert.match(bad.output().stderr, /--dns-upstream takes an IP address/);
  assert.deepEqual(
    (({ dnsEnabled, dnsPort, dnsIsolated }) => ({ dnsEnabled, dnsPort, dnsIsolated }))(parseOptions(['--dns-isolated'])),
    { dnsEnabled: true, dnsPort: undefined, dnsIsolated: true },
  );
  assert.equal(parseOptions(['--dns-port', '5353']).dnsEnabled, true);
  assert.equal(parseOptions([]).dnsEnabled, undefined);
  const cli = runCli(['--data', tmp(), ...EPHEMERAL]);
  const ready = JSON.parse(await cli.firstLine);
  assert.equal('dns' in ready, false);
  cli.child.kill('SIGTERM');
  await cli.exited;
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(cond());
}

test('--max-clients and --max-clients-per-address raise (or lower) the connection caps; a bad number is a usage error', async () => {
  const limits = resolveLimits(parseOptions(['--max-clients', '5000', '--max-clients-per-address', '3']).limits);
  assert.deepEqual(limits.total, { NS: 5000, SB: 20000, HTTP: 5000, HTTPS: 5000 });
  assert.deepEqual(limits.perAddress, { NS: 3, SB: 200, HTTP: 32, HTTPS: 32 });
  assert.deepEqual(resolveLimits(parseOptions([]).limits).perAddress, { NS: 16, SB: 200, HTTP: 32, HTTPS: 32 });
  assert.throws(() => parseOptions(['--max-clients', '0']), /--max-clients takes a number of connections from 1 to 1000000, not "0"/);
  // Over a real socket: with one connection allowed per address, the second is closed at once.
  const cli = runCli(['--data', tmp(), ...EPHEMERAL, '--max-clients-per-address', '1']);
  const ready = JSON.parse(await cli.firstLine);
  const first = await MsnpTestClient.connect(ready.ns);
  first.send('VER 1 MSNP8 CVR0');
  assert.equal(await first.nextLine(), 'VER 1 MSNP8 CVR0');
  const second = await MsnpTestClient.connect(ready.ns);
  await second.waitClosed();
  first.close();
  cli.child.kill('SIGTERM');
  await cli.exited;
});
