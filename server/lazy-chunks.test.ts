// The compiled server loads only what every start needs: jimp (display pictures) and the plist
// parsers (the Mac preferences tool) sit in chunks of their own, loaded by import() the first time
// the panel uses them; the bundle is ASCII, so V8 keeps its source text at one byte a character.
// Then the compiled server uses both rare paths, so a chunk that fails to load would show here.
// The chat history's writer thread is a bundle of its own (dist-server/history-worker.mjs), ASCII
// too, and the compiled server writes the history through it rather than falling back inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Jimp } from 'jimp';
import { build as buildPlist } from 'plist';
import { buildServer, HISTORY_WORKER_BUNDLE, LAZY_PACKAGES, SERVER_BUNDLE } from '../scripts/build-server.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const TOKEN = 'lazy-chunks-token';

test('the start-up bundle holds none of the rarely used packages; they are in chunks of their own', async () => {
  const meta = await buildServer();
  const entry = meta.outputs['dist-server/cli.mjs'];
  assert.ok(entry, 'dist-server/cli.mjs was built');
  const lazy = (f: string) => LAZY_PACKAGES.some((p) => f.includes(`node_modules/${p}`));
  assert.deepEqual(Object.keys(entry.inputs).filter(lazy), [], 'no lazy package in the entry');
  const inChunks = Object.entries(meta.outputs)
    .filter(([f]) => f.startsWith('dist-server/chunks/'))
    .flatMap(([, o]) => Object.keys(o.inputs));
  for (const pkg of ['jimp', 'plist', 'bplist-parser']) {
    assert.ok(inChunks.some((f) => f.includes(`node_modules/${pkg}/`)), `${pkg} is in a chunk`);
  }
  // Only an all-ASCII source is kept by V8 as one byte per character.
  assert.ok(!/[^\x00-\x7f]/.test(fs.readFileSync(SERVER_BUNDLE, 'latin1')), 'the entry is ASCII');
  const worker = meta.outputs['dist-server/history-worker.mjs'];
  assert.ok(worker, 'the history writer thread was built');
  assert.ok(Object.keys(worker.inputs).includes('node_modules/better-sqlite3/lib/database.js'), 'with better-sqlite3 in it');
  assert.ok(!/[^\x00-\x7f]/.test(fs.readFileSync(HISTORY_WORKER_BUNDLE, 'latin1')), 'the writer thread is ASCII');
});

test('the compiled server loads jimp and the plist parsers on first use', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-lazy-'));
  const child = spawn(
    process.execPath,
    [SERVER_BUNDLE, '--data', data, '--demo', '--panel-token', TOKEN, '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const ready = await new Promise<{ panel: number }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
      });
      child.on('exit', () => reject(new Error(`exited before its ready line:\n${stderr}`)));
    });
    const call = async (method: string, p: string, body?: Buffer, type?: string) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}`, ...(type ? { 'Content-Type': type } : {}) };
      const res = await fetch(`http://127.0.0.1:${ready.panel}/api${p}`, { method, headers, body: body && new Uint8Array(body) });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const png = await new Jimp({ width: 120, height: 80, color: 0x3366ccff }).getBuffer('image/png');
    const picture = await call('PUT', '/accounts/me@local/picture', png);
    assert.equal(picture.status, 200, JSON.stringify(picture.body));
    const plist = Buffer.from(buildPlist({ 'NS Server': 'messenger.hotmail.com:1863', Volume: 0.5 }));
    const inspected = await call('POST', '/setup/mac-plist?family=mac-8&target=192.168.1.20', plist);
    assert.equal(inspected.status, 200, JSON.stringify(inspected.body));
    assert.deepEqual(inspected.body.values.map((v: { keyPath: string[] }) => v.keyPath.join('/')), ['NS Server']);
    // An offline message is a conversation in the history, written by the writer thread.
    const json = (o: unknown) => Buffer.from(JSON.stringify(o));
    const left = await call('POST', '/offline-messages', json({ from: 'online@local', to: 'me@local', text: 'written by the thread' }), 'application/json');
    assert.equal(left.status, 201, JSON.stringify(left.body));
    const found = await call('GET', '/history?q=thread');
    assert.deepEqual((found.body as unknown as { kind: string }[]).map((c) => c.kind), ['offline']);
    assert.doesNotMatch(stderr, /History:/, 'no fallback to the main thread, no failed batch');
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(data, { recursive: true, force: true });
  }
});
