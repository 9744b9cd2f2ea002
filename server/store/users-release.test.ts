// After a crowd leaves, the accounts of users who signed out leave memory (the heap trimmer asks
// for it, limits/heap-trim.ts) and come back from SQLite exactly as they are there; those still
// signed in stay cached. Then a real server: two clients sign in, one signs out, and only the one
// still signed in (and what his own sign-in read) is held.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from './db';
import { UsersStore } from './users-store';
import type { User } from '../core/model';
import { startTestServer } from '../test-support/test-server';
import { signInWithTicket } from '../../bench/ticket-client';

test('released accounts are read again from SQLite exactly, kept ones stay cached', () => {
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const [a, b, c] = ['a@lan', 'b@lan', 'c@lan'].map((e) => users.create(e, 'scrypt$x', e)) as [User, User, User];
  users.update(b.id, { friendlyName: 'Bee', psm: 'away for a bit' });
  users.bumpListVersion(c.id);
  const before = [a, b, c].map((u) => users.byId(u.id));
  assert.equal(users.cachedCount, 3);

  assert.equal(users.releaseExcept((id) => id === a.id), 2);
  assert.equal(users.cachedCount, 1, 'only the kept account is held');
  assert.equal(users.byId(a.id), before[0], 'the kept account is the same object');

  // Read again, by id and by address (any case), they are what SQLite holds: what was cached.
  assert.deepEqual(users.byEmail('B@LAN'), before[1]);
  assert.deepEqual(users.byId(c.id), before[2]);
  assert.deepEqual(users.byId(c.id), new UsersStore(db).byId(c.id));
  assert.equal(users.cachedCount, 3, 'read again, they are cached again');

  // A write to a released account reaches SQLite, and the reload has it.
  users.releaseExcept(() => false);
  users.update(b.id, { friendlyName: 'Bea' });
  assert.equal(users.byEmail('b@lan')?.friendlyName, 'Bea');
  assert.equal(users.cachedCount, 1);
  db.close();
});

test('a real server: after one of two clients signs out, only accounts of signed-in users stay', async () => {
  const app = await startTestServer();
  try {
    const alice = app.core.directory.createAccountWithHash('alice@lan', 'scrypt$x', 'alice@lan');
    const bob = app.core.directory.createAccountWithHash('bob@lan', 'scrypt$x', 'bob@lan');
    const ticket = (id: number) => app.core.tickets.issue(id, 'messenger');
    const ca = await signInWithTicket(app.ports.ns, 'alice@lan', ticket(alice.id));
    const cb = await signInWithTicket(app.ports.ns, 'bob@lan', ticket(bob.id));
    assert.ok(app.core.users.cachedCount >= 2);
    cb.send('OUT');
    await cb.waitClosed();
    for (let i = 0; i < 100 && app.core.presence.isSignedIn(bob.id); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(app.core.presence.isSignedIn(bob.id), false);

    const held = app.core.users.cachedCount;
    assert.equal(app.core.releaseOfflineAccounts(), held - 1);
    assert.equal(app.core.users.cachedCount, 1, 'alice only');
    assert.equal(app.core.users.byEmail('bob@lan')?.id, bob.id, 'bob reads again from SQLite');
    ca.close();
  } finally {
    await app.cleanup();
  }
});
