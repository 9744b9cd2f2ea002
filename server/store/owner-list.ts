// One owner's contact list as held in memory: columns (parallel arrays) rather than an object per
// contact. A heap snapshot of 1,000 signed-in clients with 20 mutual contacts each showed the 42,000
// frozen entry objects (88 bytes each, plus a slot in a Map) as the largest single part of the
// memory per client; as columns an entry costs three array slots and 16 bytes of GUID (guid-bytes.ts:
// the 36-character string cost 56 more), plus a slot each for a nickname and groups once any contact
// of the list has one. Entries are made, frozen,
// when asked for (list commands, the address book, the panel): fan-out reads list bits from the
// watcher sets and `bitsOf`, which makes no object. Lookup is a linear scan of the ids, as fast as
// hashing for the few dozen contacts of most lists; past INDEX_FROM contacts (a popular user,
// whose list fan-out reads once per watcher) an id -> position Map is kept beside the columns.
import type { ContactEntry } from '../core/model';
import { formatGuid, GUID_BYTES, packGuid } from './guid-bytes';

/** The groups of a contact in none: one frozen array shared by all (most contacts; ~32 bytes each otherwise). */
export const NO_GROUPS = Object.freeze([]) as readonly string[] as string[];

/** Shared by every list until its first contact. */
const EMPTY_GUIDS = new Uint8Array(0);
/** Where a GUID asked for is packed to be compared. */
const PROBE = new Uint8Array(GUID_BYTES);

/** What an entry holds besides its owner and contact ids. */
export interface EntryFields {
  lists: number;
  nickname: string;
  guid: string;
  groups: string[];
  changeSeq: number;
}

/** From this many contacts on, lookups go through an index (fan-out asks once per watcher). */
export const INDEX_FROM = 64;

export class OwnerList {
  private readonly ids: number[] = [];
  /** Contact id -> position, for a big list only; dropped when a delete shifts the positions. */
  private index: Map<number, number> | undefined;
  private readonly bits: number[] = [];
  private readonly seqs: number[] = [];
  /** Undefined while every nickname is '' (most lists: an owner rarely renames a contact). */
  private nicks: string[] | undefined;
  /** 16 bytes a contact, in list order; room for `capacity` contacts (grown by half). */
  private guids: Uint8Array = EMPTY_GUIDS;
  /** Contact id -> GUID text not in canonical form (none in practice: randomUUID makes them). */
  private oddGuids: Map<number, string> | undefined;
  /** Undefined while no contact is in a group. */
  private groupLists: string[][] | undefined;

