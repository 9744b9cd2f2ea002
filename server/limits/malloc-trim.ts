// glibc's malloc_trim(0), through our own addon (native/malloc-trim: a few lines of C over Node-API,
// built at npm install by scripts/build-native.mjs where a C compiler is found). After a crowd of
// clients leaves, glibc keeps 2-4 MB of blocks they freed (socket and stream state, read buffers,
// V8's compiler zones) because live blocks sit above them; only malloc_trim() hands those pages
// back, and JavaScript cannot call it (docs/performance.md, "After leaving, fifth pass").
// The heap trimmer calls it after its collections (heap-trim.ts). It is optional: not built
// (no compiler, macOS, Windows, musl), not loadable (another architecture), or turned off with
// BUTTERFLY_NO_MALLOC_TRIM=1, the server runs the same and glibc keeps those pages until reused.
//
// Loaded from where it was built, never bundled, as the server bundle loads better-sqlite3's addon
// (scripts/build-server.mjs): the project folder is the nearest one above this code holding
// package.json (server/limits under tsx, dist-server or dist-electron in the bundles, the app's
// folder or app.asar when packaged; electron-builder unpacks the addon, package.json "build").
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where scripts/build-native.mjs leaves the addon, from the project folder. */
export const ADDON_PATH = path.join('native', 'malloc-trim', 'build', 'Release', 'malloc_trim.node');

export interface MallocTrimLoad {
  /** malloc_trim(0): true when memory was returned to the system; undefined when unavailable. */
  trim: (() => boolean) | undefined;
  /** Why it is unavailable (undefined when loaded). */
  why?: string;
  /** Whether it was built but would not load (worth a note: a rebuild fixes it). */
  failed?: boolean;
}

/** Loads the addon; never throws. `file` and `env` are for tests. */
export function loadMallocTrim(file = addonFile(), env: NodeJS.ProcessEnv = process.env): MallocTrimLoad {
  if (env.BUTTERFLY_NO_MALLOC_TRIM === '1') return { trim: undefined, why: 'turned off (BUTTERFLY_NO_MALLOC_TRIM=1)' };
  if (!file || !fs.existsSync(file)) {
    return { trim: undefined, why: 'not built (it needs a C compiler at npm install, e.g. build-essential; glibc only)' };
  }
  try {
    const addon = createRequire(file)(file) as { trim?: unknown };
    const trim = addon.trim;
    if (typeof trim !== 'function') return { trim: undefined, why: `${file} has no trim()`, failed: true };
    return { trim: () => trim() === true };
  } catch (e) {
    // Another architecture or platform (a copied folder), a truncated file: glibc keeps its pages.
    return { trim: undefined, why: `${file} would not load: ${(e as Error).message.split('\n')[0]}`, failed: true };
  }
}

/** The addon's path under the project folder, or undefined when no package.json is found above. */
export function addonFile(from = hereDir()): string | undefined {
  let dir = from;
  for (let up = 0; up < 4; up++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, ADDON_PATH);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** This code's folder: __dirname in the Electron bundle (CommonJS), import.meta.url elsewhere (ESM). */
function hereDir(): string {
  return typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
}
