// Contact lists and groups: who is on whose FL/AL/BL/RL/PL, nicknames, group membership.
import { randomUUID } from 'node:crypto';
import { nextChangeSeq, type Db } from './db';
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

function toEntry(r: ContactRow): ContactEntry {
  return {
    ownerId: r.owner_id,
    contactId: r.contact_id,
    email: r.email,
    lists: r.lists,
    nickname: r.nickname,
    guid: r.guid,
    groups: r.groups ? r.groups.split(',') : [],
    changeSeq: r.change_seq,
  };
}

export class ListsStore {
  constructor(private readonly db: Db) {}

  /** An owner's whole list, in the order contacts were added. */
  entries(ownerId: number): ContactEntry[] {
    return (this.db.prepare(`${CONTACT_SELECT} WHERE c.owner_id = ? ORDER BY c.created_at, c.rowid`).all(ownerId) as ContactRow[]).map(
      toEntry,
    );
  }

  entry(ownerId: number, contactId: number): ContactEntry | undefined {
    const r = this.db.prepare(`${CONTACT_SELECT} WHERE c.owner_id = ? AND c.contact_id = ?`).get(ownerId, contactId) as
      | ContactRow
      | undefined;
    return r && toEntry(r);
  }

  entryByGuid(ownerId: number, guid: string): ContactEntry | undefined {
    const r = this.db.prepare(`${CONTACT_SELECT} WHERE c.owner_id = ? AND c.guid = ?`).get(ownerId, guid) as
      | ContactRow
      | undefined;
    return r && toEntry(r);
  }

  /** Owners who have `contactId` on one of the lists in `mask` (e.g. everyone whose FL holds them). */
  ownersWith(contactId: number, mask: number): number[] {
    return (
      this.db.prepare('SELECT owner_id FROM contacts WHERE contact_id = ? AND (lists & ?) != 0').all(contactId, mask) as {
        owner_id: number;
      }[]
    ).map((r) => r.owner_id);
  }

  /** Sets the list bits to exactly `lists` (0 removes the row and its group memberships). Returns the new bits. */
  setLists(ownerId: number, contactId: number, lists: number): number {
    const seq = nextChangeSeq(this.db);
    if (lists === 0) {
      this.db.prepare('DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?').run(ownerId, contactId);
      return 0;
    }
    this.db
      .prepare(
        `INSERT INTO contacts (owner_id, contact_id, lists, guid, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(owner_id, contact_id) DO UPDATE SET lists = excluded.lists, change_seq = excluded.change_seq`,
      )
      .run(ownerId, contactId, lists, randomUUID(), seq, Date.now());
    return lists;
  }

  setNickname(ownerId: number, contactId: number, nickname: string): void {
    this.db
      .prepare('UPDATE contacts SET nickname = ?, change_seq = ? WHERE owner_id = ? AND contact_id = ?')
      .run(nickname, nextChangeSeq(this.db), ownerId, contactId);
  }

  groups(ownerId: number): Group[] {
    return (
      this.db.prepare('SELECT id, owner_id, number, name FROM groups WHERE owner_id = ? ORDER BY number').all(ownerId) as {
        id: string;
        owner_id: number;
        number: number;
        name: string;
      }[]
    ).map((r) => ({ id: r.id, ownerId: r.owner_id, number: r.number, name: r.name }));
  }

  addGroup(ownerId: number, name: string): Group {
    const row = this.db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM groups WHERE owner_id = ?').get(ownerId) as {
      n: number;
    };
    const g: Group = { id: randomUUID(), ownerId, number: row.n, name };
    this.db
      .prepare('INSERT INTO groups (id, owner_id, number, name, change_seq) VALUES (?, ?, ?, ?, ?)')
      .run(g.id, ownerId, g.number, name, nextChangeSeq(this.db));
    return g;
  }

  renameGroup(ownerId: number, groupId: string, name: string): void {
    this.db
      .prepare('UPDATE groups SET name = ?, change_seq = ? WHERE owner_id = ? AND id = ?')
      .run(name, nextChangeSeq(this.db), ownerId, groupId);
  }

  removeGroup(ownerId: number, groupId: string): void {
    this.db.prepare('DELETE FROM groups WHERE owner_id = ? AND id = ?').run(ownerId, groupId);
  }

  addToGroup(ownerId: number, contactId: number, groupId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO group_members (group_id, owner_id, contact_id) VALUES (?, ?, ?)')
      .run(groupId, ownerId, contactId);
    this.touch(ownerId, contactId);
  }

  removeFromGroup(ownerId: number, contactId: number, groupId: string): void {
    this.db
      .prepare('DELETE FROM group_members WHERE group_id = ? AND owner_id = ? AND contact_id = ?')
      .run(groupId, ownerId, contactId);
    this.touch(ownerId, contactId);
  }

  private touch(ownerId: number, contactId: number): void {
    this.db
      .prepare('UPDATE contacts SET change_seq = ? WHERE owner_id = ? AND contact_id = ?')
      .run(nextChangeSeq(this.db), ownerId, contactId);
  }
}
