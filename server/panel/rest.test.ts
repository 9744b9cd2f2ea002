// The panel's REST subset and WebSocket transport, against a real server and a real Mac client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer } from '../test-support/test-server';
import { signInMac } from '../test-support/mac-client';
import type { Butterfly } from '../app';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-123456';
before(async () => {
  app = await startTestServer({ panelToken: TOKEN });
});
after(async () => {
  await app.cleanup();
});

async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

test('every route needs the token: 401 without it or with a wrong one', async () => {
  assert.equal((await api('GET', '/api/accounts', undefined, null)).status, 401);
  assert.equal((await api('GET', '/api/accounts', undefined, 'wrong-token-000000')).status, 401);
  assert.equal((await api('POST', '/api/accounts', { email: 'x@y', password: 'p' }, null)).status, 401);
  const r = await api('GET', '/api/accounts', undefined, null);
  assert.match(r.body.error, /Authorization: Bearer/);
});

test('accounts: 201 created, 409 exists, 400 invalid', async () => {
  const created = await api('POST', '/api/accounts', { email: 'Ann@LAN', password: 'ann-pw', displayName: 'Ann' });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body, { email: 'ann@lan', displayName: 'Ann', status: 'FLN', psm: '', signedIn: false, allowsOldMessengers: false });
  assert.equal((await api('POST', '/api/accounts', { email: 'ann@lan', password: 'x' })).status, 409);
  assert.equal((await api('POST', '/api/accounts', { email: 'not-an-address', password: 'x' })).status, 400);
  assert.equal((await api('POST', '/api/accounts', { email: 'z@lan' })).status, 400);
  assert.equal((await api('POST', '/api/accounts', '{broken json')).status, 400);
  assert.equal((await api('GET', '/api/nothing-here')).status, 404);
});

test('a mutual contact, presence pushed live to a signed-in Mac client, 409 while signed in, kick', async () => {
  await api('POST', '/api/accounts', { email: 'bot@lan', password: 'bot-pw', displayName: 'Bot' });
  await api('POST', '/api/accounts', { email: 'mac@lan', password: 'mac-pw', displayName: 'Mac' });
  const added = await api('POST', '/api/accounts/mac@lan/contacts', { email: 'bot@lan', mutual: true });
  assert.equal(added.status, 201);
  assert.deepEqual(added.body.map((c: any) => [c.email, c.lists]), [['bot@lan', ['FL', 'AL', 'RL']]]);
  const mac = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'mac@lan', password: 'mac-pw' });

  const set = await api('PUT', '/api/accounts/bot@lan/presence', { status: 'BSY', psm: 'Beep boop' });
  assert.equal(set.status, 200);
  assert.equal(set.body.status, 'BSY');
  assert.equal(await mac.nextLine(), 'NLN BSY bot@lan 1 Bot 1073741856:0 %3Cmsnobj%2F%3E');
  assert.deepEqual(await mac.next(), { line: 'UBX bot@lan 1 62', payload: '<Data><PSM>Beep boop</PSM><CurrentMedia></CurrentMedia></Data>' });
  assert.equal((await api('PUT', '/api/accounts/bot@lan/presence', { status: 'FLN' })).status, 200);
  assert.equal(await mac.nextLine(), 'FLN bot@lan 1 0:0');
  assert.equal((await api('PUT', '/api/accounts/bot@lan/presence', { status: 'XYZ' })).status, 400);
  assert.equal((await api('PUT', '/api/accounts/nobody@lan/presence', { status: 'NLN' })).status, 404);
  assert.equal((await api('PUT', '/api/accounts/mac@lan/presence', { status: 'AWY' })).status, 409);

  const sessions = await api('GET', '/api/sessions');
  const mine = sessions.body.find((s: any) => s.account === 'mac@lan');
  assert.equal(mine.dialect, 'MSNP16');
  assert.equal(mine.client, 'macmsgs 8.0.1 (mac 10.14.6)');
  const traffic = await api('GET', '/api/traffic?limit=5');
  assert.equal(traffic.body.length, 5);
  assert.ok(traffic.body.every((r: any) => typeof r.line === 'string' && r.seq > 0));

  assert.equal((await api('DELETE', `/api/sessions/${mine.id}`)).status, 200);
  assert.equal((await mac.until('OUT')).line, 'OUT');
  await mac.waitClosed();
  assert.equal((await api('DELETE', `/api/sessions/${mine.id}`)).status, 404);
});

function wsOpen(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

test('the WebSocket refuses a wrong token and a foreign Origin, and serves the contract', async () => {
  const base = `ws://127.0.0.1:${app.ports.panel}/ws`;
  assert.equal(await wsOpen(`${base}?token=nope`), 401);
  assert.equal(await wsOpen(`${base}?token=${TOKEN}`, { Origin: 'http://evil.example' }), 401);
  const ws = (await wsOpen(`${base}?token=${TOKEN}`, { Origin: `http://127.0.0.1:${app.ports.panel}` })) as WebSocket;
  const reply = new Promise<any>((resolve) => ws.on('message', (m) => {
    const msg = JSON.parse(String(m));
    if (msg.id === 7) resolve(msg);
  }));
  ws.send(JSON.stringify({ id: 7, op: 'listAccounts', req: {} }));
  const msg = await reply;
  assert.equal(msg.ok, true);
  assert.ok(msg.res.some((a: any) => a.email === 'ann@lan'));
  ws.close();
  assert.equal((await api('GET', '/api/accounts', undefined, TOKEN, { Origin: 'http://evil.example' })).status, 403);
});
