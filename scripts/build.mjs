// npm run build: the panel UI (Vite) and, unless --renderer-only, the Electron main and preload.
// Other arguments (--native-dir DIR) go to build-electron.mjs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
if (!process.argv.includes('--renderer-only')) step(['scripts/build-electron.mjs', ...process.argv.slice(2)]);
