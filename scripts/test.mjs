// npm test: every unit and protocol test (node's test runner, TypeScript through tsx), then the
// browser tests in e2e/ when there are any. Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'dist-electron', 'release', '.git', 'e2e']);

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(path.relative(root, full));
  }
  return out;
}

const files = ['server', 'electron', 'renderer'].flatMap((d) => (fs.existsSync(path.join(root, d)) ? findTests(path.join(root, d)) : [])).sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const unit = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
if (unit.status !== 0) process.exit(unit.status ?? 1);

const e2eDir = path.join(root, 'e2e');
const specs = fs.existsSync(e2eDir) ? fs.readdirSync(e2eDir).filter((f) => f.endsWith('.spec.ts')) : [];
if (specs.length > 0) {
  // The browser tests load the built panel UI.
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--renderer-only'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const e2e = spawnSync(process.execPath, [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(e2e.status ?? 1);
}
