// The server as one compiled JavaScript file, dist-server/cli.mjs (esbuild): `npm start` and
// `npm run serve` run it, so start-up doesn't compile TypeScript through a loader, nor resolve
// hundreds of package files one by one.
// Run directly (node scripts/build-server.mjs) it always builds; ensureServerBundle() builds only
// when a source file the bundle was made from changed since, so it works offline and on a fresh clone.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(root, 'dist-server');
export const SERVER_BUNDLE = path.join(OUT_DIR, 'cli.mjs');
/** The chat history's writer thread (server/store/history-worker.ts), its own bundle beside the server's. */
export const HISTORY_WORKER_BUNDLE = path.join(OUT_DIR, 'history-worker.mjs');
const INPUTS = path.join(OUT_DIR, 'inputs.json');
/**
 * Packages only a rare path needs, which must stay out of the code loaded at start-up: each is
 * reached through import() and lands in its own chunk (dist-server/chunks/), read from disk the
 * first time it is used. jimp (display pictures uploaded in the panel) alone is a third of the
 * server's code; plist and bplist-* read a dropped Mac preferences file. Checked by
 * server/lazy-chunks.test.ts.
 */
export const LAZY_PACKAGES = ['jimp', '@jimp/', 'plist', 'bplist-parser', 'bplist-creator', '@xmldom/xmldom', 'xml2js', 'image-q', 'utif2', 'pako'];

/** Why the bundle must be (re)built, or undefined when it is up to date. */
function staleReason() {
  if (!fs.existsSync(SERVER_BUNDLE) || !fs.existsSync(INPUTS)) return 'no bundle yet';
  const built = fs.statSync(SERVER_BUNDLE).mtimeMs;
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(INPUTS, 'utf8'));
  } catch {
    return 'its list of sources is unreadable';
  }
  if (Array.isArray(inputs)) return 'it was built as one file (now the rarely used parts are separate chunks)';
  for (const rel of inputs.outputs ?? []) {
    if (!fs.existsSync(path.join(root, rel))) return `${rel} is gone`;
  }
  for (const rel of inputs.sources ?? []) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) return `${rel} is gone`;
    if (fs.statSync(file).mtimeMs > built) return `${rel} changed`;
  }
  return undefined;
}

/**
 * better-sqlite3 finds its native addon through the `bindings` package, which searches a dozen
 * paths relative to the calling file (wrong once the JavaScript is bundled). In the bundle,
 * `bindings` is this instead: the addon from the installed package's build/Release, the first
 * place `bindings` looks, resolved from the bundle's folder at run time.
 */
const SQLITE_ADDON = {
  name: 'better-sqlite3-addon',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, (args) =>
      args.importer.includes(`${path.sep}better-sqlite3${path.sep}`) ? { path: 'better-sqlite3-addon', namespace: 'sqlite-addon' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sqlite-addon' }, () => ({
      contents:
        "const path = require('node:path');\n" +
        "module.exports = (name) => require(path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', name));\n",
      loader: 'js',
    }));
  },
};

/** What the server's bundle and the history's writer thread's bundle share. */
const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Packages are bundled too: resolving and loading ~300 files from node_modules was most of the
  // start-up time. better-sqlite3's JavaScript is bundled as well (SQLITE_ADDON below): loading
  // its 20 files one by one ran Node's path functions often enough for V8 to optimise them, which
  // brought ~3 MB of the optimising compiler's own code into memory at every idle start.
  plugins: [SQLITE_ADDON],
  // The bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bfCreateRequire } from 'node:module'; const require = __bfCreateRequire(import.meta.url);" },
  // No comments nor indentation: the source text stays in V8's heap as long as the server runs,
  // and a single non-ASCII character in a comment (a package's "§" or "’") made V8 hold all of
  // it as two bytes per character. Identifiers are kept, so stack traces stay readable.
  minifyWhitespace: true,
  charset: 'ascii',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  absWorkingDir: root,
  write: false,
};

export async function buildServer() {
  const { build } = await import('esbuild');
  const [server, worker] = await Promise.all([
    build({
      ...COMMON,
      entryPoints: [path.join(root, 'server', 'cli.ts')],
      outdir: OUT_DIR,
      outExtension: { '.js': '.mjs' },
      // What is reached only through import() (LAZY_PACKAGES) goes into chunks loaded on first use.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    }),
    // A file of its own, not an entry of the build above: two entries would move what they share
    // (better-sqlite3) into a chunk the server loads at every start.
    build({ ...COMMON, entryPoints: [path.join(root, 'server', 'store', 'history-worker.ts')], outfile: HISTORY_WORKER_BUNDLE }),
  ]);
  const metafile = { inputs: { ...server.metafile.inputs, ...worker.metafile.inputs }, outputs: { ...server.metafile.outputs, ...worker.metafile.outputs } };
  // Written aside and renamed into place: a server starting meanwhile reads the old file or the new
  // one, never half of one.
  // Chunks first, the worker, the entry last: a server starting meanwhile finds every file its entry names.
  const outputs = [...server.outputFiles, ...worker.outputFiles].sort((a, b) => Number(a.path === SERVER_BUNDLE) - Number(b.path === SERVER_BUNDLE));
  for (const out of outputs) {
    fs.mkdirSync(path.dirname(out.path), { recursive: true });
    const tmp = `${out.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out.contents);
    fs.renameSync(tmp, out.path);
  }
  const written = new Set(outputs.map((o) => o.path));
  const chunkDir = path.join(OUT_DIR, 'chunks');
  for (const f of fs.existsSync(chunkDir) ? fs.readdirSync(chunkDir) : []) {
    // Chunks of older builds go after an hour: a server started from an older build may still
    // load one on first use. (A .tmp may be another build's file in the making.)
    const file = path.join(chunkDir, f);
    if (written.has(file) || f.endsWith('.tmp')) continue;
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > 3600_000) fs.rmSync(file, { force: true });
    } catch {
      // Removed meanwhile by another build.
    }
  }
  fs.writeFileSync(
    INPUTS,
    JSON.stringify({
      // better-sqlite3's bundled JavaScript must match its addon: a reinstall or rebuild of the
      // package (newer files) rebuilds the bundle too.
      sources: [
        ...Object.keys(metafile.inputs)
          .filter((f) => !f.includes(':')) // not a file: the SQLITE_ADDON module
          .filter((f) => !f.includes('node_modules') || f.startsWith('node_modules/better-sqlite3/')),
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ],
      outputs: Object.keys(metafile.outputs).filter((f) => !f.endsWith('.map')),
    }),
  );
  return metafile;
}

/** Builds the bundle if it is missing or older than its sources; says so on stderr (stdout is the server's). */
export async function ensureServerBundle() {
  const why = staleReason();
  if (!why) return;
  try {
    await import('esbuild');
  } catch {
    if (fs.existsSync(SERVER_BUNDLE)) return; // no build tools (an install without devDependencies): run what is there
    throw new Error('The server is not built and esbuild is missing: run "npm install" in the Butterfly folder first.');
  }
  const t0 = Date.now();
  await buildServer();
  process.stderr.write(`Built the server (${why}) in ${Date.now() - t0} ms.\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildServer();
  process.stderr.write(`Built ${path.relative(root, SERVER_BUNDLE)}\n`);
}
