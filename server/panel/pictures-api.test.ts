// The panel's display-picture API: PNG, JPEG and GIF in, a 96×96 PNG kept; anything else, a damaged
// file or a 50 MB upload refused with what to do; removal announced live; pictures survive a restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Jimp } from 'jimp';
import { startTestServer } from '../test-support/test-server';
import { signInClient } from '../test-support/mac-client';
import { encodeParam } from '../msnp/codec';
import { createPanelHandlers } from './handlers';
import { callOperation } from './call';

const TOKEN = 'test-token-123456';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-pictures-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function api(port: number, method: string, p: string, body?: Buffer) {
  const res = await fetch(`http://127.0.0.1:${port}/api${p}`, { method, headers: { Authorization: `Bearer ${TOKEN}` }, body: body && new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as any };
}

test('formats, refusals with reasons, removal announced live, and the picture survives a restart', async () => {
  let app = await startTestServer({ demo: true, dataDir });
  const port = () => app.ports.panel;
  const image = new Jimp({ width: 300, height: 200, color: 0xff8800ff });
  const png = await image.getBuffer('image/png');

  // Anything but PNG, JPEG, GIF; a damaged PNG; an empty body; an unknown account.
  const bmp = await api(port(), 'PUT', '/accounts/online@local/picture', await image.getBuffer('image/bmp'));
  assert.deepEqual([bmp.status, bmp.body.error], [400, 'That is not a PNG, JPEG or GIF image. Save the picture in one of those formats and try again.']);
  const damaged = Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 7)]);
  const bad = await api(port(), 'PUT', '/accounts/online@local/picture', damaged);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /^The PNG file could not be read \(.*\)\. It may be damaged; try another file\.$/);
  assert.equal((await api(port(), 'PUT', '/accounts/online@local/picture', Buffer.alloc(0))).status, 400);
  assert.equal((await api(port(), 'PUT', '/accounts/nobody@local/picture', png)).status, 404);
  assert.equal((await api(port(), 'GET', '/accounts/online@local/picture')).body.png, null, 'nothing was stored');

  // A 50 MB upload: refused from its Content-Length, before its body is read.
  const huge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: port(), path: '/api/accounts/online@local/picture', method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(50 * 1024 * 1024) },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(Buffer.alloc(64 * 1024));
  });
  assert.equal(huge.status, 413);
  assert.match(JSON.parse(huge.body).error, /^The picture is 50\.0 MB; Butterfly takes pictures up to 5 MB .* Nothing was changed\.$/);
  // The same over the contract (WebSocket/IPC): refused before decoding the base64.
  const viaContract = await callOperation(createPanelHandlers(app), 'setPicture', { email: 'online@local', base64: 'A'.repeat(8 * 1024 * 1024) });
  assert.deepEqual(viaContract.ok ? 200 : viaContract.status, 413);

  // A JPEG is taken, kept as 96×96 PNG, and the account list names it.
  const set = await api(port(), 'PUT', '/accounts/online@local/picture', await image.getBuffer('image/jpeg'));
  assert.equal(set.status, 200);
  const kept = Buffer.from(set.body.png, 'base64');
  assert.deepEqual([kept.readUInt32BE(16), kept.readUInt32BE(20)], [96, 96]);
  const sha1d = /SHA1D="([^"]+)"/.exec(set.body.msnObject)![1];
  const listed = (await api(port(), 'GET', '/accounts')).body.find((a: any) => a.email === 'online@local');
  assert.equal(listed.picture, sha1d);
  assert.equal((await api(port(), 'GET', '/accounts/me@local/contacts')).body.find((c: any) => c.email === 'online@local').picture, sha1d);

  // Restart on the same data folder: the same picture, the same object in presence.
  await app.stop();
  app = await startTestServer({ demo: true, dataDir });
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP12' });
  assert.equal((await me.take('ILN 5 NLN online@local')).line, `ILN 5 NLN online@local Online%20User 1073741856 ${encodeParam(set.body.msnObject)}`);

  // Removed: watchers see the object go at once; a second removal is a 404.
  const removed = await api(port(), 'DELETE', '/accounts/online@local/picture');
  assert.deepEqual([removed.status, removed.body.png, removed.body.msnObject], [200, null, '']);
  assert.equal((await me.take('NLN NLN online@local')).line, 'NLN NLN online@local Online%20User 1073741856 %3Cmsnobj%2F%3E');
  assert.equal((await api(port(), 'DELETE', '/accounts/online@local/picture')).status, 404);
  me.close();
  await app.stop();
});
