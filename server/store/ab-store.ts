// The address book's own rows (see ab-schema.ts): change times, list marks, AB contact fields,
// tombstones and the Me contact. Lists themselves stay in ListsStore; triggers keep these in step.
import type { Statement } from 'better-sqlite3';
import { nextChangeSeq, type Db } from './db';

/** One list bit of one contact as it last changed (FindMembership deltas). */
export interface ListMark {
  contactId: number;
  bit: number;
  present: boolean;
  email: string;
  changeSeq: number;
}

/** What the address book keeps for an FL contact beyond the lists. */
export interface AbContactFields {
  contactId: number;
  isMessengerUser: boolean;
  annotations: Record<string, string>;
  changeSeq: number;
}

export interface Tombstone {
  id: string;
  email: string;
  name: string;
  changeSeq: number;
}

export interface AddressBookRow {
  meSeq: number;
  meAnnotations: Record<string, string>;
  added: boolean;
}

export class AbStore {
  /** Prepared once: timeOf runs for every item of an answer (1,000 contacts, 1,000 calls). */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** The newest change stamp (global, monotonic). */
  latestSeq(): number {
    const r = this.q(`SELECT CAST(value AS INTEGER) AS v FROM settings WHERE key = 'change_seq'`).get() as { v: number };
    return r.v;
  }

  /**
   * When stamp `seq` was taken, in µs since 1970. Stamps older than the address-book schema
   * have no time of their own and share the first recorded one.
   */
  timeOf(seq: number): number {
    const r = this.q('SELECT at_us FROM change_times WHERE seq >= ? ORDER BY seq LIMIT 1').get(seq) as
      | { at_us: number }
      | undefined;
    return r?.at_us ?? this.latestTime();
  }

  latestTime(): number {
    const r = this.q('SELECT at_us FROM change_times ORDER BY seq DESC LIMIT 1').get() as { at_us: number };
    return r.at_us;
  }

  /**
   * The stamp a client has seen everything up to, given the time it echoes back; undefined when
   * the time is older than our records or newer than our newest change (a cache from elsewhere).
   */
  seqAt(us: number): number | undefined {
    const first = this.q('SELECT at_us FROM change_times ORDER BY seq LIMIT 1').get() as { at_us: number };
    if (us < first.at_us || us > this.latestTime()) return undefined;
    const r = this.q('SELECT MAX(seq) AS s FROM change_times WHERE at_us <= ?').get(us) as { s: number };
    return r.s;
  }

  /** Marks of AL/BL/RL/PL (and FL) that flipped after `sinceSeq`. */
  marksSince(ownerId: number, sinceSeq: number): ListMark[] {
    const rows = this
      .q(
        'SELECT contact_id, bit, present, email, change_seq FROM list_marks WHERE owner_id = ? AND change_seq > ? ORDER BY change_seq, contact_id',
      )
      .all(ownerId, sinceSeq) as { contact_id: number; bit: number; present: number; email: string; change_seq: number }[];
    return rows.map((r) => ({ contactId: r.contact_id, bit: r.bit, present: r.present === 1, email: r.email, changeSeq: r.change_seq }));
  }

  /** Were all of `bits` once set for this contact and are now cleared (removed earlier, e.g. over SOAP)? */
  wasRemoved(ownerId: number, contactId: number, bits: number): boolean {
    const rows = this
      .q('SELECT bit FROM list_marks WHERE owner_id = ? AND contact_id = ? AND present = 0 AND (bit & ?) != 0')
      .all(ownerId, contactId, bits) as { bit: number }[];
    return rows.reduce((acc, r) => acc | r.bit, 0) === bits;
  }

  contactFields(ownerId: number): Map<number, AbContactFields> {
    const rows = this
      .q('SELECT contact_id, is_messenger_user, annotations, change_seq FROM ab_contacts WHERE owner_id = ?')
      .all(ownerId) as { contact_id: number; is_messenger_user: number; annotations: string; change_seq: number }[];
    return new Map(
      rows.map((r) => [
        r.contact_id,
        { contactId: r.contact_id, isMessengerUser: r.is_messenger_user === 1, annotations: parseMap(r.annotations), changeSeq: r.change_seq },
      ]),
    );
  }

  /** Sets an FL contact's address-book fields (the row exists while the contact is on the FL). */
  setContactFields(ownerId: number, contactId: number, fields: { isMessengerUser?: boolean; annotations?: Record<string, string> }): void {
    const current = this.contactFields(ownerId).get(contactId);
    if (!current) return;
    this
      .q('UPDATE ab_contacts SET is_messenger_user = ?, annotations = ?, change_seq = ? WHERE owner_id = ? AND contact_id = ?')
      .run(
        (fields.isMessengerUser ?? current.isMessengerUser) ? 1 : 0,
        JSON.stringify(fields.annotations ?? current.annotations),
        nextChangeSeq(this.db),
        ownerId,
        contactId,
      );
  }

  deletedContactsSince(ownerId: number, sinceSeq: number): Tombstone[] {
    const rows = this
      .q('SELECT guid, email, change_seq FROM ab_deleted_contacts WHERE owner_id = ? AND change_seq > ? ORDER BY change_seq')
      .all(ownerId, sinceSeq) as { guid: string; email: string; change_seq: number }[];
    return rows.map((r) => ({ id: r.guid, email: r.email, name: '', changeSeq: r.change_seq }));
  }

  deletedGroupsSince(ownerId: number, sinceSeq: number): Tombstone[] {
    const rows = this
      .q('SELECT id, name, change_seq FROM ab_deleted_groups WHERE owner_id = ? AND change_seq > ? ORDER BY change_seq')
      .all(ownerId, sinceSeq) as { id: string; name: string; change_seq: number }[];
    return rows.map((r) => ({ id: r.id, email: '', name: r.name, changeSeq: r.change_seq }));
  }

  /** Stamps of the owner's groups (groups.change_seq: created or renamed). */
  groupSeqs(ownerId: number): Map<string, number> {
    const rows = this.q('SELECT id, change_seq FROM groups WHERE owner_id = ?').all(ownerId) as { id: string; change_seq: number }[];
    return new Map(rows.map((r) => [r.id, r.change_seq]));
  }

  addressBook(ownerId: number): AddressBookRow {
    const r = this.q('SELECT me_seq, me_annotations, added FROM address_books WHERE owner_id = ?').get(ownerId) as
      | { me_seq: number; me_annotations: string; added: number }
      | undefined;
    return { meSeq: r?.me_seq ?? 0, meAnnotations: parseMap(r?.me_annotations ?? '{}'), added: r?.added === 1 };
  }

  setMeAnnotations(ownerId: number, annotations: Record<string, string>): void {
    this
      .q(
        `INSERT INTO address_books (owner_id, me_seq, me_annotations) VALUES (?, ?, ?)
         ON CONFLICT (owner_id) DO UPDATE SET me_seq = excluded.me_seq, me_annotations = excluded.me_annotations`,
      )
      .run(ownerId, nextChangeSeq(this.db), JSON.stringify(annotations));
  }

  /** ABAdd: the client created its (default) address book. */
  markAdded(ownerId: number): void {
    this
      .q('INSERT INTO address_books (owner_id, added) VALUES (?, 1) ON CONFLICT (owner_id) DO UPDATE SET added = 1')
      .run(ownerId);
  }
}

function parseMap(json: string): Record<string, string> {
  try {
    const v = JSON.parse(json) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  } catch {
    // a damaged row reads as no annotations
  }
  return {};
}
