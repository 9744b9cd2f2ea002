// npm run dist [-- electron-builder options, e.g. --mac / --win / --linux]: the desktop app's
// installers (package.json "build": dmg and zip for Intel and Apple silicon, nsis and portable for
// Windows, AppImage and dir for Linux) into release/.
// electron-builder rebuilds the database's native module (better-sqlite3) for Electron in place
// ("npmRebuild": true), for each architecture it packs. Afterwards the Node build is put back, so
// npm test and npm run serve keep working in this checkout.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });

let status = run(process.execPath, ['scripts/build.mjs']).status;
if (status === 0) status = run(process.execPath, [path.join(root, 'node_modules', 'electron-builder', 'cli.js'), ...process.argv.slice(2)]).status;
console.error('Putting back the Node build of better-sqlite3 (npm rebuild better-sqlite3)…');
const restored = run('npm', ['rebuild', 'better-sqlite3']).status;
if (restored !== 0) console.error('Could not rebuild better-sqlite3 for Node; run "npm rebuild better-sqlite3" before npm test.');
process.exit(status ?? 1);
