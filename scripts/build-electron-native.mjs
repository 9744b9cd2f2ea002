// The database's native module (better-sqlite3) built for Electron, for `npm start`. Electron has
// its own Node ABI, so the desktop app cannot load the copy in node_modules that npm test and
// npm run serve use. Rather than rebuilding that one in place (and breaking them), a copy is built
// for Electron under node_modules/.cache and the development bundle of the main process points
// there (see build-electron.mjs --native-dir). Packaging (npm run dist) rebuilds in place through
// electron-builder instead and puts the Node build back afterwards (see build-dist.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function version(pkg) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** Returns the folder holding node_modules/better-sqlite3 built for the installed Electron; builds it when missing. */
export function electronNativeDir() {
  const electron = version('electron');
  const sqlite = version('better-sqlite3');
  const dir = path.join(root, 'node_modules', '.cache', 'butterfly-electron-native', `electron-${electron}-${process.arch}`);
  const copy = path.join(dir, 'node_modules', 'better-sqlite3');
  const stamp = path.join(dir, 'built-for.json');
  const want = JSON.stringify({ electron, sqlite, arch: process.arch });
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'))) {
    return dir;
  }
  console.error(`Building the database module (better-sqlite3 ${sqlite}) for Electron ${electron}; this happens once…`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  // The sources and scripts, without the Node build.
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  fs.cpSync(source, copy, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(source, src);
      return rel !== 'build' && !rel.startsWith(`build${path.sep}`);
    },
  });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'butterfly-electron-native', private: true, dependencies: { 'better-sqlite3': sqlite } }));
  const cli = path.join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
  const r = spawnSync(process.execPath, [cli, '--version', electron, '--module-dir', dir, '--only', 'better-sqlite3', '--force'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'))) {
    throw new Error(
      'could not build better-sqlite3 for Electron (it downloads a prebuilt binary or Electron\'s headers, so it needs the internet the first time, or a C++ compiler)',
    );
  }
  fs.writeFileSync(stamp, want);
  return dir;
}
