// npm start: the desktop app where Electron is installed; otherwise (or when the database module
// cannot be built for Electron) the headless server with the control panel in any browser,
// saying so clearly.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { electronNativeDir } from './build-electron-native.mjs';
import { runSupervised } from './supervise.mjs';
import { serverEnv } from './server-env.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
// V8's young generation grows to 16 MB twice over under a burst of sign-ins and is kept: capped at
// 1 MB, RSS with 1,000 clients is ~30 MB lower for a few more (cheap) scavenges. The same flag is in
// package.json's "serve" script. --expose-gc lets the server give memory back once a crowd of
// clients has left (server/limits/heap-trim.ts); Electron gets both through --js-flags.
const SERVER_NODE_FLAGS = ['--max-semi-space-size=1', '--expose-gc'];

function electronBinary() {
  try {
    const bin = require('electron'); // the path of the Electron executable, when its download worked
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}


function headless(why) {
  console.error(`${why}\nSo Butterfly starts as a headless server instead: open the "Control panel" address printed below in any web browser.\n`);
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--renderer-only'], { cwd: root, stdio: 'inherit' });
  }
  runSupervised(process.execPath, [...SERVER_NODE_FLAGS, 'scripts/serve.mjs', ...args], { cwd: root, ipc: true, env: serverEnv() });
}

const electron = electronBinary();
if (!electron) {
  headless('Electron is not installed on this machine (its download needs the internet, and it is an optional dependency).');
} else {
  let nativeDir;
  try {
    nativeDir = electronNativeDir();
  } catch (e) {
    headless(`The desktop app cannot start: ${e.message}.`);
  }
  if (nativeDir) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--native-dir', nativeDir], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
    runSupervised(electron, [`--js-flags=${SERVER_NODE_FLAGS.join(' ')}`, '.', ...args], { cwd: root, env: serverEnv() });
  }
}
