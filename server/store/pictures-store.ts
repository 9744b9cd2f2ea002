// Display pictures: one 96×96 PNG per account, kept in SQLite so they survive restarts, and held
// in memory too (presence fan-out and switchboard transfers read them without a query).
import type { Db } from './db';

/** Appended to MIGRATIONS (db.ts): the display_pictures table. Depends only on users. */
export const PICTURES_MIGRATION = `
  CREATE TABLE display_pictures (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    png BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
`;

export interface StoredPicture {
  png: Buffer;
  updatedAt: number;
}

export class PicturesStore {
  private readonly cache = new Map<number, StoredPicture>();
  private readonly upsert;
  private readonly remove;

  constructor(db: Db) {
    const rows = db.prepare('SELECT user_id, png, updated_at FROM display_pictures').all() as {
      user_id: number;
      png: Buffer;
      updated_at: number;
    }[];
    for (const r of rows) this.cache.set(r.user_id, { png: r.png, updatedAt: r.updated_at });
    this.upsert = db.prepare(
      'INSERT INTO display_pictures (user_id, png, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT(user_id) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare('DELETE FROM display_pictures WHERE user_id = ?');
  }

  get(userId: number): StoredPicture | undefined {
    return this.cache.get(userId);
  }

  set(userId: number, png: Buffer): StoredPicture {
    const pic = { png: Buffer.from(png), updatedAt: Date.now() };
    this.upsert.run(userId, pic.png, pic.updatedAt);
    this.cache.set(userId, pic);
    return pic;
  }

  /** True when there was one to delete. */
  delete(userId: number): boolean {
    this.remove.run(userId);
    return this.cache.delete(userId);
  }
}
