// Memory follows who is signed in: when a client signs out, the core lets go of that user's list
// and watcher set (they come back from SQLite when next needed), and what others see is unchanged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { signInMac } from '../test-support/mac-client';
import { List } from './model';

test('signing out releases the lists held for that user', async () => {
  const app = await startTestServer();
  try {
    const d = app.core.directory;
    const alice = await d.createAccount('alice@lan', 'pw-a', 'Alice');
    const bob = await d.createAccount('bob@lan', 'pw-b', 'Bob');
    d.addToLists(alice.id, bob.id, List.FL | List.AL);
    d.addToLists(bob.id, alice.id, List.FL | List.AL);
    const a = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'alice@lan', password: 'pw-a' });
    const b = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'pw-b' });
    await a.until('NLN NLN bob@lan');
    assert.deepEqual(app.core.lists.held(), { lists: 2, watched: 2 });
    b.send('OUT');
    await a.until('FLN bob@lan');
    assert.deepEqual(app.core.lists.held(), { lists: 1, watched: 1 });
    // Bob's list comes back from SQLite when he signs in again, and Alice sees him again.
    const b2 = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'pw-b' });
    await a.until('NLN NLN bob@lan');
    assert.equal(app.core.lists.entry(bob.id, alice.id)?.lists, List.FL | List.AL | List.RL);
    a.close();
    b2.close();
  } finally {
    await app.cleanup();
  }
});
