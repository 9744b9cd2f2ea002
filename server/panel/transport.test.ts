// The loopback transport's guards on every route (token, Host, Origin) and the WebSocket's
// batched events and error replies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import WebSocket from 'ws';
import { startTestServer } from '../test-support/test-server';
import type { Butterfly } from '../app';
import { apiClient, TEST_TOKEN } from './panel-test-kit';
import type { PanelEventMessage } from './contract';

let app: Butterfly & { cleanup(): Promise<void> };
let api: ReturnType<typeof apiClient>;
before(async () => {
  app = await startTestServer({ panelToken: TEST_TOKEN });
  api = apiClient(app);
});
after(async () => {
  await app.cleanup();
});

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/status'],
  ['GET', '/api/accounts'],
  ['POST', '/api/accounts', { email: 'a@lan', password: 'pw-a' }],
  ['PATCH', '/api/accounts/a@lan', { displayName: 'A' }],
  ['DELETE', '/api/accounts/a@lan'],
  ['GET', '/api/accounts/a@lan/contacts'],
  ['GET', '/api/accounts/a@lan/groups'],
  ['POST', '/api/accounts/a@lan/contacts', { email: 'b@lan' }],
  ['DELETE', '/api/accounts/a@lan/contacts/b@lan'],
  ['PUT', '/api/accounts/a@lan/presence', { status: 'NLN' }],
  ['GET', '/api/sessions'],
  ['DELETE', '/api/sessions/ns-1'],
  ['GET', '/api/traffic?limit=5'],
];

test('every REST route answers 401 without the token or with a wrong one, and changes nothing', async () => {
  for (const [method, path, body] of ROUTES) {
    assert.equal((await api(method, path, body, { token: null })).status, 401, `${method} ${path} without a token`);
    assert.equal((await api(method, path, body, { token: 'wrong-token-000000' })).status, 401, `${method} ${path} with a wrong token`);
  }
  assert.deepEqual((await api('GET', '/api/accounts')).body, []);
});

test('a request naming another host (DNS rebinding) or from another page\'s origin is refused', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: app.ports.panel, path: '/api/accounts', headers: { Host: `evil.example:${app.ports.panel}`, Authorization: `Bearer ${TEST_TOKEN}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 403);
  assert.equal((await api('GET', '/api/accounts', undefined, { headers: { Origin: 'http://evil.example' } })).status, 403);
  assert.equal((await api('GET', '/api/accounts', undefined, { headers: { Origin: `http://localhost:${app.ports.panel}` } })).status, 200);
});

function open(headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.ports.panel}/ws?token=${TEST_TOKEN}`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

test('the WebSocket pushes events in batches and answers bad calls with an error a person can read', async () => {
  const ws = await open({ Origin: `http://127.0.0.1:${app.ports.panel}` });
  const events: PanelEventMessage[] = [];
  const replies = new Map<unknown, any>();
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m));
    if (Array.isArray(msg.events)) events.push(...msg.events);
    else replies.set(msg.id, msg);
  });
  const reply = async (id: number) => {
    while (!replies.has(id)) await new Promise((r) => setTimeout(r, 10));
    return replies.get(id);
  };

  ws.send(JSON.stringify({ id: 1, op: 'noSuchOperation', req: {} }));
  assert.deepEqual(await reply(1), { id: 1, ok: false, status: 404, error: 'Unknown operation noSuchOperation.' });
  ws.send(JSON.stringify({ id: 2, op: 'listAccounts', req: 'not an object' }));
  assert.equal((await reply(2)).status, 400);
  ws.send(JSON.stringify({ id: 3, op: 'createAccount', req: { email: 'ws@lan', password: 'pw-ws', displayName: 'Socket' } }));
  assert.equal((await reply(3)).ok, true);
  ws.send(JSON.stringify({ id: 4, op: 'createAccount', req: { email: 'ws@lan', password: 'pw-ws' } }));
  assert.deepEqual([(await reply(4)).ok, (await reply(4)).status], [false, 409]);
  ws.send(JSON.stringify({ id: 5, op: 'setPresence', req: { email: 'ws@lan', status: 'BSY', psm: 'typing' } }));
  assert.equal((await reply(5)).res.status, 'BSY');

  // The message and the status are two changes, so two presence events, in that order.
  const presence = () => events.filter((e) => e.event === 'presence').map((e) => e.data);
  while (presence().length < 2) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(presence(), [
    { email: 'ws@lan', status: 'FLN', friendlyName: 'Socket', psm: 'typing' },
    { email: 'ws@lan', status: 'BSY', friendlyName: 'Socket', psm: 'typing' },
  ]);
  assert.ok(events.some((e) => e.event === 'lists' && e.data.email === 'ws@lan'));
  ws.close();
});
