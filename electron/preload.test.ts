// The preload as Electron runs it: bundled to one CommonJS file and evaluated with a fake
// `electron` module as its only available import (a sandboxed preload can require nothing else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build } from 'esbuild';

test('the bundled preload requires only electron and exposes only window.panel { call, on }', async () => {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, 'preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  const exposed: [string, Record<string, unknown>][] = [];
  const required: string[] = [];
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
    ipcRenderer: { invoke: async () => ({ ok: true, res: null }), on: () => {}, removeListener: () => {} },
  };
  const fakeRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return fakeElectron;
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
  assert.deepEqual(required, ['electron']);
  assert.deepEqual(exposed.map(([key, api]) => [key, Object.keys(api).sort()]), [['panel', ['call', 'on']]]);
});
