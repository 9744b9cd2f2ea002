// npm run typecheck: the whole project; the Electron main process too where the electron package
// (and so its type declarations) is installed. It is an optional dependency that cannot install
// without internet access, and then that one file is skipped, saying so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (project) => spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' }).status;

if (run('tsconfig.json') !== 0) process.exit(1);
if (fs.existsSync(path.join(root, 'node_modules', 'electron', 'electron.d.ts'))) {
  if (run('tsconfig.electron.json') !== 0) process.exit(1);
} else {
  console.error('typecheck: electron/main.ts skipped: the electron package is not installed here (no binary download).');
}
