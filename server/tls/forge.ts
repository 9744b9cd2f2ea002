// node-forge, loaded the first time a certificate is issued (the first start, a new LAN address,
// a renewal) or 3DES is missing from the runtime: never on an ordinary start, which checks the
// certificates with Node's own crypto (ca.ts). Loaded with require, so issuing stays synchronous:
// in the compiled server and Electron that is the bundle's own require (node-forge stays an
// installed package), under tsx (development, tests) one made for this file.
import { createRequire } from 'node:module';
import type Forge from 'node-forge';

let loaded: typeof Forge | undefined;

export function forge(): typeof Forge {
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  return (loaded ??= load('node-forge') as typeof Forge);
}
