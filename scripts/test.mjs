// npm test: every unit and protocol test (node's test runner, TypeScript through tsx), then the
// browser tests in e2e/ (Playwright, Debian's Chromium). Ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'dist-electron', 'release', '.git', 'e2e']);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-test-run-'));

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(path.relative(root, full));
  }
  return out;
}

let passed = 0;
let failed = 0;

const files = ['server', 'electron', 'renderer']
  .flatMap((d) => (fs.existsSync(path.join(root, d)) ? findTests(path.join(root, d)) : []))
  .sort();
const tapFile = path.join(work, 'unit.tap');
const unit = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-timeout=180000', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
passed += Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
failed += Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0) + (unit.status !== 0 && !/^# fail [1-9]/m.test(tap) ? 1 : 0);

const e2eDir = path.join(root, 'e2e');
const specs = fs.existsSync(e2eDir) ? fs.readdirSync(e2eDir).filter((f) => f.endsWith('.spec.ts')) : [];
if (specs.length > 0) {
  // The browser tests load the built panel UI.
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--renderer-only'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) failed += 1;
  else {
    const jsonFile = path.join(work, 'e2e.json');
    const e2e = spawnSync(process.execPath, [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--reporter=list,json'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile },
    });
    const stats = fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')).stats ?? {} : {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += (stats.unexpected ?? 0) + (e2e.status !== 0 && !stats.unexpected ? 1 : 0);
  }
}

fs.rmSync(work, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