  /** `emailOf` gives the one shared copy of a contact's address. */
  constructor(
    readonly ownerId: number,
    private readonly emailOf: (contactId: number) => string,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  has(contactId: number): boolean {
    return this.find(contactId) >= 0;
  }

  entry(contactId: number): ContactEntry | undefined {
    const i = this.find(contactId);
    return i < 0 ? undefined : this.at(i);
  }

  /** The list bits the owner holds the contact on (0 if none), without making an entry. */
  bitsOf(contactId: number): number {
    const i = this.find(contactId);
    return i < 0 ? 0 : this.bits[i]!;
  }

  /** Makes room for `n` contacts in all (a list read from SQLite knows its size): no regrowth while loading. */
  reserve(n: number): void {
    if (n * GUID_BYTES > this.guids.length) this.growGuids(n);
  }

  /** Whether a lookup index is kept (tests look). */
  get indexed(): boolean {
    return this.index !== undefined;
  }

  /** In the order contacts were added. */
  entries(): ContactEntry[] {
    const out = new Array<ContactEntry>(this.ids.length);
    for (let i = 0; i < this.ids.length; i++) out[i] = this.at(i);
    return out;
  }

  entryByGuid(guid: string): ContactEntry | undefined {
    if (this.oddGuids) for (const [id, odd] of this.oddGuids) if (odd === guid) return this.entry(id);
    if (!packGuid(guid, PROBE, 0)) return undefined;
    const g = this.guids;
    next: for (let i = 0; i < this.ids.length; i++) {
      const at = i * GUID_BYTES;
      for (let k = 0; k < GUID_BYTES; k++) if (g[at + k] !== PROBE[k]) continue next;
      if (this.oddGuids?.has(this.ids[i]!)) continue;
      return this.at(i);
    }
    return undefined;
  }

  /** Adds a contact last, or replaces what is held for one already there (keeping its place). */
  put(contactId: number, f: EntryFields): void {
    let i = this.find(contactId);
    if (i < 0) {
      i = this.ids.length;
      this.ids.push(contactId);
      this.index?.set(contactId, i);
    }
    this.bits[i] = f.lists;
    this.seqs[i] = f.changeSeq;
    if (f.nickname !== '' || this.nicks) (this.nicks ??= new Array<string>(this.ids.length).fill(''))[i] = f.nickname;
    this.setGuid(i, contactId, f.guid);
    if (f.groups.length > 0 || this.groupLists) {
      (this.groupLists ??= new Array<string[]>(this.ids.length).fill(NO_GROUPS))[i] = f.groups.length === 0 ? NO_GROUPS : (Object.freeze([...f.groups]) as string[]);
    }
  }

  /** Changes some fields of a contact held; nothing if the contact is not on the list. */
  patch(contactId: number, changes: Partial<EntryFields>): void {
    const e = this.entry(contactId);
    if (e) this.put(contactId, { ...e, ...changes });
  }

  delete(contactId: number): void {
    const i = this.find(contactId);
    if (i < 0) return;
    this.index = undefined;
    for (const column of [this.ids, this.bits, this.seqs, this.nicks, this.groupLists] as (unknown[] | undefined)[]) column?.splice(i, 1);
    this.guids.copyWithin(i * GUID_BYTES, (i + 1) * GUID_BYTES);
    this.oddGuids?.delete(contactId);
  }

  /** Takes a group out of every entry that has it (the group was deleted). */
  dropGroup(groupId: string): void {
    for (let i = 0; i < this.ids.length; i++) {
      const gs = this.groupLists?.[i] ?? NO_GROUPS;
      if (gs.includes(groupId)) {
        const rest = gs.filter((g) => g !== groupId);
        this.groupLists![i] = rest.length === 0 ? NO_GROUPS : (Object.freeze(rest) as string[]);
      }
    }
  }

  private setGuid(i: number, contactId: number, guid: string): void {
    if (this.guids.length < (i + 1) * GUID_BYTES) this.growGuids(Math.max(4, Math.ceil((i + 1) * 1.5)));
    if (packGuid(guid, this.guids, i * GUID_BYTES)) {
      this.oddGuids?.delete(contactId);
    } else {
      this.guids.fill(0, i * GUID_BYTES, (i + 1) * GUID_BYTES);
      (this.oddGuids ??= new Map()).set(contactId, guid);
    }
  }

  private growGuids(contacts: number): void {
    const bigger = new Uint8Array(contacts * GUID_BYTES);
    bigger.set(this.guids);
    this.guids = bigger;
  }

  private guidAt(i: number): string {
    return this.oddGuids?.get(this.ids[i]!) ?? formatGuid(this.guids, i * GUID_BYTES);
  }

  private find(contactId: number): number {
    if (this.ids.length < INDEX_FROM) return this.ids.indexOf(contactId);
    if (!this.index) this.index = new Map(this.ids.map((id, i) => [id, i]));
    return this.index.get(contactId) ?? -1;
  }

  private at(i: number): ContactEntry {
    const contactId = this.ids[i]!;
    return Object.freeze({
      ownerId: this.ownerId,
      contactId,
      email: this.emailOf(contactId),
      lists: this.bits[i]!,
      nickname: this.nicks?.[i] ?? '',
      guid: this.guidAt(i),
      groups: this.groupLists?.[i] ?? NO_GROUPS,
      changeSeq: this.seqs[i]!,
    });
  }
}
