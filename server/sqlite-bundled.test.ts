// The compiled server carries better-sqlite3's JavaScript in its bundle and loads only the native
// addon from node_modules. Loading the package's 20 files one by one at start ran Node's path
// functions often enough for V8 to optimise them, which brought ~3 MB of the optimising compiler's
// own code into an idle server's memory (docs/performance.md, "Idle and after leaving, third pass").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer, SERVER_BUNDLE } from '../scripts/build-server.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');

test('the server bundle holds better-sqlite3 and bindings is replaced by a direct load of the addon', async () => {
  const meta = await buildServer();
  const inputs = Object.keys(meta.outputs['dist-server/cli.mjs']!.inputs);
  assert.ok(inputs.includes('node_modules/better-sqlite3/lib/database.js'), 'better-sqlite3 is bundled');
  assert.ok(!inputs.some((f) => f.startsWith('node_modules/bindings/')), 'bindings is not bundled');
  // The bundled JavaScript must match the addon: a reinstalled or rebuilt package rebuilds the bundle.
  const watched = (JSON.parse(fs.readFileSync(path.join(ROOT, 'dist-server', 'inputs.json'), 'utf8')) as { sources: string[] }).sources;
  for (const f of ['node_modules/better-sqlite3/lib/database.js', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
    assert.ok(watched.includes(f), `a newer ${f} rebuilds the bundle`);
  }
  assert.ok(watched.every((f) => fs.existsSync(path.join(ROOT, f))), 'every watched source is a file');
});

test('the compiled server starts and writes its database with no better-sqlite3 file loaded but the addon', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-sqlite-bundled-'));
  const loaded = path.join(data, 'loaded.txt');
  // Records every file Node's CommonJS loader reads (the addon is loaded through it).
  const preload = path.join(data, 'record-loads.cjs');
  fs.writeFileSync(
    preload,
    `const M = require('node:module'); const fs = require('node:fs'); const load = M._load;
M._load = function (request, parent) { try { fs.appendFileSync(${JSON.stringify(loaded)}, M._resolveFilename(request, parent) + '\\n'); } catch {} return load.apply(this, arguments); };`,
  );
  const child = spawn(
    process.execPath,
    ['--require', preload, SERVER_BUNDLE, '--data', data, '--demo', '--host', '127.0.0.1', '--public-host', '127.0.0.1',
      '--ns-port', '0', '--sb-port', '0', '--http-port', '0', '--https-port', '0', '--panel-port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('"event":"ready"')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited before its ready line:\n${stderr}`)));
    });
    // (A first start also loads node-forge, to make the certificate authority: not counted here.)
    const sqlite = (f: string) => ['better-sqlite3', 'bindings', 'file-uri-to-path'].some((p) => f.includes(`${path.sep}node_modules${path.sep}${p}${path.sep}`));
    const files = fs.readFileSync(loaded, 'utf8').split('\n').filter(sqlite);
    assert.deepEqual(
      files.map((f) => path.relative(ROOT, f)),
      [path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')],
    );
    // --demo made its account: the database was opened, migrated and written through the addon.
    assert.ok(fs.statSync(path.join(data, 'butterfly.sqlite')).size > 0);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(data, { recursive: true, force: true });
  }
});
