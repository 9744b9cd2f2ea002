// Talking to the --demo contacts: the server joins the switchboard for a contact that is online from
// the panel, the client's messages reach the panel API, the operator's replies (and echo mode) reach
// the client as that contact's messages, each after a typing notification.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { openSwitchboard, textPayload, typingPayload, NUDGE_PAYLOAD } from '../../test-support/sb-client';
import { DEFAULT_IM_FORMAT } from './message';
import type { Butterfly } from '../../app';
import type { PanelEventMessage } from '../../panel/contract';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-123456';
before(async () => {
  app = await startTestServer({ demo: true, panelToken: TOKEN });
});
after(async () => {
  await app.cleanup();
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The panel's event stream, collecting `conversation` events. */
async function panelEvents(): Promise<{ ws: WebSocket; conversations: any[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${app.ports.panel}/ws?token=${TOKEN}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const conversations: any[] = [];
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m)) as { events?: PanelEventMessage[] };
    for (const e of msg.events ?? []) if (e.event === 'conversation') conversations.push(e.data);
  });
  return { ws, conversations };
}

const contactText = (text: string, format = DEFAULT_IM_FORMAT) =>
  `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: ${format}\r\n\r\n${text}`;

test('a demo contact joins, the message reaches the panel, the reply arrives as MSG from the contact', async () => {
  const events = await panelEvents();
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly' });
  const { sb } = await openSwitchboard(me, { handle: 'me@local' });

  sb.send('CAL 2 online@local');
  const id = /^CAL 2 RINGING (\d+)$/.exec(await sb.nextLine())![1]!;
  // The server answers for Online User at once, under the panel's capabilities.
  assert.equal(await sb.nextLine(), 'JOI online@local Online%20User 1073741856:0');

  sb.sendPayload('MSG 3 U', typingPayload('me@local'));
  const hello = textPayload('Hello there, ünïcode ✓');
  sb.sendPayload('MSG 4 A', hello);
  assert.equal(await sb.nextLine(), 'ACK 4');

  const list = await api('GET', '/api/conversations');
  assert.equal(list.status, 200);
  const conv = list.body.find((c: any) => c.id === id);
  assert.ok(conv, 'the conversation is listed');
  assert.equal(conv.active, true);
  assert.deepEqual(conv.participants, [
    { email: 'me@local', displayName: 'Me', panelDriven: false, present: true },
    { email: 'online@local', displayName: 'Online User', panelDriven: true, present: true },
  ]);
  assert.equal(conv.messages.length, 1, 'typing notifications are not messages');
  assert.equal(conv.messages[0].from, 'me@local');
  assert.equal(conv.messages[0].text, 'Hello there, ünïcode ✓');
  assert.equal(conv.messages[0].kind, 'text');

  // The operator replies: the client sees Online User typing, then the text in the default font.
  const sent = await api('POST', `/api/conversations/${id}/messages`, { text: 'Hi! Good to hear from you.' });
  assert.equal(sent.status, 201);
  assert.deepEqual(sent.body.messages.map((m: any) => [m.from, m.text]), [
    ['me@local', 'Hello there, ünïcode ✓'],
    ['online@local', 'Hi! Good to hear from you.'],
  ]);
  const typing = typingPayload('online@local');
  assert.deepEqual(await sb.next(), { line: `MSG online@local Online%20User ${Buffer.byteLength(typing)}`, payload: typing });
  const reply = contactText('Hi! Good to hear from you.');
  assert.deepEqual(await sb.next(), { line: `MSG online@local Online%20User ${Buffer.byteLength(reply)}`, payload: reply });

  // A nudge is recorded as one.
  sb.sendPayload('MSG 5 N', NUDGE_PAYLOAD);
  const one = await api('GET', `/api/conversations/${id}`);
  assert.deepEqual(one.body.messages.at(-1), { ...one.body.messages.at(-1), from: 'me@local', kind: 'nudge', text: '' });

  // The event stream carried the conversation as it changed.
  await until(() => events.conversations.some((c) => c.id === id && c.messages.some((m: any) => m.from === 'online@local')));

  // Leaving ends it: the panel can no longer write in it.
  sb.send('OUT');
  await sb.waitClosed();
  await until(() => events.conversations.some((c) => c.id === id && !c.active));
  const ended = await api('GET', `/api/conversations/${id}`);
  assert.equal(ended.body.active, false);
  assert.equal(typeof ended.body.endedAt, 'number');
  assert.equal((await api('POST', `/api/conversations/${id}/messages`, { text: 'hello?' })).status, 409);
  assert.equal((await api('POST', '/api/conversations/999/messages', { text: 'x' })).status, 404);
  assert.equal((await api('POST', `/api/conversations/${id}/messages`, {})).status, 400);
  events.ws.close();
  me.close();
});

