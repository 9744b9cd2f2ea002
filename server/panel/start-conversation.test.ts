// A panel-driven contact starts a conversation with a signed-in client, and blocks and unblocks it:
//   POST /api/accounts/online@local/conversations {"to":"me@local","text":"…"}   -> me's NS: RNG …
//   PUT  /api/accounts/online@local/contacts/me@local {"blocked":true}          -> me's NS: FLN online@local
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { signInClient } from '../test-support/mac-client';
import { signInWlm2009 } from '../test-support/wlm2009-client';
import { answerRing, typingPayload } from '../test-support/sb-client';
import { DEFAULT_IM_FORMAT } from '../msnp/sb/message';
import type { Butterfly } from '../app';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-start-chat';
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

const contactText = (text: string) =>
  `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: ${DEFAULT_IM_FORMAT}\r\n\r\n${text}`;

for (const { version, rngTail, iroTail } of [
  { version: 'MSNP8', rngTail: '', iroTail: '' },
  { version: 'MSNP15', rngTail: ' U messenger.hotmail.com 1', iroTail: ' 1073741856' },
] as const) {
  test(`the panel starts a conversation: an ${version} client is rung, answers, and gets the text`, async () => {
    const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version });
    try {
      const started = await api('POST', '/api/accounts/online@local/conversations', { to: 'me@local', text: 'Hello from the panel ✓' });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const id = started.body.id as string;
      assert.equal(started.body.active, true);

      const { sb, rng, sessionId } = await answerRing(me, { handle: 'me@local' });
      assert.equal(sessionId, id);
      assert.match(rng, new RegExp(`^RNG ${id} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ online@local Online%20User${rngTail.replace(/\./g, '\\.')}$`));
      assert.equal(await sb.nextLine(), `IRO 1 1 1 online@local Online%20User${iroTail}`);
      assert.equal(await sb.nextLine(), 'ANS 1 OK');
      const typing = typingPayload('online@local');
      assert.deepEqual(await sb.next(), { line: `MSG online@local Online%20User ${Buffer.byteLength(typing)}`, payload: typing });
      const text = contactText('Hello from the panel ✓');
      assert.deepEqual(await sb.next(), { line: `MSG online@local Online%20User ${Buffer.byteLength(text)}`, payload: text });

      const conv = (await api('GET', `/api/conversations/${id}`)).body;
      assert.deepEqual(conv.messages.map((m: any) => [m.from, m.text]), [['online@local', 'Hello from the panel ✓']]);
      sb.send('OUT');
      await sb.waitClosed();
    } finally {
      me.close();
    }
  });
}

test('the panel starts a conversation with an account signed in at two MSNP18 places: both are rung', async () => {
  const HOME = '{11111111-AAAA-4BBB-8CCC-000000000001}';
  const WORK = '{22222222-AAAA-4BBB-8CCC-000000000002}';
  const place = (guid: string, epName: string) =>
    signInWlm2009({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', guid, epName });
  const home = await place(HOME, 'HOME');
  const work = await place(WORK, 'WORK');
  try {
    const started = await api('POST', '/api/accounts/online@local/conversations', { to: 'me@local', text: 'Both of you?' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.body.id as string;
    // Each place hears its own RNG for the one conversation, with its own cookie.
    const ringHome = await answerRing(home, { handle: `me@local;${HOME}` });
    const ringWork = await answerRing(work, { handle: `me@local;${WORK}` });
    assert.deepEqual([ringHome.sessionId, ringWork.sessionId], [id, id]);
    assert.notEqual(ringHome.rng.split(' ')[4], ringWork.rng.split(' ')[4], 'one cookie per place');
    assert.match(ringHome.rng, new RegExp(`^RNG ${id} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ online@local Online%20User U messenger\\.hotmail\\.com 1$`));
    await ringHome.sb.until('ANS 1 OK');
    await ringWork.sb.until('ANS 1 OK');
    // The first place to answer gets the text (the second may have joined before or after it was said).
    const text = contactText('Both of you?');
    const got = await ringHome.sb.until('MSG online@local Online%20User ' + Buffer.byteLength(text));
    assert.equal(got.payload, text);
    const conv = (await api('GET', `/api/conversations/${id}`)).body;
    assert.deepEqual(conv.messages.map((m: any) => [m.from, m.text]), [['online@local', 'Both of you?']]);
    ringHome.sb.send('OUT');
    ringWork.sb.send('OUT');
    await ringHome.sb.waitClosed();
    await ringWork.sb.waitClosed();
  } finally {
    home.close();
    work.close();
  }
});

/** The earlier tests' clients have gone: nobody is signed in as me@local. */
async function meSignedOut(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (!(await api('GET', '/api/sessions')).body.some((s: any) => s.account === 'me@local')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('me@local is still signed in');
}

test('starting a conversation says what is wrong: not signed in, appearing offline, bad request, unknown', async () => {
  await meSignedOut();
  const nobodyThere = await api('POST', '/api/accounts/online@local/conversations', { to: 'me@local', text: 'hi' });
  assert.equal(nobodyThere.status, 409);
  assert.match(nobodyThere.body.error, /me@local is not signed in from a Messenger client/);
  const hidden = await api('POST', '/api/accounts/hidden@local/conversations', { to: 'me@local', text: 'hi' });
  assert.equal(hidden.status, 409);
  assert.match(hidden.body.error, /appearing offline; set it online/);
  assert.equal((await api('POST', '/api/accounts/online@local/conversations', { to: 'me@local' })).status, 400);
  assert.equal((await api('POST', '/api/accounts/online@local/conversations', { to: 'nobody@local', text: 'hi' })).status, 404);
});

test('block shows the contact offline to the client at once; unblock brings it back', async () => {
  await meSignedOut();
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
  try {
    const blocked = await api('PUT', '/api/accounts/online@local/contacts/me@local', { blocked: true });
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    const entry = blocked.body.find((c: any) => c.email === 'me@local');
    assert.ok(entry.lists.includes('BL') && !entry.lists.includes('AL'), `lists: ${entry.lists}`);
    assert.equal((await me.until('FLN online@local')).line, 'FLN online@local 1 0');
    // Blocked, the client cannot be rung by it either.
    assert.equal((await api('POST', '/api/accounts/online@local/conversations', { to: 'me@local', text: 'hi' })).status, 409);

    const unblocked = await api('PUT', '/api/accounts/online@local/contacts/me@local', { blocked: false });
    assert.equal(unblocked.status, 200);
    assert.ok(unblocked.body.find((c: any) => c.email === 'me@local').lists.includes('AL'));
    assert.match((await me.until('NLN ')).line, /^NLN NLN online@local 1 Online%20User \d+/);
    assert.equal((await api('PUT', '/api/accounts/online@local/contacts/me@local', { blocked: 'yes' })).status, 400);
    assert.equal((await api('PUT', '/api/accounts/online@local/contacts/nobody@local', { blocked: true })).status, 404);
  } finally {
    me.close();
  }
});
