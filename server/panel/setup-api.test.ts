// The client-setup part of the panel API: guides, the file tools over REST (the file as the body)
// and over the contract (base64), size limits refused before reading, DNS mode switched on and off,
// and the connection check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { build as buildXml } from 'plist';
import WebSocket from 'ws';
import { startTestServer } from '../test-support/test-server';
import { startFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream-dns';
import { syntheticMessengerBinary } from '../test-support/synthetic-macho';
import { createPanelHandlers } from './handlers';
import { callOperation } from './call';
import { base64Length, UPLOAD_LIMITS } from './setup-types';
import type { Butterfly } from '../app';

let app: Butterfly & { cleanup(): Promise<void> };
let upstream: FakeUpstream;
const TOKEN = 'test-token-123456';
before(async () => {
  upstream = await startFakeUpstream();
  app = await startTestServer({ panelToken: TOKEN, publicHost: '192.168.1.20', dnsPort: 0, dnsUpstream: [`127.0.0.1:${upstream.port}`] });
});
after(async () => {
  await app.cleanup();
  await upstream.close();
});

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const raw = Buffer.isBuffer(body);
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body !== undefined && !raw ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : raw ? new Uint8Array(body as Buffer) : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

test('GET /api/setup/{family}: the guide with this server filled in; an unknown family is 400', async () => {
  const r = await api('GET', '/api/setup/mac-8');
  assert.equal(r.status, 200);
  assert.equal(r.body.family.label, 'Messenger for Mac 8');
  assert.equal(r.body.address, '192.168.1.20');
  assert.equal(r.body.ports.ns, app.ports.ns);
  assert.match(Buffer.from(r.body.hosts.file.base64, 'base64').toString(), /192\.168\.1\.20 +nexus\.passport\.com/);
  const bad = await api('GET', '/api/setup/aim');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /family must be one of mac-6-7, mac-8/);
});

test('POST /api/setup/mac-binary: the file as the body, patched in memory', async () => {
  const { buf, names } = syntheticMessengerBinary();
  const r = await api('POST', '/api/setup/mac-binary?name=Microsoft%20Messenger&target=10.0.0.7', buf);
  assert.equal(r.status, 200);
  assert.equal(r.body.target, '10.0.0.7');
  assert.equal(r.body.occurrences.length, names.length);
  assert.equal(Buffer.from(r.body.patched.base64, 'base64').length, buf.length);
  assert.equal(r.body.patched.name, 'Microsoft Messenger (patched for 10.0.0.7)');
  const bad = await api('POST', '/api/setup/mac-binary?target=no%20spaces', buf);
  assert.equal(bad.status, 400);
});

test('a 200 MB upload is refused from its Content-Length, before its body is read', async () => {
  const result = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: app.ports.panel,
      path: '/api/setup/mac-binary',
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(200 * 1024 * 1024), 'Content-Type': 'application/octet-stream' },
    });
    let sent = 0;
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', reject);
    // Only a little of it is ever sent: the answer must come without the rest.
    const chunk = Buffer.alloc(64 * 1024);
    req.write(chunk);
    sent += chunk.length;
  });
  assert.equal(result.status, 413);
  assert.match(JSON.parse(result.body).error, /This file is 200\.0 MB; Butterfly reads programs up to 64\.0 MB.*Nothing was read or written/);
});

test('the contract refuses an oversized base64 file before decoding it, and a bad plist with a reason', async () => {
  const handlers = createPanelHandlers(app);
  const huge = 'A'.repeat(base64Length(UPLOAD_LIMITS.binary) + 4);
  const refused = await callOperation(handlers, 'patchMacBinary', { name: 'x', base64: huge });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.status, 413);
  const notPlist = await callOperation(handlers, 'inspectMacPlist', { base64: Buffer.from('not a plist').toString('base64'), family: 'mac-8' });
  assert.deepEqual(notPlist.ok ? 'ok' : [notPlist.status, /not a property list/.test(notPlist.error)], [400, true]);
  const wrongFamily = await callOperation(handlers, 'inspectMacPlist', { base64: '', family: 'wlm' });
  assert.equal(!wrongFamily.ok && wrongFamily.status, 400);
  const xml = Buffer.from(buildXml({ 'NS Server': 'messenger.hotmail.com:1863' }));
  const rest = await api('POST', '/api/setup/mac-plist?family=mac-6-7', xml);
  assert.equal(rest.status, 200);
  assert.deepEqual(rest.body.values, [{ keyPath: ['NS Server'], old: 'messenger.hotmail.com:1863', new: `192.168.1.20:${app.ports.ns}` }]);
});

test('DNS mode from the panel: on, off, isolated; status and an event on the WebSocket', async () => {
  assert.equal((await api('GET', '/api/status')).body.dns.running, false);
  const ws = new WebSocket(`ws://127.0.0.1:${app.ports.panel}/ws?token=${TOKEN}`, { headers: { Origin: `http://127.0.0.1:${app.ports.panel}` } });
  const events: any[] = [];
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m));
    if (msg.events) events.push(...msg.events.filter((e: any) => e.event === 'dns'));
  });
  await new Promise((r) => ws.once('open', r));
  const on = await api('PUT', '/api/dns', { enabled: true, isolated: true });
  assert.equal(on.status, 200);
  assert.equal(on.body.running, true);
  assert.equal(on.body.isolated, true);
  assert.ok(on.body.port > 0);
  for (let i = 0; i < 100 && !events.some((e) => e.data.running); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(events.some((e) => e.data.running && e.data.isolated));
  const off = await api('PUT', '/api/dns', { enabled: false, isolated: false });
  assert.deepEqual([off.body.running, off.body.isolated], [false, false]);
  assert.equal((await api('PUT', '/api/dns', {})).status, 400);
  ws.close();
});

test('GET and DELETE /api/connection-check', async () => {
  await fetch(`http://127.0.0.1:${app.ports.http}/rdr/pprdr.asp`);
  let list: any[] = [];
  for (let i = 0; i < 100 && list.length === 0; i++) {
    list = (await api('GET', '/api/connection-check')).body;
    if (list.length === 0) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(list[0].address, '127.0.0.1');
  assert.equal(list[0].steps.nexus.state, 'ok');
  assert.deepEqual((await api('DELETE', '/api/connection-check')).body, []);
});
