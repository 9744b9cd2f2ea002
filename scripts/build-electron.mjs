// Bundles the Electron main process and preload (TypeScript -> CommonJS) into dist-electron/.
// --native-dir DIR: the main process loads better-sqlite3 from DIR/node_modules (the copy built
// for Electron by build-electron-native.mjs) instead of the project's, for `npm start`.
import path from 'node:path';
import { build } from 'esbuild';

const at = process.argv.indexOf('--native-dir');
const nativeDir = at > 0 ? path.resolve(process.argv[at + 1]) : undefined;
const nativeModule = nativeDir && {
  name: 'electron-native-sqlite',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: path.join(nativeDir, 'node_modules', 'better-sqlite3'), external: true }));
  },
};

// server/tls/forge.ts reads import.meta.url only where require is missing (ESM under tsx); in this
// CommonJS bundle require is always there, so esbuild's note that import.meta is empty is moot.
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, external: ['electron', 'better-sqlite3'], logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
  // As the server bundle (scripts/build-server.mjs): V8 keeps the source text while the app runs,
  // at two bytes a character if a single non-ASCII one is left in a comment.
  minifyWhitespace: true,
  charset: 'ascii',
};
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs', plugins: nativeModule ? [nativeModule] : [] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs' });
// The chat history's writer thread (server/store/history-worker.ts), found beside main.cjs; when it
// is missing or cannot load the database module, the history is written on the main thread.
await build({ ...common, entryPoints: ['server/store/history-worker.ts'], outfile: 'dist-electron/history-worker.cjs', plugins: nativeModule ? [nativeModule] : [] });
console.error(`Built dist-electron/main.cjs, preload.cjs and history-worker.cjs${nativeDir ? ' (database module from the Electron build)' : ''}`);
