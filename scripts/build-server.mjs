// The server as one compiled JavaScript file, dist-server/cli.mjs (esbuild): `npm start` and
// `npm run serve` run it, so start-up doesn't compile TypeScript through a loader, nor resolve
// hundreds of package files one by one.
// Run directly (node scripts/build-server.mjs) it always builds; ensureServerBundle() builds only
// when a source file the bundle was made from changed since, so it works offline and on a fresh clone.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const SERVER_BUNDLE = path.join(root, 'dist-server', 'cli.mjs');
const INPUTS = path.join(root, 'dist-server', 'inputs.json');

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
  for (const rel of inputs) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) return `${rel} is gone`;
    if (fs.statSync(file).mtimeMs > built) return `${rel} changed`;
  }
  return undefined;
}

export async function buildServer() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(root, 'server', 'cli.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Packages are bundled too: resolving and loading ~300 files from node_modules was most of the
    // start-up time. better-sqlite3 loads its native addon, so it stays a package.
    external: ['better-sqlite3'],
    // The bundled CommonJS packages call require() for Node's built-ins.
    banner: { js: "import { createRequire as __bfCreateRequire } from 'node:module'; const require = __bfCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
    write: false,
  });
  // Written aside and renamed into place: a server starting meanwhile reads the old file or the new
  // one, never half of one.
  fs.mkdirSync(path.dirname(SERVER_BUNDLE), { recursive: true });
  for (const out of result.outputFiles) {
    const tmp = `${out.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out.contents);
    fs.renameSync(tmp, out.path);
  }
  fs.writeFileSync(INPUTS, JSON.stringify(Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'))));
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
