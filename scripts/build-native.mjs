// npm install / npm ci (package.json "postinstall"): builds our own native addon,
// native/malloc-trim (a few lines of C calling glibc's malloc_trim(0); server/limits/malloc-trim.ts
// loads it). It is optional: when it cannot be built, the install still succeeds, this prints one
// line saying what is lost and what to install, and the server runs without it.
// Only on Linux with glibc: malloc_trim() is glibc's, and nothing else has the same need (musl,
// macOS and Windows are skipped silently; the server finds no addon and does without).
// The compiler is node-gyp, the one npm ships (npm passes its path in npm_config_node_gyp; npm's
// own folder, then `node-gyp` on PATH, otherwise), against the headers npm is configured with.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const ADDON_DIR = path.join(root, 'native', 'malloc-trim');
export const ADDON = path.join(ADDON_DIR, 'build', 'Release', 'malloc_trim.node');
const LOST =
  'Butterfly: the optional malloc_trim addon was not built, so memory comes back more slowly after a crowd of clients leaves (all else works)';

/** The glibc version this process runs on, or undefined (musl, macOS, Windows). */
function glibc() {
  if (process.platform !== 'linux') return undefined;
  const header = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report?.getReport() ?? {}).header;
  return header?.glibcVersionRuntime;
}

/** How to run node-gyp: [command, ...leading arguments], or undefined when none is found. */
function nodeGyp(env = process.env) {
  const candidates = [
    env.npm_config_node_gyp,
    env.npm_execpath && path.join(path.dirname(env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    // Run directly (node scripts/build-native.mjs): npm beside this node, as Node's installers and Debian lay it out.
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  for (const js of candidates) if (js && fs.existsSync(js)) return [process.execPath, js];
  const onPath = spawnSync('node-gyp', ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' });
  return onPath.status === 0 ? ['node-gyp'] : undefined;
}

/**
 * Builds the addon in `dir` (native/malloc-trim; another folder in tests). Returns whether it was
 * built, skipped (not glibc) or why not; never throws for a failed build.
 */
export function buildNative(dir = ADDON_DIR, env = process.env) {
  if (!glibc()) return { built: false, skipped: true };
  const gyp = nodeGyp(env);
  if (!gyp) return { built: false, why: 'node-gyp was not found (it ships with npm); run "npm run build:native"' };
  // Node's own headers when they are beside it (Debian, Node's tarballs): no download. npm passes its
  // configured nodedir in npm_config_nodedir, which node-gyp reads itself.
  const headers = path.join(path.dirname(process.execPath), '..');
  const nodedir = !env.npm_config_nodedir && fs.existsSync(path.join(headers, 'include', 'node', 'node_api.h')) ? [`--nodedir=${headers}`] : [];
  const r = spawnSync(gyp[0], [...gyp.slice(1), 'rebuild', ...nodedir], { cwd: dir, env, encoding: 'utf8' });
  if (r.status === 0 && fs.existsSync(path.join(dir, 'build', 'Release', 'malloc_trim.node'))) return { built: true };
  // Kept for whoever wants the details; the install output stays one line.
  fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'build', 'build-failed.log'), `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ?? ''}`);
  const missing = ['make', env.CC || 'cc'].filter((tool) => spawnSync(tool, ['--version'], { env, stdio: 'ignore' }).status !== 0);
  return {
    built: false,
    why:
      (missing.length
        ? `${missing.join(' and ')} not found; install a C compiler and make (Debian/Ubuntu: sudo apt install build-essential; ` +
          'Fedora: sudo dnf install gcc make), then run "npm run build:native"'
        : 'the build failed (node-gyp needs Python 3, a C compiler and make, and Node\'s headers, which it downloads once)') +
      ` (details: ${path.relative(root, path.join(dir, 'build', 'build-failed.log'))})`,
  };
}

// node scripts/build-native.mjs [DIR]: DIR for tests only.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : ADDON_DIR;
  try {
    const r = buildNative(dir);
    if (!r.built && !r.skipped) {
      process.stderr.write(`${LOST}: ${r.why}.\n`);
    }
  } catch (e) {
    process.stderr.write(`${LOST}: ${e instanceof Error ? e.message : e}.\n`);
  }
  // Never fails the install.
  process.exit(0);
}
