// List entries are the bulk of a signed-in user's memory (40 for 20 mutual contacts): those in no
// group share one frozen empty array instead of one each; group changes still give each its own.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from './db';
import { ListsStore } from './lists-store';
import { UsersStore } from './users-store';
import { List } from '../core/model';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

test('entries without groups share one frozen array; adding to and leaving a group still works', () => {
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const [a, b, c] = ['a@lan', 'b@lan', 'c@lan'].map((e) => users.create(e, 'scrypt$x', e).id) as [number, number, number];
  const writer = new ListsStore(db);
  writer.setLists(a, b, List.FL | List.AL);
  writer.setLists(a, c, List.FL);
  const lists = new ListsStore(db); // reads from SQLite
  const [eb, ec] = lists.entries(a);
  assert.deepEqual([eb!.groups, ec!.groups], [[], []]);
  assert.equal(eb!.groups, ec!.groups, 'one shared array');
  assert.ok(Object.isFrozen(eb!.groups));
  const g = lists.addGroup(a, 'Friends');
  lists.addToGroup(a, b, g.id);
  assert.deepEqual(lists.entry(a, b)!.groups, [g.id]);
  assert.deepEqual(lists.entry(a, c)!.groups, [], 'the shared array was not touched');
  assert.deepEqual(new ListsStore(db).entry(a, b)!.groups, [g.id]);
  lists.removeFromGroup(a, b, g.id);
  assert.deepEqual(lists.entry(a, b)!.groups, []);
  db.close();
});

test('a list and a watcher set past the small size (arrays -> Map) stay what SQLite says', () => {
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const star = users.create('star@lan', 'scrypt$x', 'star').id;
  const fans = Array.from({ length: 100 }, (_, i) => users.create(`fan${i}@lan`, 'scrypt$x', `fan${i}`).id);
  const lists = new ListsStore(db);
  assert.deepEqual(lists.entries(star), []);
  assert.deepEqual(lists.ownersWith(star, List.FL), []); // both held (empty) before the writes
  for (const f of fans) {
    lists.setLists(star, f, List.FL | List.AL);
    lists.setLists(f, star, List.FL);
  }
  for (const f of fans.filter((_, i) => i % 3 === 0)) {
    lists.setLists(star, f, 0);
    lists.setLists(f, star, List.RL);
  }
  const fresh = new ListsStore(db);
  assert.deepEqual(lists.entries(star), fresh.entries(star));
  assert.deepEqual(lists.ownersWith(star, List.FL), fresh.ownersWith(star, List.FL));
  assert.equal(lists.ownersWith(star, List.FL).length, 66);
  assert.equal(lists.entry(star, fans[99]!), undefined);
  assert.equal(lists.entry(star, fans[98]!)!.lists, List.FL | List.AL);
  assert.equal(lists.listersOf(star).get(fans[0]!), List.RL);
  // Fan-out's per-watcher question, through the big list's index, after deletes shifted it.
  assert.equal(lists.bitsOf(star, fans[98]!), List.FL | List.AL);
  assert.equal(lists.bitsOf(star, fans[99]!), 0);
  assert.deepEqual(fans.map((f) => lists.bitsOf(star, f)), fans.map((f) => fresh.entry(star, f)?.lists ?? 0));
  lists.setLists(star, fans[99]!, List.AL); // back, last
  assert.equal(lists.bitsOf(star, fans[99]!), List.AL);
  assert.equal(lists.entries(star).at(-1)!.contactId, fans[99]);
  db.close();
});

test('lists held in memory cost under 80 bytes a contact, GUID included (columns, the GUID as 16 bytes, no nickname or group column while all are empty)', () => {
  // 300 owners with 40 contacts each, as the bench's 1,000 clients with 20 mutual contacts.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const ids = Array.from({ length: 340 }, (_, i) => users.create(`u${i}@lan`, 'scrypt$x', `u${i}`).id);
  const writer = new ListsStore(db);
  const owners = ids.slice(0, 300);
  for (const [n, o] of owners.entries()) for (let k = 1; k <= 40; k++) writer.setLists(o, ids[n + k]!, List.FL | List.AL);
  const lists = new ListsStore(db);
  lists.entries(ids[339]!); // the statements and the addresses' map exist before the measure
  gc();
  gc(); // twice: the second finds the first one's pages swept (slow under load, it would count garbage as used)
  // The GUIDs' bytes live outside the JS heap (an ArrayBuffer's store): both are counted.
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const held = owners.map((o) => lists.entries(o).length);
  gc();
  gc();
  const perContact = (used() - before) / (owners.length * 40);
  assert.deepEqual(new Set(held), new Set([40]));
  assert.equal(lists.held().lists, 301);
  console.log(`lists: ${perContact.toFixed(0)} bytes a contact`);
  assert.ok(perContact < 80, `${perContact.toFixed(0)} bytes a contact`);
  db.close();
});
