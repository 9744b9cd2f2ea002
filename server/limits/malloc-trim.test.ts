// Our malloc_trim addon (native/malloc-trim, built at npm install by scripts/build-native.mjs): it
// loads and answers, the server bundle loads it from where it was built, and every way it can be
// missing (not built, not loadable, turned off) leaves the server without it, never broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADDON_PATH, addonFile, loadMallocTrim } from './malloc-trim';
import { SERVER_BUNDLE, ensureServerBundle } from '../../scripts/build-server.mjs';
import { startBundleRecordingLoads } from '../test-support/bundle-loads';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ADDON = path.join(ROOT, ADDON_PATH);
const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
const NOT_BUILT = !fs.existsSync(ADDON)
  ? `${ADDON_PATH} is not built (${glibc ? 'install build-essential, then npm run build:native' : 'built on Linux with glibc only'})`
  : undefined;

test('the addon loads and trim() answers whether glibc returned memory', { skip: NOT_BUILT }, () => {
  const m = loadMallocTrim(ADDON, {});
  assert.equal(m.why, undefined);
  assert.equal(typeof m.trim, 'function');
  // Memory malloc'd and freed (Buffers past the pool are malloc'd): the answer is a boolean either way.
  for (let i = 0; i < 200; i++) Buffer.alloc(64 * 1024);
  assert.equal(typeof m.trim!(), 'boolean');
  assert.equal(typeof m.trim!(), 'boolean', 'a second call, with nothing left to give back, answers too');
});

test('the project folder is found from the sources and from either bundle', () => {
  assert.equal(addonFile(path.join(ROOT, 'server', 'limits')), ADDON);
  assert.equal(addonFile(path.join(ROOT, 'dist-server')), ADDON);
  assert.equal(addonFile(path.join(ROOT, 'dist-electron')), ADDON);
  assert.equal(addonFile(), ADDON, 'from this module itself');
  assert.equal(addonFile(path.parse(ROOT).root), undefined, 'no package.json above: none');
});

test('not built, not loadable (another ABI or architecture) or turned off: no trim, a reason, no throw', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-malloc-trim-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const missing = loadMallocTrim(path.join(dir, 'malloc_trim.node'), {});
  assert.equal(missing.trim, undefined);
  assert.match(missing.why!, /not built .*build-essential/);
  assert.equal(missing.failed, undefined, 'not built is not a failure: the install said so');

  const garbage = path.join(dir, 'garbage.node');
  fs.writeFileSync(garbage, Buffer.from('\x7fELF this is no shared object'));
  const broken = loadMallocTrim(garbage, {});
  assert.equal(broken.trim, undefined);
  assert.equal(broken.failed, true);
  assert.match(broken.why!, /garbage\.node would not load: /);

  // A real shared object that is not a Node addon (as one built for another ABI would fail to register).
  const lib = ['/lib/x86_64-linux-gnu/libm.so.6', '/lib/aarch64-linux-gnu/libm.so.6', '/usr/lib/libSystem.B.dylib'].find((f) => fs.existsSync(f));
  if (lib) {
    const other = path.join(dir, 'other.node');
    fs.copyFileSync(lib, other);
    const r = loadMallocTrim(other, {});
    assert.equal(r.trim, undefined);
    assert.equal(r.failed, true);
    assert.match(r.why!, /other\.node /);
  }

  const off = loadMallocTrim(ADDON, { BUTTERFLY_NO_MALLOC_TRIM: '1' });
  assert.equal(off.trim, undefined);
  assert.match(off.why!, /BUTTERFLY_NO_MALLOC_TRIM=1/);
});

test('the compiled server loads the addon from native/malloc-trim/build/Release, not from its bundle', { skip: NOT_BUILT }, async (t) => {
  await ensureServerBundle();
  assert.ok(!fs.readFileSync(SERVER_BUNDLE).includes(Buffer.from('\x7fELF')), 'no binary in the bundle');
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-malloc-trim-bundle-'));
  t.after(() => fs.rmSync(data, { recursive: true, force: true }));
  const { child, loaded } = await startBundleRecordingLoads(data, {
    nodeArgs: ['--expose-gc'],
    cwd: os.tmpdir(),
    env: { ...process.env, BUTTERFLY_NO_MALLOC_TRIM: '' },
  });
  t.after(() => child.kill('SIGKILL'));
  const files = loaded().filter((f) => f.endsWith('.node'));
  assert.ok(files.includes(ADDON), `loaded: ${files.join(', ')}`);
});
