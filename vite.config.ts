// Builds the panel UI (renderer/) into dist/renderer, served by the panel port and loaded by Electron.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { outDir: '../dist/renderer', emptyOutDir: true },
});
