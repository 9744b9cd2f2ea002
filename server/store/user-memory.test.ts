// Accounts held in memory (every signed-in user and their contacts) share the few short values
// all accounts have alike (status, BLP, GTC) instead of holding a copy of each per account.
import test from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openDatabase } from './db';
import { UsersStore } from './users-store';

test('a cached account costs under 310 bytes: status, BLP and GTC are shared strings', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const db = openDatabase(':memory:');
  const writer = new UsersStore(db);
  const ids = Array.from({ length: 2001 }, (_, i) => writer.create(`user${i}@example.com`, 'scrypt$x', `User ${i}`).id);
  const users = new UsersStore(db);
  users.byId(ids[2000]!); // the statements exist before the measure
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = ids.slice(0, 2000).map((id) => users.byId(id)!);
  gc();
  const perUser = (process.memoryUsage().heapUsed - before) / 2000;
  assert.equal(held.length, 2000);
  assert.deepEqual([held[0]!.panelStatus, held[0]!.blp, held[0]!.gtc], [held[1999]!.panelStatus, held[1999]!.blp, held[1999]!.gtc]);
  console.log(`accounts: ${perUser.toFixed(0)} bytes each`);
  assert.ok(perUser < 310, `${perUser.toFixed(0)} bytes an account`);
  db.close();
});
