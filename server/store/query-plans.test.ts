// Every statement on a hot path (sign-in, lists, presence fan-out) is answered through an index:
// SQLite's own query plan must show no full table scan, and every foreign key has an index on its
// child columns (otherwise each cascading delete scans the child table).
import test from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Db } from './db';
import { LISTS_SQL } from './lists-store';
import { USERS_SQL } from './users-store';

/** Statements allowed to read a whole table, and why none of them is on a hot path. */
const WHOLE_TABLE_OK: Record<string, string> = {
  [USERS_SQL.all]: 'the panel lists every account on request',
};

function plan(db: Db, sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

/** "SCAN t" is a full scan; "SCAN t USING INDEX" walks an index in order (still every row). */
function fullScans(details: string[]): string[] {
  return details.filter((d) => /^SCAN /.test(d) && !/^SCAN CONSTANT ROW/.test(d));
}

test('no hot-path statement scans a whole table (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase(':memory:');
  const statements = { ...LISTS_SQL, ...USERS_SQL };
  const offenders: string[] = [];
  for (const [name, sql] of Object.entries(statements)) {
    if (WHOLE_TABLE_OK[sql] || !/^\s*(SELECT|UPDATE|DELETE|INSERT)/i.test(sql)) continue;
    const scans = fullScans(plan(db, sql));
    if (scans.length) offenders.push(`${name}: ${scans.join('; ')}`);
  }
  assert.deepEqual(offenders, []);
  db.close();
});

test('the lists query finds an entry\'s groups by index, not by scanning group_members', () => {
  const db = openDatabase(':memory:');
  const details = plan(db, LISTS_SQL.entry).join('\n');
  assert.match(details, /SEARCH gm USING (COVERING )?INDEX group_members_by_contact/);
  db.close();
});

test('every foreign key has an index on its child columns (cascades never scan)', () => {
  const db = openDatabase(':memory:');
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  const missing: string[] = [];
  for (const table of tables) {
    const fks = db.prepare(`SELECT id, "from" AS col, seq FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(table) as {
      id: number;
      col: string;
    }[];
    const byKey = new Map<number, string[]>();
    for (const fk of fks) byKey.set(fk.id, [...(byKey.get(fk.id) ?? []), fk.col]);
    const indexes = (db.prepare('SELECT name FROM pragma_index_list(?)').all(table) as { name: string }[]).map(
      (ix) => (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as { name: string }[]).map((c) => c.name),
    );
    // A rowid alias (INTEGER PRIMARY KEY) is its own index.
    const pk = (db.prepare('SELECT name, pk, type FROM pragma_table_info(?)').all(table) as { name: string; pk: number; type: string }[])
      .filter((c) => c.pk === 1 && c.type.toUpperCase() === 'INTEGER')
      .map((c) => [c.name]);
    for (const cols of byKey.values()) {
      const covered = [...indexes, ...pk].some((ix) => cols.every((c) => ix.slice(0, cols.length).includes(c)));
      if (!covered) missing.push(`${table}(${cols.join(', ')})`);
    }
  }
  assert.deepEqual(missing, []);
  db.close();
});
