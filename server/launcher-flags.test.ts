// Every way users start the server passes the Node flags the memory work relies on: --expose-gc
// (limits/heap-trim.ts gives memory back after a crowd leaves) and the 1 MB young generation.
// npm start passes them to the headless server and, through --js-flags, to Electron.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

test('npm run serve and npm start (headless and Electron) pass --expose-gc and --max-semi-space-size=1', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const flag of ['--expose-gc', '--max-semi-space-size=1']) assert.ok(pkg.scripts.serve!.split(' ').includes(flag), `serve has ${flag}`);
  const start = fs.readFileSync(path.join(ROOT, 'scripts', 'start.mjs'), 'utf8');
  const flags = /const SERVER_NODE_FLAGS = \[([^\]]*)\]/.exec(start)?.[1] ?? '';
  assert.match(flags, /'--expose-gc'/);
  assert.match(flags, /'--max-semi-space-size=1'/);
  // Both launches use the list: the headless server as Node flags, Electron as --js-flags.
  assert.match(start, /\[\.\.\.SERVER_NODE_FLAGS, 'scripts\/serve\.mjs'/);
  assert.match(start, /--js-flags=\$\{SERVER_NODE_FLAGS\.join\(' '\)\}/);
});

test('npm start (headless and Electron) and the bench start the server with MALLOC_ARENA_MAX=2', async () => {
  const { serverEnv } = await import('../scripts/server-env.mjs');
  assert.equal(serverEnv({}).MALLOC_ARENA_MAX, '2');
  assert.equal(serverEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX, '4', 'a value already set wins');
  const start = fs.readFileSync(path.join(ROOT, 'scripts', 'start.mjs'), 'utf8');
  assert.equal(start.match(/runSupervised\([^;]*env: serverEnv\(\) \}\)/g)?.length, 2, 'both launches');
  assert.match(fs.readFileSync(path.join(ROOT, 'bench', 'server-process.ts'), 'utf8'), /env: serverEnv\(\)/);
  // runSupervised hands the environment to the process it starts (glibc reads it at start).
  const script = `import { runSupervised } from ${JSON.stringify(path.join(ROOT, 'scripts', 'supervise.mjs'))};
import { serverEnv } from ${JSON.stringify(path.join(ROOT, 'scripts', 'server-env.mjs'))};
runSupervised(process.execPath, ['-e', 'console.log(process.env.MALLOC_ARENA_MAX)'], { env: serverEnv({ PATH: process.env.PATH }) });`;
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH } });
  assert.equal(r.stdout.trim(), '2', r.stderr);
});
