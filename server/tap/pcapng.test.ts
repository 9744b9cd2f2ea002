// The exported capture opens in tshark and decodes as MSN Messenger traffic: the scripted sign-in's
// MSNP commands are found by Wireshark's own MSNMS dissector, HTTP as HTTP, with our explanations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../test-support/test-server';
import { signInClient } from '../test-support/mac-client';
import { trafficToPcapng } from './pcapng';
import type { Butterfly } from '../app';

const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
const skip = tshark.status === 0 ? false : 'tshark is not installed (Debian package: tshark)';

let app: Butterfly & { cleanup(): Promise<void> };
let dir: string;
before(async () => {
  app = await startTestServer({ demo: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-pcapng-'));
});
after(async () => {
  await app.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('tshark reads the exported capture and finds the MSNP commands of a scripted sign-in', { skip }, async () => {
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP8' });
  me.send('PNG');
  await me.take('QNG');
  me.close();
  const file = path.join(dir, 'sign-in.pcapng');
  fs.writeFileSync(file, trafficToPcapng(app.tap.recent()));

  const run = (...args: string[]) => execFileSync('tshark', ['-r', file, ...args], { encoding: 'utf8', timeout: 30_000 });
  // Wireshark's MSN Messenger dissector decodes the NS lines (port 1863).
  const msnms = run('-Y', 'msnms', '-T', 'fields', '-e', 'tcp.srcport', '-e', 'msnms');
  assert.ok(msnms.trim().length > 0, 'some packets decode as MSNMS');
  const decoded = run('-Y', 'msnms', '-V');
  for (const line of ['VER 1 MSNP8 CVR0', 'USR 3 TWN I me@local', 'USR 4 OK me@local', 'CHG 5 NLN', 'PNG', 'QNG']) {
    assert.ok(decoded.includes(line), `MSNMS shows "${line}"`);
  }
  // The Passport exchange decodes as HTTP, and each packet carries its explanation.
  assert.match(run('-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri'), /\/login2\.srf/);
  assert.match(run('-Y', 'frame.comment contains "Sign in"', '-T', 'fields', '-e', 'frame.comment'), /USR · Sign in: The sign-in steps/);
  // No malformed packets.
  assert.equal(run('-Y', '_ws.malformed || _ws.expert.severity == error').trim(), '');
});
