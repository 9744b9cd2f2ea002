// An ordinary start checks the certificates with Node's crypto and never loads node-forge (half
// the server's start-up code, and ~30 ms of pure-JavaScript RSA); issuing a certificate does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateCertificates } from './ca.js';

const CA = path.join(import.meta.dirname, 'ca.ts');

/** Loads the certificates of `dir` in a fresh process: was node-forge loaded, and what did it decide? */
function startIn(dir: string, lanAddresses: string[]): { forgeLoaded: boolean; decision: string } {
  const script = `
    import { createRequire } from 'node:module';
    import fs from 'node:fs';
    const { loadOrCreateCertificates } = await import(${JSON.stringify(CA)});
    loadOrCreateCertificates(${JSON.stringify(dir)}, { lanAddresses: ${JSON.stringify(lanAddresses)} });
    const forgeLoaded = Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('node-forge'));
    const decision = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(dir, 'tls', 'meta.json'))}, 'utf8')).leaf.lastDecision;
    console.log(JSON.stringify({ forgeLoaded, decision }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('a start with valid certificates does not load node-forge; a new LAN address re-issues with it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-ca-start-'));
  try {
    loadOrCreateCertificates(dir, { lanAddresses: ['192.168.1.2'] });
    assert.deepEqual(startIn(dir, ['192.168.1.2']), { forgeLoaded: false, decision: 'kept' });
    assert.deepEqual(startIn(dir, ['192.168.1.2', '10.0.0.9']), { forgeLoaded: true, decision: 'does not cover 10.0.0.9' });
    assert.deepEqual(startIn(dir, ['192.168.1.2', '10.0.0.9']), { forgeLoaded: false, decision: 'kept' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
