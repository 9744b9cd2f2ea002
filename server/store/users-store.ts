// Accounts: rows of the users table, as core User objects. Each account read is kept in memory
// (frozen) and written through: sign-in and presence fan-out read names, status and privacy per
// watcher and must not run SQL for it.
import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import { dropCaches, noteCacheWrite, registerCache, stmt } from './statements';
import type { Blp, Gtc, Status, User } from '../core/model';

interface UserRow {
  id: number;
  email: string;
  guid: string;
  password_hash: string;
  friendly_name: string;
  panel_status: Status;
  psm: string;
  current_media: string;
  blp: Blp;
  gtc: Gtc;
  list_version: number;
  lists_changed_at: number;
  created_at: number;
}

const USER_COLUMNS =
  'id, email, guid, friendly_name, panel_status, psm, current_media, blp, gtc, list_version, lists_changed_at, created_at';

/** The statements behind accounts, by purpose (the query-plan test checks each one). */
export const USERS_SQL = {
  create: 'INSERT INTO users (email, guid, password_hash, friendly_name, created_at) VALUES (?, ?, ?, ?, ?)',
  byId: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
  byEmail: `SELECT ${USER_COLUMNS} FROM users WHERE email = ?`,
  all: `SELECT ${USER_COLUMNS} FROM users ORDER BY id`,
  passwordHash: 'SELECT password_hash FROM users WHERE id = ?',
  setPasswordHash: 'UPDATE users SET password_hash = ? WHERE id = ?',
  bumpListVersion: 'UPDATE users SET list_version = list_version + 1, lists_changed_at = ? WHERE id = ? RETURNING list_version',
  deleteProperty: 'DELETE FROM user_properties WHERE user_id = ? AND key = ?',
  setProperty:
    'INSERT INTO user_properties (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value',
  properties: 'SELECT key, value FROM user_properties WHERE user_id = ? ORDER BY key',
  delete: 'DELETE FROM users WHERE id = ?',
} as const;

function toUser(r: Omit<UserRow, 'password_hash'>): User {
  return Object.freeze({
    id: r.id,
    email: r.email,
    guid: r.guid,
    friendlyName: r.friendly_name,
    panelStatus: r.panel_status,
    psm: r.psm,
    currentMedia: r.current_media,
    blp: r.blp,
    gtc: r.gtc,
    listVersion: r.list_version,
    listsChangedAt: r.lists_changed_at || r.created_at,
    createdAt: r.created_at,
  });
}

/** Columns a caller may change, by User field name. */
const UPDATABLE = {
  friendlyName: 'friendly_name',
  panelStatus: 'panel_status',
  psm: 'psm',
  currentMedia: 'current_media',
  blp: 'blp',
  gtc: 'gtc',
} as const;
export type UserUpdate = Partial<Pick<User, keyof typeof UPDATABLE>>;

export class UsersStore {
  private readonly byIdCache = new Map<number, User>();
  /** Lower-cased address -> id (the column is COLLATE NOCASE). */
  private readonly idByEmail = new Map<string, number>();

  constructor(private readonly db: Db) {
    registerCache(db, this);
  }

  reset(): void {
    this.byIdCache.clear();
    this.idByEmail.clear();
  }

  create(email: string, passwordHash: string, friendlyName: string): User {
    const info = stmt(this.db, USERS_SQL.create).run(email, randomUUID(), passwordHash, friendlyName, Date.now());
    return this.byId(Number(info.lastInsertRowid))!;
  }

  byId(id: number): User | undefined {
    const cached = this.byIdCache.get(id);
    if (cached) return cached;
    const r = stmt(this.db, USERS_SQL.byId).get(id) as UserRow | undefined;
    return r && this.keep(toUser(r));
  }

  byEmail(email: string): User | undefined {
    const id = this.idByEmail.get(email.toLowerCase());
    if (id !== undefined) return this.byId(id);
    const r = stmt(this.db, USERS_SQL.byEmail).get(email) as UserRow | undefined;
    return r && (this.byIdCache.get(r.id) ?? this.keep(toUser(r)));
  }

  all(): User[] {
    return (stmt(this.db, USERS_SQL.all).all() as UserRow[]).map((r) => this.byIdCache.get(r.id) ?? toUser(r));
  }

  /** Not kept in memory: read once per sign-in, and nothing else needs it. */
  passwordHash(id: number): string | undefined {
    const r = stmt(this.db, USERS_SQL.passwordHash).get(id) as { password_hash: string } | undefined;
    return r?.password_hash;
  }

  setPasswordHash(id: number, hash: string): void {
    stmt(this.db, USERS_SQL.setPasswordHash).run(hash, id);
  }

  update(id: number, changes: UserUpdate): void {
    const keys = (Object.keys(changes) as (keyof UserUpdate)[]).filter((k) => changes[k] !== undefined);
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${UPDATABLE[k]} = @${k}`).join(', ');
    stmt(this.db, `UPDATE users SET ${sets} WHERE id = @id`).run({ ...pick(changes, keys), id });
    this.patch(id, pick(changes, keys));
  }

  bumpListVersion(id: number): number {
    const now = Date.now();
    const r = stmt(this.db, USERS_SQL.bumpListVersion).get(now, id) as { list_version: number };
    this.patch(id, { listVersion: r.list_version, listsChangedAt: now });
    return r.list_version;
  }

  /** Phone numbers and mobile settings (PRP PHH/PHW/PHM/MOB/MBE…); an empty value removes one. */
  setProperty(id: number, key: string, value: string): void {
    if (value === '') stmt(this.db, USERS_SQL.deleteProperty).run(id, key);
    else stmt(this.db, USERS_SQL.setProperty).run(id, key, value);
  }

  properties(id: number): Record<string, string> {
    const rows = stmt(this.db, USERS_SQL.properties).all(id) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  delete(id: number): void {
    stmt(this.db, USERS_SQL.delete).run(id);
    // Its rows in every list went with it (ON DELETE CASCADE): every cache reloads.
    dropCaches(this.db);
  }

  private keep(user: User): User {
    this.byIdCache.set(user.id, user);
    this.idByEmail.set(user.email.toLowerCase(), user.id);
    return user;
  }

  private patch(id: number, changes: Partial<User>): void {
    noteCacheWrite(this.db);
    const old = this.byIdCache.get(id);
    if (old) this.byIdCache.set(id, Object.freeze({ ...old, ...changes }));
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}
