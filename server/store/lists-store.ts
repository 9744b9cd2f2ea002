// Contact lists and groups: who is on whose FL/AL/BL/RL/PL, nicknames, group membership.
// Held in memory once read (presence fan-out asks for list bits per watcher and must not touch
// SQL), written through to SQLite first: a change is in memory only once SQLite took it, and a
// rolled-back transaction drops the memory (see statements.ts).
import { randomUUID } from 'node:crypto';
import { nextChangeSeq, type Db } from './db';
import { noteCacheWrite, registerCache, stmt } from './statements';
import { SmallIdMap } from './small-id-map';
import { NO_GROUPS, OwnerList, type EntryFields } from './owner-list';
import type { ContactEntry, Group } from '../core/model';

interface ContactRow {
  owner_id: number;
  contact_id: number;
  email: string;
  lists: number;
  nickname: string;
  guid: string;
  change_seq: number;
  groups: string | null;
}

const CONTACT_SELECT = `
  SELECT c.owner_id, c.contact_id, u.email, c.lists, c.nickname, c.guid, c.change_seq,
         (SELECT group_concat(gm.group_id) FROM group_members gm WHERE gm.owner_id = c.owner_id AND gm.contact_id = c.contact_id) AS groups
  FROM contacts c JOIN users u ON u.id = c.contact_id`;

/** The statements behind the lists, by purpose (the query-plan test checks each one). */
export const LISTS_SQL = {
  entries: `${CONTACT_SELECT} WHERE c.owner_id = ? ORDER BY c.created_at, c.rowid`,
  entry: `${CONTACT_SELECT} WHERE c.owner_id = ? AND c.contact_id = ?`,
  owners: 'SELECT owner_id, lists FROM contacts WHERE contact_id = ?',
  delete: 'DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?',
  upsert: `INSERT INTO contacts (owner_id, contact_id, lists, guid, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(owner_id, contact_id) DO UPDATE SET lists = excluded.lists, change_seq = excluded.change_seq`,
  nickname: 'UPDATE contacts SET nickname = ?, change_seq = ? WHERE owner_id = ? AND contact_id = ?',
  groups: 'SELECT id, owner_id, number, name FROM groups WHERE owner_id = ? ORDER BY number',
  addGroup: 'INSERT INTO groups (id, owner_id, number, name, change_seq) VALUES (?, ?, ?, ?, ?)',
  renameGroup: 'UPDATE groups SET name = ?, change_seq = ? WHERE owner_id = ? AND id = ?',
  removeGroup: 'DELETE FROM groups WHERE owner_id = ? AND id = ?',
  addMember: 'INSERT OR IGNORE INTO group_members (group_id, owner_id, contact_id) VALUES (?, ?, ?)',
  removeMember: 'DELETE FROM group_members WHERE group_id = ? AND owner_id = ? AND contact_id = ?',
  touch: 'UPDATE contacts SET change_seq = ? WHERE owner_id = ? AND contact_id = ?',
} as const;

function fieldsOf(r: ContactRow): EntryFields {
  return {
    lists: r.lists,
    nickname: r.nickname,
    guid: r.guid,
    groups: r.groups ? r.groups.split(',') : NO_GROUPS,
    changeSeq: r.change_seq,
  };
}

export class ListsStore {
  /** Owner -> their list, in the order contacts were added (columns; entries made when asked for). */
  private readonly lists = new Map<number, OwnerList>();
  /** Contact -> owner id -> the owner's list bits for them (who watches whom, for fan-out). */
  private readonly reverse = new Map<number, SmallIdMap<number>>();
  private readonly groupCache = new Map<number, readonly Group[]>();
  /** One copy of each address however many lists hold it (SQLite hands out a new string per row). */
  private readonly emails = new Map<number, string>();

  constructor(private readonly db: Db) {
    registerCache(db, this);
  }

