// isoUtc writes what Date.prototype.toISOString writes, for any instant from year 0000 to 9999; and an
// ordinary start's certificate check uses it, so an idle server never reads ICU's time zone data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadOrCreateCertificates } from './ca';
import { isoUtc } from './iso-utc';

const MIN = new Date('0000-01-01T00:00:00Z').getTime();
const MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

test('the same text as toISOString, at the edges and for any instant', () => {
  for (const ms of [MIN, 0, -1, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, Date.UTC(2026, 11, 2, 11, 42, 33), MAX]) {
    assert.equal(isoUtc(ms), new Date(ms).toISOString(), String(ms));
  }
  fc.assert(fc.property(fc.integer({ min: MIN, max: MAX }), (ms) => isoUtc(ms) === new Date(ms).toISOString()), { numRuns: 20_000 });
});

test('an ordinary start (certificates already made) breaks no Date into fields, and meta.json keeps ISO times', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-iso-utc-'));
  const calls: string[] = [];
  const saved = new Map<string, unknown>();
  try {
    loadOrCreateCertificates(dir, { lanAddresses: ['127.0.0.1'] }); // the first start makes them
    // Every Date method that breaks a time into fields (and so makes V8 read ICU's time zones).
    for (const name of Object.getOwnPropertyNames(Date.prototype)) {
      if (!/^(to|get(?!Time$))/.test(name)) continue;
      const orig = (Date.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      saved.set(name, orig);
      (Date.prototype as unknown as Record<string, unknown>)[name] = function (this: Date, ...a: unknown[]) {
        calls.push(name);
        return orig.apply(this, a);
      };
    }
    loadOrCreateCertificates(dir, { lanAddresses: ['127.0.0.1'] });
    for (const [name, orig] of saved) (Date.prototype as unknown as Record<string, unknown>)[name] = orig;
    saved.clear();
    assert.deepEqual(calls, []);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'tls', 'meta.json'), 'utf8')) as { updatedAt: string; leaf: { notAfter: string } };
    assert.match(meta.updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(new Date(meta.leaf.notAfter).toISOString(), meta.leaf.notAfter);
  } finally {
    for (const [name, orig] of saved) (Date.prototype as unknown as Record<string, unknown>)[name] = orig;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
