// SQL for the storage service's own data (schema: storage-schema.ts): documents (user tiles),
// relationships between profile items, and when a profile's fields last changed. Statements are
// prepared once per database.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { transaction } from './statements';

export interface StoredDocument {
  id: number;
  userId: number;
  name: string;
  streamType: string;
  mimeType: string;
  data: Buffer;
  createdAt: number;
  modifiedAt: number;
}

export interface ProfileTimes {
  modifiedAt: number;
  nameModifiedAt: number;
  psmModifiedAt: number;
}

export interface StoredRelationship {
  sourceId: string;
  targetId: string;
  name: string;
}

/** Documents one account may keep (a tile and a few older ones; clients replace, not pile up). */
export const MAX_DOCUMENTS_PER_USER = 16;

interface DocumentRow {
  id: number;
  user_id: number;
  name: string;
  stream_type: string;
  mime_type: string;
  data: Buffer;
  created_at: number;
  modified_at: number;
}

const stores = new WeakMap<Db, StorageStore>();

export class StorageStore {
  private readonly statements = new Map<string, Statement>();

  private constructor(private readonly db: Db) {}

  static of(db: Db): StorageStore {
    let s = stores.get(db);
    if (!s) stores.set(db, (s = new StorageStore(db)));
    return s;
  }

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** When the profile and its fields last changed; `since` (the account's creation) until they do. */
  profileTimes(userId: number, since: number): ProfileTimes {
    const r = this.q('SELECT modified_at, name_modified_at, psm_modified_at FROM storage_profiles WHERE user_id = ?').get(userId) as
      | { modified_at: number; name_modified_at: number; psm_modified_at: number }
      | undefined;
    return r
      ? { modifiedAt: r.modified_at, nameModifiedAt: r.name_modified_at, psmModifiedAt: r.psm_modified_at }
      : { modifiedAt: since, nameModifiedAt: since, psmModifiedAt: since };
  }

  touchProfile(userId: number, what: { name?: boolean; psm?: boolean }, now: number, since: number): void {
    const t = this.profileTimes(userId, since);
    this.q(
      `INSERT INTO storage_profiles (user_id, modified_at, name_modified_at, psm_modified_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET modified_at = excluded.modified_at,
         name_modified_at = excluded.name_modified_at, psm_modified_at = excluded.psm_modified_at`,
    ).run(userId, now, what.name ? now : t.nameModifiedAt, what.psm ? now : t.psmModifiedAt);
  }

  documentCount(userId: number): number {
    return (this.q('SELECT COUNT(*) AS n FROM storage_documents WHERE user_id = ?').get(userId) as { n: number }).n;
  }

  createDocument(userId: number, d: Pick<StoredDocument, 'name' | 'streamType' | 'mimeType' | 'data'>, now: number): number {
    const r = this.q(
      `INSERT INTO storage_documents (user_id, name, stream_type, mime_type, data, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(userId, d.name, d.streamType, d.mimeType, d.data, now, now);
    return Number(r.lastInsertRowid);
  }

  /** Replaces a document's stream; false when the account has no such document. */
  updateDocument(userId: number, id: number, d: Pick<StoredDocument, 'streamType' | 'mimeType' | 'data'>, now: number): boolean {
    const r = this.q(
      'UPDATE storage_documents SET stream_type = ?, mime_type = ?, data = ?, modified_at = ? WHERE id = ? AND user_id = ?',
    ).run(d.streamType, d.mimeType, d.data, now, id, userId);
    return r.changes > 0;
  }

  /** A document by id alone: user tiles are public (anyone may see a contact's picture). */
  document(id: number): StoredDocument | undefined {
    const r = this.q('SELECT * FROM storage_documents WHERE id = ?').get(id) as DocumentRow | undefined;
    return r && toDocument(r);
  }

  documents(userId: number): StoredDocument[] {
    return (this.q('SELECT * FROM storage_documents WHERE user_id = ? ORDER BY id').all(userId) as DocumentRow[]).map(toDocument);
  }

  relate(userId: number, r: StoredRelationship): void {
    this.q(
      `INSERT INTO storage_relationships (user_id, source_id, target_id, name) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, source_id, target_id) DO UPDATE SET name = excluded.name`,
    ).run(userId, r.sourceId, r.targetId, r.name);
  }

  /** Removes relationships from `sourceId` to each target; returns how many there were. */
  unrelate(userId: number, sourceId: string, targetIds: string[]): number {
    let n = 0;
    const st = this.q('DELETE FROM storage_relationships WHERE user_id = ? AND source_id = ? AND target_id = ?');
    for (const t of targetIds) n += st.run(userId, sourceId, t).changes;
    return n;
  }

  relationships(userId: number, name: string): StoredRelationship[] {
    return (
      this.q('SELECT source_id, target_id, name FROM storage_relationships WHERE user_id = ? AND name = ? ORDER BY rowid').all(
        userId,
        name,
      ) as { source_id: string; target_id: string; name: string }[]
    ).map((r) => ({ sourceId: r.source_id, targetId: r.target_id, name: r.name }));
  }

  /** One transaction around several writes (CreateRelationships with many items). */
  atomically<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }
}

function toDocument(r: DocumentRow): StoredDocument {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    streamType: r.stream_type,
    mimeType: r.mime_type,
    data: r.data,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}
