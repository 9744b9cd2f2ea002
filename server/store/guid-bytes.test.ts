// GUIDs held as 16 bytes come back exactly as SQLite holds them: canonical ones through the bytes,
// anything else as the text it was, through every change a list goes through.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { formatGuid, GUID_BYTES, packGuid } from './guid-bytes';
import { OwnerList } from './owner-list';
import { openDatabase } from './db';
import { ListsStore } from './lists-store';
import { UsersStore } from './users-store';
import { List } from '../core/model';

test('a canonical GUID packs to 16 bytes and formats back to the same text', () => {
  const out = new Uint8Array(GUID_BYTES * 2);
  fc.assert(
    fc.property(fc.uuid(), (uuid) => {
      const g = uuid.toLowerCase();
      assert.ok(packGuid(g, out, GUID_BYTES));
      assert.equal(formatGuid(out, GUID_BYTES), g);
    }),
  );
  assert.ok(packGuid('00000000-0000-0000-0000-000000000000', out, 0));
  assert.deepEqual([...out.subarray(0, GUID_BYTES)], new Array(16).fill(0));
  assert.ok(packGuid('ffffffff-ffff-ffff-ffff-ffffffffffff', out, 0));
  assert.equal(formatGuid(out, 0), 'ffffffff-ffff-ffff-ffff-ffffffffffff');
});

test('text that is not a canonical GUID is refused by packGuid (kept as text by a list)', () => {
  const out = new Uint8Array(GUID_BYTES);
  for (const odd of [
    '4B1C5C3E-0B9A-4B8E-9A53-3F6FD0B8E1C2', // uppercase
    '{4b1c5c3e-0b9a-4b8e-9a53-3f6fd0b8e1c2}',
    '4b1c5c3e0b9a4b8e9a533f6fd0b8e1c2',
    '4b1c5c3e-0b9a-4b8e-9a53-3f6fd0b8e1cg',
    '4b1c5c3e-0b9a-4b8e-9a53_3f6fd0b8e1c2',
    '',
    'x'.repeat(36),
    '4b1c5c3e-0b9a-4b8e-9a53-3f6fd0b8e1\u00e9',
  ]) assert.equal(packGuid(odd, out, 0), false, odd);
});

test('a list gives back every GUID (canonical or not), nickname and groups exactly, across puts, deletes and growth', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          id: fc.integer({ min: 1, max: 30 }),
          guid: fc.oneof(fc.uuid().map((u) => u.toLowerCase()), fc.uuid(), fc.string({ maxLength: 40 })),
          del: fc.boolean(),
          nickname: fc.constantFrom('', '', 'Bobby'),
          groups: fc.constantFrom<string[]>([], [], ['g1'], ['g1', 'g2']),
        }),
        { maxLength: 80 },
      ),
      (ops) => {
        const list = new OwnerList(1, (id) => `u${id}@lan`);
        // What the list must hold, in order: a put of a contact there replaces in place.
        const model: [number, string, string, string[]][] = [];
        for (const op of ops) {
          const at = model.findIndex(([id]) => id === op.id);
          if (op.del) {
            list.delete(op.id);
            if (at >= 0) model.splice(at, 1);
          } else {
            list.put(op.id, { lists: List.FL, nickname: op.nickname, guid: op.guid, groups: op.groups, changeSeq: 1 });
            if (at >= 0) model[at] = [op.id, op.guid, op.nickname, op.groups];
            else model.push([op.id, op.guid, op.nickname, op.groups]);
          }
        }
        assert.deepEqual(list.entries().map((e) => [e.contactId, e.guid, e.nickname, [...e.groups]]), model);
        list.dropGroup('g1');
        assert.deepEqual(
          list.entries().map((e) => [...e.groups]),
          model.map(([, , , gs]) => gs.filter((g) => g !== 'g1')),
        );
        for (const [, g] of model) assert.equal(list.entryByGuid(g)?.guid, g);
      },
    ),
  );
});

test('entryByGuid finds the contact by its exact text only, as before', () => {
  const list = new OwnerList(1, (id) => `u${id}@lan`);
  const a = randomUUID();
  list.put(2, { lists: List.FL, nickname: '', guid: a, groups: [], changeSeq: 1 });
  list.put(3, { lists: List.FL, nickname: '', guid: 'legacy-guid', groups: [], changeSeq: 1 });
  assert.equal(list.entryByGuid(a)?.contactId, 2);
  assert.equal(list.entryByGuid(a.toUpperCase()), undefined);
  assert.equal(list.entryByGuid('legacy-guid')?.contactId, 3);
  // The odd GUID's slot holds zeros: a zero GUID must not find it.
  assert.equal(list.entryByGuid('00000000-0000-0000-0000-000000000000'), undefined);
  list.delete(2);
  assert.equal(list.entryByGuid(a), undefined);
  assert.equal(list.entry(3)!.guid, 'legacy-guid');
});

test('a list read from SQLite gives the GUIDs SQLite holds', () => {
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const ids = Array.from({ length: 45 }, (_, i) => users.create(`u${i}@lan`, 'scrypt$x', `u${i}`).id);
  const writer = new ListsStore(db);
  for (const c of ids.slice(1)) writer.setLists(ids[0]!, c, List.FL | List.AL);
  db.prepare('UPDATE contacts SET guid = ? WHERE owner_id = ? AND contact_id = ?').run('Imported-From-Elsewhere', ids[0], ids[7]);
  const rows = db.prepare('SELECT contact_id, guid FROM contacts WHERE owner_id = ? ORDER BY created_at, rowid').all(ids[0]) as {
    contact_id: number;
    guid: string;
  }[];
  const lists = new ListsStore(db);
  assert.deepEqual(
    lists.entries(ids[0]!).map((e) => [e.contactId, e.guid]),
    rows.map((r) => [r.contact_id, r.guid]),
  );
  for (const r of rows) assert.equal(lists.entryByGuid(ids[0]!, r.guid)?.contactId, r.contact_id);
  db.close();
});
