// Prepared statements, compiled once per database and reused (compiling SQL again on every call
// was a fifth of the server's busy time), and the one transaction helper that keeps the in-memory
// caches (users, lists) honest when SQLite rolls a transaction back.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** The statement for `sql` on `db`, prepared on first use and kept. */
export function stmt(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Every SQL text prepared so far on `db` (the query-plan test walks them). */
export function preparedSql(db: Db): string[] {
  return [...(caches.get(db)?.keys() ?? [])];
}

/** A memory cache that mirrors rows; dropped (and lazily reloaded) when its writes were rolled back. */
export interface RowCache {
  reset(): void;
}

interface TxState {
  caches: Set<RowCache>;
  /** Bumped on every cache write made inside a transaction. */
  writes: number;
}

const txStates = new WeakMap<Db, TxState>();

function state(db: Db): TxState {
  let s = txStates.get(db);
  if (!s) txStates.set(db, (s = { caches: new Set(), writes: 0 }));
  return s;
}

export function registerCache(db: Db, cache: RowCache): void {
  state(db).caches.add(cache);
}

/** A cache changed its memory after a successful write: noted so a later rollback can drop it. */
export function noteCacheWrite(db: Db): void {
  state(db).writes++;
}

/**
 * Runs `fn` in one SQLite transaction (nested calls become savepoints). BEGIN IMMEDIATE: the
 * write lock is taken first, waiting (busy timeout) while the history's writer thread commits; a
 * deferred transaction that read before that commit and wrote after it would fail at once with
 * SQLITE_BUSY_SNAPSHOT (history-writer.ts, statements.test.ts). The caches write through
 * in the same transaction; if it fails after one of them changed, their memory is dropped and
 * reloaded from the database on next use, so memory never holds what SQLite rolled back.
 */
export function transaction<T>(db: Db, fn: () => T): T {
  const s = state(db);
  const before = s.writes;
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    if (s.writes !== before) for (const c of s.caches) c.reset();
    throw e;
  }
}

/** Drops every cache of `db` (after a change that cascades through many rows, e.g. deleting an account). */
export function dropCaches(db: Db): void {
  noteCacheWrite(db);
  for (const c of state(db).caches) c.reset();
}
