// Accounts: rows of the users table, as core User objects.
import { randomUUID } from 'node:crypto';
import type { Db } from './db';
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

function toUser(r: UserRow): User {
  return {
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
  };
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
  constructor(private readonly db: Db) {}

  create(email: string, passwordHash: string, friendlyName: string): User {
    const info = this.db
      .prepare(
        'INSERT INTO users (email, guid, password_hash, friendly_name, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(email, randomUUID(), passwordHash, friendlyName, Date.now());
    return this.byId(Number(info.lastInsertRowid))!;
  }

  byId(id: number): User | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r && toUser(r);
  }

  byEmail(email: string): User | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
    return r && toUser(r);
  }

  all(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser);
  }

  passwordHash(id: number): string | undefined {
    const r = this.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(id) as
      | { password_hash: string }
      | undefined;
    return r?.password_hash;
  }

  setPasswordHash(id: number, hash: string): void {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, id);
  }

  update(id: number, changes: UserUpdate): void {
    const keys = (Object.keys(changes) as (keyof UserUpdate)[]).filter((k) => changes[k] !== undefined);
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${UPDATABLE[k]} = @${k}`).join(', ');
    this.db.prepare(`UPDATE users SET ${sets} WHERE id = @id`).run({ ...pick(changes, keys), id });
  }

  bumpListVersion(id: number): number {
    const r = this.db
      .prepare('UPDATE users SET list_version = list_version + 1, lists_changed_at = ? WHERE id = ? RETURNING list_version')
      .get(Date.now(), id) as { list_version: number };
    return r.list_version;
  }

  /** Phone numbers and mobile settings (PRP PHH/PHW/PHM/MOB/MBE…); an empty value removes one. */
  setProperty(id: number, key: string, value: string): void {
    if (value === '') this.db.prepare('DELETE FROM user_properties WHERE user_id = ? AND key = ?').run(id, key);
    else
      this.db
        .prepare(
          'INSERT INTO user_properties (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value',
        )
        .run(id, key, value);
  }

  properties(id: number): Record<string, string> {
    const rows = this.db.prepare('SELECT key, value FROM user_properties WHERE user_id = ? ORDER BY key').all(id) as {
      key: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}