test('echo mode, two demo contacts in one conversation, a hidden one unreachable, a contact taken offline leaves', async () => {
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP12' });
  assert.deepEqual((await api('PUT', '/api/accounts/busy@local/echo', { on: true })).body, { email: 'busy@local', on: true });
  assert.deepEqual((await api('GET', '/api/echo')).body, ['busy@local']);
  assert.equal((await api('PUT', '/api/accounts/nobody@local/echo', { on: true })).status, 404);
  assert.equal((await api('PUT', '/api/accounts/busy@local/echo', { on: 'yes' })).status, 400);

  const { sb } = await openSwitchboard(me, { handle: 'me@local' });
  sb.send('CAL 2 hidden@local');
  assert.equal(await sb.nextLine(), '217 2', 'appearing offline: unreachable');
  sb.send('CAL 3 busy@local');
  const id = /^CAL 3 RINGING (\d+)$/.exec(await sb.nextLine())![1]!;
  assert.equal(await sb.nextLine(), 'JOI busy@local Busy%20User 1073741856', 'MSNP12 JOI: caps without ext');

  // Echo: the same text back, in the sender's own font, after "is typing".
  const format = 'FN=Tahoma; EF=I; CO=800000; CS=0; PF=22';
  sb.sendPayload('MSG 4 N', textPayload('echo me: ⌘ & friends', format));
  const typing = typingPayload('busy@local');
  assert.deepEqual(await sb.next(), { line: `MSG busy@local Busy%20User ${Buffer.byteLength(typing)}`, payload: typing });
  const echoed = contactText('echo me: ⌘ & friends', format);
  assert.deepEqual(await sb.next(), { line: `MSG busy@local Busy%20User ${Buffer.byteLength(echoed)}`, payload: echoed });

  // A second demo contact joins; now the operator must say who writes.
  sb.send('CAL 5 online@local');
  assert.equal(await sb.nextLine(), `CAL 5 RINGING ${id}`);
  assert.equal(await sb.nextLine(), 'JOI online@local Online%20User 1073741856');
  assert.equal((await api('POST', `/api/conversations/${id}/messages`, { text: 'who am I?' })).status, 400);
  assert.equal((await api('POST', `/api/conversations/${id}/messages`, { text: 'x', from: 'away@local' })).status, 404);
  assert.equal((await api('POST', `/api/conversations/${id}/messages`, { text: 'Me, Online.', from: 'online@local' })).status, 201);
  assert.equal((await sb.next()).line, 'MSG online@local Online%20User 85');
  assert.deepEqual(await sb.next(), { line: 'MSG online@local Online%20User 128', payload: contactText('Me, Online.') });
  assert.deepEqual(await sb.quiet(100), [], 'a contact in echo mode does not echo another contact');

  // Taken offline from the panel: Busy User leaves the conversation.
  assert.equal((await api('PUT', '/api/accounts/busy@local/presence', { status: 'FLN' })).status, 200);
  assert.equal(await sb.nextLine(), 'BYE busy@local');
  const conv = (await api('GET', `/api/conversations/${id}`)).body;
  assert.deepEqual(conv.participants.map((p: any) => [p.email, p.present]), [
    ['me@local', true],
    ['busy@local', false],
    ['online@local', true],
  ]);
  await api('PUT', '/api/accounts/busy@local/echo', { on: false });
  await api('PUT', '/api/accounts/busy@local/presence', { status: 'BSY' });
  sb.close();
  me.close();
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond());
}
