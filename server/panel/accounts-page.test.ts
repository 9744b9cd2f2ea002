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

/** GET with the token; the body and the paging headers. */
async function paged(path: string): Promise<{ status: number; body: any; link: string | null; total: string | null }> {
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}${path}`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
  return { status: res.status, body: await res.json(), link: res.headers.get('link'), total: res.headers.get('x-total-count') };
}

test('paged lists carry Link (next, prev) and X-Total-Count headers, the search kept in the links', async () => {
  const first = await paged('/api/accounts?limit=12');
  assert.equal(first.total, '30');
  assert.equal(first.link, '</api/accounts?limit=12&offset=12>; rel="next"');
  const middle = await paged('/api/accounts?limit=12&offset=12');
  assert.equal(middle.link, '</api/accounts?limit=12&offset=24>; rel="next", </api/accounts?limit=12&offset=0>; rel="prev"');
  const last = await paged('/api/accounts?limit=12&offset=24');
  assert.equal(last.link, '</api/accounts?limit=12&offset=12>; rel="prev"');
  const found = await paged('/api/accounts?search=guest+1&limit=5');
  assert.equal(found.total, '11');
  assert.equal(found.link, '</api/accounts?search=guest+1&limit=5&offset=5>; rel="next"');
  // Past the end: an empty page whose "prev" is the last full one.
  const beyond = await paged('/api/accounts?limit=10&offset=100');
  assert.deepEqual([beyond.body.accounts, beyond.link], [[], '</api/accounts?limit=10&offset=20>; rel="prev"']);
  // The whole list, unpaged, has no paging headers.
  assert.equal((await paged('/api/accounts')).link, null);
});

test('a contact list is paged the same way (by address), and one contact can be fetched alone', async () => {
  const owner = app.core.users.byEmail('guest000@party.lan')!;
  for (let i = 29; i >= 1; i--) app.core.directory.addToLists(owner.id, app.core.users.byEmail(`guest${String(i).padStart(3, '0')}@party.lan`)!.id, 1 | 2);
  const page = await paged('/api/accounts/guest000@party.lan/contacts?limit=10&offset=10');
  assert.equal(page.status, 200);
  assert.deepEqual([page.body.total, page.body.offset, page.total], [29, 10, '29']);
  assert.deepEqual(page.body.contacts.map((c: any) => c.email).slice(0, 2), ['guest011@party.lan', 'guest012@party.lan']);
  assert.equal(page.link, '</api/accounts/guest000@party.lan/contacts?limit=10&offset=20>; rel="next", </api/accounts/guest000@party.lan/contacts?limit=10&offset=0>; rel="prev"');
  const found = await paged('/api/accounts/guest000@party.lan/contacts?search=Guest+2');
  assert.deepEqual([found.body.total, found.body.contacts[0].email, found.link], [11, 'guest002@party.lan', null]);
  assert.equal((await paged('/api/accounts/guest000@party.lan/contacts')).body.length, 29, 'unpaged: the whole list, as before');
  const one = await paged('/api/accounts/guest000@party.lan/contacts/guest005@party.lan');
  assert.deepEqual([one.status, one.body.email, one.body.lists, one.body.status], [200, 'guest005@party.lan', ['FL', 'AL'], 'FLN']);
  assert.equal((await paged('/api/accounts/guest005@party.lan/contacts/guest000@party.lan')).body.lists.join(), 'RL,PL', 'on its reverse and pending lists');
  assert.equal((await paged('/api/accounts/guest001@party.lan/contacts/guest002@party.lan')).status, 404);
  assert.equal((await paged('/api/accounts/nobody@party.lan/contacts?limit=5')).status, 404);
});

test('a contact list costs the same few queries for 29 contacts as for 1: none per contact', async () => {
  // Forget what memory holds, as after a restart: every list is read again when first needed.
  app.core.lists.reset();
  const probe = app.core.db.prepare('SELECT 1') as unknown as { constructor: { prototype: Record<string, (...a: unknown[]) => unknown> } };
  const proto = probe.constructor.prototype;
  const original = { all: proto.all!, get: proto.get!, iterate: proto.iterate! };
  let queries = 0;
  for (const k of ['all', 'get', 'iterate'] as const) {
    proto[k] = function (this: unknown, ...a: unknown[]) {
      queries++;
      return original[k].apply(this, a);
    };
  }
  try {
    const list = await api('GET', '/api/accounts/guest000@party.lan/contacts');
    assert.equal(list.body.length, 29);
    assert.ok(queries <= 3, `${queries} queries for a list of 29 (its entries, who lists the owner)`);
    queries = 0;
    await api('GET', '/api/accounts/guest000@party.lan/contacts');
    assert.equal(queries, 0, 'read again: from memory');
  } finally {
    Object.assign(proto, original);
  }
});
