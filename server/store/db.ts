// Opens the SQLite database (WAL, foreign keys) and brings its schema up to date.
// This folder is the only code that knows SQL.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ADDRESS_BOOK_MIGRATION } from './ab-schema';
import { STORAGE_MIGRATION } from './storage-schema';
import { MD5_SECRET_MIGRATION } from './md5-secret-schema';
import { CREDENTIAL_GENERATION_MIGRATION } from './credential-stamps';
import { PERF_INDEXES_MIGRATION } from './perf-indexes';
import { stmt } from './statements';
import { OIM_AND_HISTORY_MIGRATION } from './oim-history-schema';
import { PICTURES_MIGRATION } from './pictures-store';

export type Db = Database.Database;

/** Each migration runs once, in order, inside a transaction; never edit one that has shipped. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    guid TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    panel_status TEXT NOT NULL DEFAULT 'FLN',
    psm TEXT NOT NULL DEFAULT '',
    current_media TEXT NOT NULL DEFAULT '',
    blp TEXT NOT NULL DEFAULT 'AL',
    gtc TEXT NOT NULL DEFAULT 'A',
    list_version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE contacts (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lists INTEGER NOT NULL,
    nickname TEXT NOT NULL DEFAULT '',
    guid TEXT NOT NULL,
    change_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (owner_id, contact_id)
  );
  CREATE INDEX contacts_by_contact ON contacts(contact_id);
  CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    change_seq INTEGER NOT NULL,
    UNIQUE (owner_id, number)
  );
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    owner_id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (group_id, contact_id),
    FOREIGN KEY (owner_id, contact_id) REFERENCES contacts(owner_id, contact_id) ON DELETE CASCADE
  );
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO settings (key, value) VALUES ('change_seq', '0');
  `,
  `
  CREATE TABLE user_properties (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
  );
  `,
  `
  ALTER TABLE users ADD COLUMN lists_changed_at INTEGER NOT NULL DEFAULT 0;
  `,
  ADDRESS_BOOK_MIGRATION,
  STORAGE_MIGRATION,
  MD5_SECRET_MIGRATION,
  CREDENTIAL_GENERATION_MIGRATION,
  PERF_INDEXES_MIGRATION,
  OIM_AND_HISTORY_MIGRATION,
  PICTURES_MIGRATION,
];

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a change is on disk before the client hears it was accepted.
  db.pragma('synchronous = FULL');
  // Another connection writes too (the history's writer thread, history-worker.ts): wait for its
  // commit rather than fail with SQLITE_BUSY; transactions here begin IMMEDIATE (statements.ts).
  db.pragma('busy_timeout = 5000');
  // SQLite's own page cache: 512 KB instead of 2 MB. Hot paths run from memory (the stores' caches),
  // so SQLite reads pages at sign-in and for the panel, and the system's file cache serves those
  // re-reads; the default 2 MB was ~4 MB of process memory kept after a LAN party (docs/performance.md).
  db.pragma('cache_size = -512');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The database was written by a newer Butterfly (schema ${current}, this one knows ${MIGRATIONS.length}). ` +
        'Update Butterfly, or point --data at another folder.',
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

/** Next value of the global change stamp: monotonic across restarts (for address-book deltas). */
export function nextChangeSeq(db: Db): number {
  const row = stmt(db, `UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq' RETURNING value`).get() as { value: string | number };
  return Number(row.value);
}

export function getSetting(db: Db, key: string): string | undefined {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