  /** Forgets everything held in memory; the next read reloads from SQLite. */
  reset(): void {
    this.lists.clear();
    this.reverse.clear();
    this.groupCache.clear();
    this.emails.clear();
  }

  /**
   * Lets go of what memory holds for a user who signed out: their list and who watches them (read
   * again from SQLite when next needed), so memory follows the signed-in users, not all who ever were.
   */
  release(userId: number): void {
    this.lists.delete(userId);
    this.reverse.delete(userId);
    this.groupCache.delete(userId);
  }

  /** How many users' lists and watcher sets memory holds now (the bench and tests look). */
  held(): { lists: number; watched: number } {
    return { lists: this.lists.size, watched: this.reverse.size };
  }

  /** An owner's whole list, in the order contacts were added. */
  entries(ownerId: number): ContactEntry[] {
    return this.list(ownerId).entries();
  }

  entry(ownerId: number, contactId: number): ContactEntry | undefined {
    return this.list(ownerId).entry(contactId);
  }

  /** The bits `ownerId` holds `contactId` on (0 if none): what fan-out asks per watcher, no entry made. */
  bitsOf(ownerId: number, contactId: number): number {
    return this.list(ownerId).bitsOf(contactId);
  }

  entryByGuid(ownerId: number, guid: string): ContactEntry | undefined {
    return this.list(ownerId).entryByGuid(guid);
  }

  /** Owners who have `contactId` on one of the lists in `mask` (e.g. everyone whose FL holds them). */
  ownersWith(contactId: number, mask: number): number[] {
    const out: number[] = [];
    this.owners(contactId).forEach((bits, owner) => {
      if (bits & mask) out.push(owner);
    });
    return out;
  }

  /** Sets the list bits to exactly `lists` (0 removes the row and its group memberships). Returns the new bits. */
  setLists(ownerId: number, contactId: number, lists: number): number {
    const seq = nextChangeSeq(this.db);
    const list = this.lists.get(ownerId);
    const owners = this.reverse.get(contactId);
    if (lists === 0) {
      stmt(this.db, LISTS_SQL.delete).run(ownerId, contactId);
      this.wrote();
      list?.delete(contactId);
      owners?.delete(ownerId);
      return 0;
    }
    stmt(this.db, LISTS_SQL.upsert).run(ownerId, contactId, lists, randomUUID(), seq, Date.now());
    this.wrote();
    if (list) {
      if (list.has(contactId)) list.patch(contactId, { lists, changeSeq: seq });
      else list.put(contactId, this.fields(stmt(this.db, LISTS_SQL.entry).get(ownerId, contactId) as ContactRow));
    }
    owners?.set(ownerId, lists);
    return lists;
  }

  setNickname(ownerId: number, contactId: number, nickname: string): void {
    const seq = nextChangeSeq(this.db);
    stmt(this.db, LISTS_SQL.nickname).run(nickname, seq, ownerId, contactId);
    this.patch(ownerId, contactId, { nickname, changeSeq: seq });
  }

  groups(ownerId: number): Group[] {
    let gs = this.groupCache.get(ownerId);
    if (!gs) {
      const rows = stmt(this.db, LISTS_SQL.groups).all(ownerId) as { id: string; owner_id: number; number: number; name: string }[];
      gs = Object.freeze(rows.map((r) => Object.freeze({ id: r.id, ownerId: r.owner_id, number: r.number, name: r.name })));
      this.groupCache.set(ownerId, gs);
    }
    return [...gs];
  }

  addGroup(ownerId: number, name: string): Group {
    const existing = this.groups(ownerId);
    const number = existing.reduce((max, g) => Math.max(max, g.number), 0) + 1;
    const g: Group = Object.freeze({ id: randomUUID(), ownerId, number, name });
    stmt(this.db, LISTS_SQL.addGroup).run(g.id, ownerId, g.number, name, nextChangeSeq(this.db));
    this.wrote();
    this.groupCache.set(ownerId, Object.freeze([...existing, g]));
    return g;
  }

