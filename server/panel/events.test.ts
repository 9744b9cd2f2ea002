// The panel's session list follows the notification server: a connection arriving, signing in,
// and vanishing without a word each send the new list at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { signInClient } from '../test-support/mac-client';
import { attachPanelEvents } from './events';
import type { SessionInfo } from './contract';

test('sessions events: connect, sign in, and a client that drops without OUT', async () => {
  const app = await startTestServer();
  await app.core.directory.createAccount('ann@lan', 'pw', 'Ann');
  const lists: SessionInfo[][] = [];
  const waiters: (() => void)[] = [];
  const detach = attachPanelEvents(app, (event, data) => {
    if (event !== 'sessions') return;
    lists.push(data as SessionInfo[]);
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (ok: (l: SessionInfo[]) => boolean) => {
    while (!ok(lists.at(-1) ?? [])) await new Promise<void>((r) => waiters.push(r));
  };
  const c = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'ann@lan', password: 'pw', version: 'MSNP16' });
  await until((l) => l.length === 1 && l[0]!.account === 'ann@lan' && l[0]!.dialect === 'MSNP16');
  assert.equal(lists.at(-1)![0]!.client, 'macmsgs 8.0.1 (mac 10.14.6)');
  c.socket.destroy(); // gone without a line
  await until((l) => l.length === 0);
  detach();
  await app.cleanup();
});

test('lists events name the one entry that changed, for both sides; a new account has none', async () => {
  const app = await startTestServer();
  const seen: unknown[] = [];
  const detach = attachPanelEvents(app, (event, data) => {
    if (event === 'lists') seen.push(data);
  });
  try {
    const ann = await app.core.directory.createAccount('ann@lan', 'pw', 'Ann');
    const bob = await app.core.directory.createAccount('bob@lan', 'pw', 'Bob');
    assert.deepEqual(seen.splice(0), [{ email: 'ann@lan' }, { email: 'bob@lan' }]);
    app.core.directory.addToLists(ann.id, bob.id, 1);
    // Ann's entry for Bob, and Bob's entry for Ann (his reverse list): no list has to be fetched whole.
    assert.deepEqual(seen.splice(0), [
      { email: 'ann@lan', contact: 'bob@lan' },
      { email: 'bob@lan', contact: 'ann@lan' },
    ]);
  } finally {
    detach();
    await app.cleanup();
  }
});

test('deleting an account says which: the panel takes out one row instead of fetching every account', async () => {
  const app = await startTestServer();
  const seen: unknown[] = [];
  const detach = attachPanelEvents(app, (event, data) => {
    if (event === 'accountsChanged') seen.push(data);
  });
  try {
    const gone = await app.core.directory.createAccount('gone@lan', 'pw', 'Gone');
    app.core.directory.deleteAccount(gone.id);
    assert.deepEqual(seen, [{ deleted: 'gone@lan' }]);
  } finally {
    detach();
    await app.cleanup();
  }
});
