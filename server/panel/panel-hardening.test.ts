// The panel answers a broken %-escape with 400 (it answered 500), and its page cannot be framed
// by another page (issue 13, finding 6).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../test-support/test-server';
import type { Butterfly } from '../app';

const TOKEN = 'test-token-123456';
let app: Butterfly & { cleanup(): Promise<void> };
let uiDir: string;
before(async () => {
  uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-ui-'));
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>panel</title>');
  app = await startTestServer({ panelToken: TOKEN, uiDir });
});
after(async () => {
  await app.cleanup();
  fs.rmSync(uiDir, { recursive: true, force: true });
});

const get = (p: string, auth = false) =>
  fetch(`http://127.0.0.1:${app.ports.panel}${p}`, { headers: auth ? { Authorization: `Bearer ${TOKEN}` } : {} });

test('a malformed percent-escape is a 400 that says what is wrong, on pages and the API', async () => {
  const page = await get('/%E0%A4%A');
  assert.equal(page.status, 400);
  assert.match(((await page.json()) as { error: string }).error, /broken %-escape/);
  const api = await get('/api/accounts/%E0%A4%A/contacts', true);
  assert.equal(api.status, 400);
  assert.equal((await get('/', false)).status, 200, 'the server is fine afterwards');
});

test('the panel page forbids framing', async () => {
  for (const p of ['/', '/index.html', '/some/app/route']) {
    const res = await get(p);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, p);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', p);
    await res.arrayBuffer();
  }
});
