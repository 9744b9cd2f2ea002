// Bundles the Electron main process and preload (TypeScript -> CommonJS) into dist-electron/.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, external: ['electron', 'better-sqlite3'] };
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs' });
console.error('Built dist-electron/main.cjs and dist-electron/preload.cjs');
