// The lists and accounts held in memory always say what SQLite says: after every kind of write,
// after a rolled-back transaction, after an account is deleted; and once read they are served
// without running SQL (presence fan-out reads them per watcher).
import test from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from './db';
import { ListsStore } from './lists-store';
import { UsersStore } from './users-store';
import { transaction } from './statements';
import { List } from '../core/model';

function setup(): { db: Db; users: UsersStore; lists: ListsStore; ids: number[] } {
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const lists = new ListsStore(db);
  const ids = ['a@lan', 'b@lan', 'c@lan', 'd@lan'].map((e) => users.create(e, 'scrypt$x', e).id);
  return { db, users, lists, ids };
}

/** What a store that never cached anything reads from the database now. */
function fresh(db: Db, ownerId: number) {
  const lists = new ListsStore(db);
  return { entries: lists.entries(ownerId), groups: lists.groups(ownerId), owners: lists.ownersWith(ownerId, List.FL) };
}

function cached(lists: ListsStore, ownerId: number) {
  return { entries: lists.entries(ownerId), groups: lists.groups(ownerId), owners: lists.ownersWith(ownerId, List.FL) };
}

test('every write keeps memory and SQLite the same', () => {
  const { db, lists, ids } = setup();
  const [a, b, c, d] = ids as [number, number, number, number];
  for (const id of ids) cached(lists, id); // load everything first, so writes must update memory
  lists.setLists(a, b, List.FL | List.AL);
  lists.setLists(a, c, List.FL);
  lists.setLists(b, a, List.RL);
  lists.setLists(c, a, List.FL);
  const friends = lists.addGroup(a, 'Friends');
  const work = lists.addGroup(a, 'Work');
  lists.addToGroup(a, b, friends.id);
  lists.addToGroup(a, b, work.id);
  lists.addToGroup(a, c, work.id);
  lists.setNickname(a, b, 'Bobby');
  lists.renameGroup(a, work.id, 'Office');
  lists.removeFromGroup(a, b, friends.id);
  lists.removeGroup(a, work.id);
  lists.setLists(a, d, List.FL);
  lists.setLists(a, c, 0);
  lists.setLists(a, b, List.AL);
  for (const id of ids) assert.deepEqual(cached(lists, id), fresh(db, id), `user ${id}`);
  assert.deepEqual(lists.entry(a, b)?.nickname, 'Bobby');
  assert.deepEqual(lists.entry(a, b)?.groups, []);
  assert.deepEqual(lists.groups(a).map((g) => g.name), ['Friends']);
});

test('a rolled-back transaction leaves memory as SQLite has it', () => {
  const { db, users, lists, ids } = setup();
  const [a, b] = ids as [number, number];
  lists.setLists(a, b, List.FL);
  cached(lists, a);
  cached(lists, b);
  assert.throws(() =>
    transaction(db, () => {
      lists.setLists(a, b, List.FL | List.BL);
      lists.setLists(b, a, List.RL);
      users.update(a, { friendlyName: 'Changed' });
      throw new Error('refused half-way');
    }),
  );
  assert.equal(lists.entry(a, b)?.lists, List.FL);
  assert.equal(lists.entry(b, a), undefined);
  assert.deepEqual(lists.ownersWith(b, List.FL), [a]);
  assert.equal(users.byId(a)?.friendlyName, 'a@lan');
});

test('deleting an account drops it from every list held in memory', () => {
  const { db, users, lists, ids } = setup();
  const [a, b] = ids as [number, number];
  lists.setLists(a, b, List.FL);
  lists.setLists(b, a, List.RL);
  cached(lists, a);
  cached(lists, b);
  users.delete(b);
  assert.equal(lists.entry(a, b), undefined);
  assert.equal(users.byId(b), undefined);
  assert.equal(users.byEmail('B@LAN'), undefined);
  assert.deepEqual(cached(lists, a), fresh(db, a));
});

test('accounts and lists, once read, are served without SQL', () => {
  const { lists, users, ids } = setup();
  const [a, b] = ids as [number, number];
  lists.setLists(a, b, List.FL);
  lists.setLists(b, a, List.RL);
  users.byEmail('a@lan');
  cached(lists, a);
  cached(lists, b);
  const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  let calls = 0;
  const originals = { get: proto.get!, all: proto.all!, run: proto.run! };
  for (const k of ['get', 'all', 'run'] as const) {
    proto[k] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return originals[k].apply(this, args);
    };
  }
  try {
    for (let i = 0; i < 100; i++) {
      lists.ownersWith(b, List.FL);
      lists.entry(b, a);
      lists.entry(a, b);
      users.byId(a);
      users.byEmail('A@lan');
    }
  } finally {
    Object.assign(proto, originals);
  }
  assert.equal(calls, 0);
});

test('a released user is read again from SQLite, unchanged', () => {
  const { db, lists, ids } = setup();
  const [a, b] = ids as [number, number];
  lists.setLists(a, b, List.FL);
  lists.setLists(b, a, List.RL);
  cached(lists, a);
  cached(lists, b);
  assert.deepEqual(lists.held(), { lists: 2, watched: 2 });
  lists.release(a);
  assert.deepEqual(lists.held(), { lists: 1, watched: 1 });
  assert.deepEqual(cached(lists, a), fresh(db, a));
});
