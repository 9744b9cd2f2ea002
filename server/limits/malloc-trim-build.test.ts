// npm install builds the malloc_trim addon (package.json "postinstall": scripts/build-native.mjs)
// and a build that fails never fails the install: it exits 0 and says in one line what is lost and
// what to install. Built in a copy of native/malloc-trim, so the project's own build is untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMallocTrim } from './malloc-trim';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'build-native.mjs');
const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
const compiler = spawnSync('cc', ['--version'], { stdio: 'ignore' }).status === 0 && spawnSync('make', ['--version'], { stdio: 'ignore' }).status === 0;
// Node's headers beside it (or npm's configured ones): otherwise node-gyp downloads them.
const headers = !!process.env.npm_config_nodedir || fs.existsSync(path.join(path.dirname(process.execPath), '..', 'include', 'node', 'node_api.h'));

function copyOfSources(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-native-build-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of ['binding.gyp', 'malloc_trim.c']) fs.copyFileSync(path.join(ROOT, 'native', 'malloc-trim', f), path.join(dir, f));
  return dir;
}

test('npm install runs the build', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; build: { files: string[]; asarUnpack: string[] } };
  assert.equal(pkg.scripts.postinstall, 'node scripts/build-native.mjs');
  // Packaged with the app where it was built, outside app.asar (a native library cannot be loaded from inside it).
  assert.ok(pkg.build.files.includes('native/malloc-trim/build/Release/malloc_trim.node'));
  assert.ok(pkg.build.asarUnpack.includes('native/malloc-trim/build/Release/malloc_trim.node'));
});

test('without a compiler the install still succeeds, with one line saying what is lost and what to install', { skip: !glibc && 'built on Linux with glibc only' }, (t) => {
  const dir = copyOfSources(t);
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', env: { ...process.env, CC: path.join(dir, 'no-such-cc') } });
  assert.equal(r.status, 0);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /malloc_trim addon was not built, so memory comes back more slowly after a crowd of clients leaves/);
  assert.match(lines[0]!, /no-such-cc not found; install .*build-essential.*npm run build:native/);
  assert.equal(fs.existsSync(path.join(dir, 'build', 'Release', 'malloc_trim.node')), false);
  assert.ok(fs.statSync(path.join(dir, 'build', 'build-failed.log')).size > 0, 'the details are kept');
});

test('with a compiler it builds an addon that loads', { skip: !(glibc && compiler && headers) && "needs glibc, cc and make (build-essential) and Node's headers" }, (t) => {
  const dir = copyOfSources(t);
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '', 'silent when it worked');
  const m = loadMallocTrim(path.join(dir, 'build', 'Release', 'malloc_trim.node'), {});
  assert.equal(typeof m.trim?.(), 'boolean', m.why);
});
