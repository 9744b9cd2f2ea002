// The compiled server carries better-sqlite3's JavaScript in its bundle and loads only the native
// addon from node_modules. Loading the package's 20 files one by one at start ran Node's path
// functions often enough for V8 to optimise them, which brought ~3 MB of the optimising compiler's
// own code into an idle server's memory (docs/performance.md, "Idle and after leaving, third pass").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../scripts/build-server.mjs';
import { startBundleRecordingLoads } from './test-support/bundle-loads';

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

test('the compiled server starts and writes its database with no better-sqlite3 file loaded but the addon', async (t) => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-sqlite-bundled-'));
  t.after(() => fs.rmSync(data, { recursive: true, force: true }));
  const { child, loaded } = await startBundleRecordingLoads(data, { serverArgs: ['--demo'], cwd: ROOT });
  try {
    // (A first start also loads node-forge, to make the certificate authority: not counted here.)
    const sqlite = (f: string) => ['better-sqlite3', 'bindings', 'file-uri-to-path'].some((p) => f.includes(`${path.sep}node_modules${path.sep}${p}${path.sep}`));
    const files = loaded().filter(sqlite);
    assert.deepEqual(
      files.map((f) => path.relative(ROOT, f)),
      [path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')],
    );
    // --demo made its account: the database was opened, migrated and written through the addon.
    assert.ok(fs.statSync(path.join(data, 'butterfly.sqlite')).size > 0);
  } finally {
    child.kill('SIGKILL');
  }
});