  renameGroup(ownerId: number, groupId: string, name: string): void {
    stmt(this.db, LISTS_SQL.renameGroup).run(name, nextChangeSeq(this.db), ownerId, groupId);
    this.wrote();
    const gs = this.groupCache.get(ownerId);
    if (gs) this.groupCache.set(ownerId, Object.freeze(gs.map((g) => (g.id === groupId ? Object.freeze({ ...g, name }) : g))));
  }

  removeGroup(ownerId: number, groupId: string): void {
    stmt(this.db, LISTS_SQL.removeGroup).run(ownerId, groupId);
    this.wrote();
    const gs = this.groupCache.get(ownerId);
    if (gs) this.groupCache.set(ownerId, Object.freeze(gs.filter((g) => g.id !== groupId)));
    // Its memberships went with it (ON DELETE CASCADE).
    this.lists.get(ownerId)?.dropGroup(groupId);
  }

  addToGroup(ownerId: number, contactId: number, groupId: string): void {
    const added = stmt(this.db, LISTS_SQL.addMember).run(groupId, ownerId, contactId).changes > 0;
    const e = this.lists.get(ownerId)?.entry(contactId);
    const seq = this.touch(ownerId, contactId);
    if (e) this.patch(ownerId, contactId, { changeSeq: seq, ...(added ? { groups: [...e.groups, groupId] } : {}) });
  }

  removeFromGroup(ownerId: number, contactId: number, groupId: string): void {
    stmt(this.db, LISTS_SQL.removeMember).run(groupId, ownerId, contactId);
    const e = this.lists.get(ownerId)?.entry(contactId);
    const seq = this.touch(ownerId, contactId);
    if (e) this.patch(ownerId, contactId, { changeSeq: seq, groups: e.groups.filter((g) => g !== groupId) });
  }

  private touch(ownerId: number, contactId: number): number {
    const seq = nextChangeSeq(this.db);
    stmt(this.db, LISTS_SQL.touch).run(seq, ownerId, contactId);
    this.wrote();
    return seq;
  }

  private patch(ownerId: number, contactId: number, changes: Partial<EntryFields>): void {
    this.wrote();
    this.lists.get(ownerId)?.patch(contactId, changes);
  }

  /**
   * Everyone whose lists hold `userId`, with the bits they hold it on: the other side of a whole
   * contact list in one read (the panel shows how each contact treats the owner without reading
   * each contact's list).
   */
  listersOf(userId: number): Pick<SmallIdMap<number>, 'get' | 'size' | typeof Symbol.iterator> {
    return this.owners(userId);
  }

  private list(ownerId: number): OwnerList {
    let list = this.lists.get(ownerId);
    if (!list) {
      list = new OwnerList(ownerId, this.emailOf);
      const rows = stmt(this.db, LISTS_SQL.entries).all(ownerId) as ContactRow[];
      list.reserve(rows.length);
      for (const r of rows) list.put(r.contact_id, this.fields(r));
      this.lists.set(ownerId, list);
    }
    return list;
  }

  private owners(contactId: number): SmallIdMap<number> {
    let owners = this.reverse.get(contactId);
    if (!owners) {
      owners = new SmallIdMap();
      for (const r of stmt(this.db, LISTS_SQL.owners).all(contactId) as { owner_id: number; lists: number }[]) {
        owners.set(r.owner_id, r.lists);
      }
      this.reverse.set(contactId, owners);
    }
    return owners;
  }

  /** Notes the contact's address (one copy for all lists) and returns what a list holds of the row. */
  private fields(r: ContactRow): EntryFields {
    if (!this.emails.has(r.contact_id)) this.emails.set(r.contact_id, r.email);
    return fieldsOf(r);
  }

  private readonly emailOf = (contactId: number): string => this.emails.get(contactId)!;

  private wrote(): void {
    noteCacheWrite(this.db);
  }
}
