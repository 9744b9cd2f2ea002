// The REST account list at scale: pages with a search and the total, one account alone, and long
// answers gzipped for clients that ask.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startTestServer } from '../test-support/test-server';
import type { Butterfly } from '../app';
import { apiClient, TEST_TOKEN } from './panel-test-kit';

let app: Butterfly & { cleanup(): Promise<void> };
let api: ReturnType<typeof apiClient>;
before(async () => {
  app = await startTestServer({ panelToken: TEST_TOKEN });
  api = apiClient(app);
  for (let i = 0; i < 30; i++) {
    await app.core.directory.createAccount(`guest${String(i).padStart(3, '0')}@party.lan`, 'party-password', `Guest ${i}`);
  }
});
after(async () => {
  await app.cleanup();
});

test('GET /api/accounts?limit&offset&search pages the list; GET /api/accounts/{email} is one account', async () => {
  const first = await api('GET', '/api/accounts?limit=12');
  assert.equal(first.status, 200);
  assert.equal(first.body.total, 30);
  assert.equal(first.body.accounts.length, 12);
  assert.equal(first.body.accounts[0].email, 'guest000@party.lan');
  const last = await api('GET', '/api/accounts?limit=12&offset=24');
  assert.deepEqual(last.body.accounts.map((a: any) => a.email).slice(0, 2), ['guest024@party.lan', 'guest025@party.lan']);
  assert.equal(last.body.accounts.length, 6);
  const found = await api('GET', '/api/accounts?search=GUEST 1');
  assert.equal(found.body.total, 11, 'Guest 1 and Guest 10-19, by name, ignoring case');
  assert.equal((await api('GET', '/api/accounts?search=100%25')).body.total, 0, 'a % is a character, not a wildcard');
  const one = await api('GET', '/api/accounts/guest007@party.lan');
  assert.deepEqual(one.body, { email: 'guest007@party.lan', displayName: 'Guest 7', status: 'FLN', psm: '', signedIn: false, allowsOldMessengers: false });
  assert.equal((await api('GET', '/api/accounts/nobody@party.lan')).status, 404);
});

test('a long list is gzipped when the client accepts it', async () => {
  const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: app.ports.panel, path: '/api/accounts', headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
  assert.equal(raw.headers['content-encoding'], 'gzip');
  const list = JSON.parse(zlib.gunzipSync(raw.body).toString('utf8'));
  assert.equal(list.length, 30);
  assert.ok(raw.body.length < JSON.stringify(list).length / 3, `${raw.body.length} bytes gzipped`);
});
