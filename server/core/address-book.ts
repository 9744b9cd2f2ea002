// The address book as the MSNP13+ clients edit it over SOAP: contacts (the FL), the Me contact,
// groups and group membership, in the version-neutral core. Every operation checks all of its
// input first, then makes every change in one transaction, so a request is applied whole or not
// at all and is on disk before the caller answers. The lists are the Directory's: an address-book
// change is the same change an MSNP8 ADD or the panel makes, with the same reverse-list effects.
import { CoreError } from './errors';
import { MAX_CONTACTS } from './directory';
import { List, isValidEmail, type ContactEntry, type Gtc, type Blp, type User } from './model';
import type { Core } from './core';
import { AbStore } from '../store/ab-store';
import { transaction } from '../store/statements';

export type AbErrorCode =
  | 'invalid-address' // not an address at all
  | 'no-such-account' // a well-formed address nobody signs in with here
  | 'contact-exists'
  | 'no-such-contact'
  | 'member-exists'
  | 'no-such-member'
  | 'group-exists'
  | 'no-such-group'
  | 'list-full'
  | 'too-many-groups'
  | 'bad-argument'
  | 'name-too-long'
  | 'ab-exists';

export class AddressBookError extends Error {
  constructor(
    readonly code: AbErrorCode,
    message: string,
    /** The existing object a refused add collided with (a contact GUID), for the client. */
    readonly conflictId?: string,
  ) {
    super(message);
    this.name = 'AddressBookError';
  }
}

export interface NewContact {
  email: string;
  isMessengerUser?: boolean;
  annotations?: Record<string, string>;
  nickname?: string;
}

/** Changes to one contact; an annotation set to '' is removed. */
export interface ContactChanges {
  nickname?: string;
  isMessengerUser?: boolean;
  annotations?: Record<string, string>;
}

/** The nickname annotation WLM 8.5+ writes; kept as the contact's nickname (SBP MFN on MSNP10-12). */
export const NICKNAME_ANNOTATION = 'AB.NickName';

const books = new WeakMap<Core, AddressBook>();

export class AddressBook {
  readonly store: AbStore;

  private constructor(readonly core: Core) {
    this.store = new AbStore(core.db);
  }

  static of(core: Core): AddressBook {
    let ab = books.get(core);
    if (!ab) books.set(core, (ab = new AddressBook(core)));
    return ab;
  }

  /** Runs `fn` as one transaction; core refusals become address-book errors. */
  atomically<T>(fn: () => T): T {
    try {
      return transaction(this.core.db, fn);
    } catch (e) {
      throw e instanceof CoreError ? fromCoreError(e) : e;
    }
  }

  /** The account behind an address a client sent, or the error the clients expect. */
  account(email: string): User {
    const normalized = email.trim().toLowerCase();
    if (!isValidEmail(normalized)) throw new AddressBookError('invalid-address', `"${email}" is not a valid passport address.`);
    const user = this.core.users.byEmail(normalized);
    if (!user) throw new AddressBookError('no-such-account', `${normalized} has no account on this server.`);
    return user;
  }

  /** FL contacts by their contact GUID. */
  contactByGuid(ownerId: number, guid: string): ContactEntry {
    const e = this.core.lists.entryByGuid(ownerId, guid.trim().toLowerCase());
    if (!e || !(e.lists & List.FL)) throw new AddressBookError('no-such-contact', `There is no contact ${guid} in the address book.`);
    return e;
  }

  /**
   * ABContactAdd: puts each address on the FL (and, with allow-list management, on the AL unless
   * already allowed or blocked — which also answers their "has added you" prompt). Returns the
   * contact GUIDs in request order.
   */
  addContacts(ownerId: number, items: NewContact[], manageAllowList: boolean): string[] {
    const targets = items.map((item) => ({ item, user: this.account(item.email) }));
    for (const { item } of targets) {
      checkNickname(item.annotations?.[NICKNAME_ANNOTATION] ?? item.nickname);
      checkAnnotations(item.annotations);
    }
    const seen = new Set<number>();
    for (const { user } of targets) {
      const existing = this.core.lists.entry(ownerId, user.id);
      if (user.id === ownerId) throw new AddressBookError('contact-exists', 'You are the Me contact of your own address book.');
      if (existing && existing.lists & List.FL) {
        throw new AddressBookError('contact-exists', `${user.email} is already in the address book.`, existing.guid);
      }
      if (seen.has(user.id)) throw new AddressBookError('contact-exists', `${user.email} is named twice.`);
      seen.add(user.id);
    }
    const onFl = this.core.lists.entries(ownerId).filter((e) => e.lists & List.FL).length;
    if (onFl + targets.length > MAX_CONTACTS) {
      throw new AddressBookError('list-full', `A contact list holds at most ${MAX_CONTACTS} contacts (${onFl} now, ${targets.length} more asked).`);
    }
    return this.atomically(() =>
      targets.map(({ item, user }) => {
        const current = this.core.lists.entry(ownerId, user.id)?.lists ?? 0;
        const allow = manageAllowList && !(current & (List.AL | List.BL)) ? List.AL : 0;
        this.core.directory.addToLists(ownerId, user.id, List.FL | allow);
        this.applyContactChanges(ownerId, user.id, {
          nickname: item.nickname,
          isMessengerUser: item.isMessengerUser,
          annotations: item.annotations,
        });
        return this.core.lists.entry(ownerId, user.id)!.guid;
      }),
    );
  }

  /** ABContactDelete: off the FL and out of every group; AL/BL/RL stay as they are. */
  deleteContacts(ownerId: number, guids: string[]): void {
    const entries = guids.map((g) => this.contactByGuid(ownerId, g));
    this.atomically(() => {
      for (const e of entries) {
        for (const g of e.groups) this.core.lists.removeFromGroup(ownerId, e.contactId, g);
        this.core.directory.removeFromLists(ownerId, e.contactId, List.FL);
      }
    });
  }

  /** ABContactUpdate of regular contacts. */
  updateContacts(ownerId: number, updates: { guid: string; changes: ContactChanges }[]): void {
    const resolved = updates.map((u) => ({ entry: this.contactByGuid(ownerId, u.guid), changes: u.changes }));
    for (const { changes } of resolved) {
      checkNickname(changes.annotations?.[NICKNAME_ANNOTATION] ?? changes.nickname);
      checkAnnotations(changes.annotations);
    }
    this.atomically(() => {
      for (const { entry, changes } of resolved) this.applyContactChanges(ownerId, entry.contactId, changes);
    });
  }

  private applyContactChanges(ownerId: number, contactId: number, changes: ContactChanges): void {
    const annotations = { ...(changes.annotations ?? {}) };
    let nickname = changes.nickname;
    if (NICKNAME_ANNOTATION in annotations) {
      nickname = annotations[NICKNAME_ANNOTATION];
      delete annotations[NICKNAME_ANNOTATION];
    }
    checkNickname(nickname);
    if (nickname !== undefined && nickname !== this.core.lists.entry(ownerId, contactId)?.nickname) {
      this.core.lists.setNickname(ownerId, contactId, nickname);
      this.core.users.bumpListVersion(ownerId);
    }
    if (changes.isMessengerUser === undefined && Object.keys(annotations).length === 0) return;
    const current = this.store.contactFields(ownerId).get(contactId);
    const merged = mergeAnnotations(current?.annotations ?? {}, annotations);
    checkAnnotations(merged);
    this.store.setContactFields(ownerId, contactId, { isMessengerUser: changes.isMessengerUser, annotations: merged });
  }

  /**
   * ABContactUpdate of the Me contact: the friendly name, and annotations. MSN.IM.BLP and
   * MSN.IM.GTC are the privacy settings (BLP 1 = AL, 2 = BL; GTC 1 = ask, 2 = don't; 0 = unset,
   * left alone); other annotations (MSN.IM.MPOP, MSN.IM.RoamLiveProperties…) are kept as sent.
   */
  updateMe(ownerId: number, changes: { friendlyName?: string; annotations?: Record<string, string> }): void {
    checkAnnotations(changes.annotations);
    const annotations = { ...(changes.annotations ?? {}) };
    const privacy: { blp?: Blp; gtc?: Gtc } = {};
    const blp = annotations['MSN.IM.BLP'];
    const gtc = annotations['MSN.IM.GTC'];
    delete annotations['MSN.IM.BLP'];
    delete annotations['MSN.IM.GTC'];
    delete annotations['MSN.IM.MBEA'];
    if (blp === '1' || blp === '2') privacy.blp = blp === '1' ? 'AL' : 'BL';
    if (gtc === '1' || gtc === '2') privacy.gtc = gtc === '1' ? 'A' : 'N';
    // Everything that can be refused is checked before the name change reaches any watcher.
    const merged =
      Object.keys(annotations).length > 0 ? mergeAnnotations(this.store.addressBook(ownerId).meAnnotations, annotations) : undefined;
    if (merged) checkAnnotations(merged);
    this.atomically(() => {
      if (changes.friendlyName !== undefined) this.core.directory.setFriendlyName(ownerId, changes.friendlyName);
      const user = this.core.users.byId(ownerId)!;
      if ((privacy.blp && privacy.blp !== user.blp) || (privacy.gtc && privacy.gtc !== user.gtc)) {
        this.core.directory.setPrivacy(ownerId, privacy);
      }
      if (merged) this.store.setMeAnnotations(ownerId, merged);
    });
  }

  /**
   * ABAdd. Every account has its address book from the moment it exists (the panel creates
   * accounts), so this only confirms an empty one, as a new account's client expects after
   * ABDoesNotExist; a book with contacts or groups already exists.
   */
  createAddressBook(ownerId: number): void {
    const entries = this.core.lists.entries(ownerId).filter((e) => e.lists & List.FL);
    if (entries.length > 0 || this.core.lists.groups(ownerId).length > 0) {
      throw new AddressBookError('ab-exists', 'This account already has an address book with contacts in it.');
    }
    this.atomically(() => this.store.markAdded(ownerId));
  }
}

function checkNickname(nickname: string | undefined): void {
  if (nickname === undefined) return;
  if (Buffer.byteLength(nickname) > 387) throw new AddressBookError('name-too-long', 'A contact name is at most 387 bytes.');
  if (/[\r\n\0]/.test(nickname)) throw new AddressBookError('bad-argument', 'A contact name is one line.');
}

/** Annotations are the client's notes (AB.JobTitle, MSN.IM.MPOP…): kept, within reason. */
export const MAX_ANNOTATIONS = 64;
export const MAX_ANNOTATION_BYTES = 1024;

function checkAnnotations(annotations: Record<string, string> | undefined): void {
  const entries = Object.entries(annotations ?? {});
  if (entries.length > MAX_ANNOTATIONS) {
    throw new AddressBookError('name-too-long', `At most ${MAX_ANNOTATIONS} annotations per contact.`);
  }
  for (const [name, value] of entries) {
    if (name.length > 100 || Buffer.byteLength(value) > MAX_ANNOTATION_BYTES) {
      throw new AddressBookError('name-too-long', `Annotation ${name.slice(0, 100)} is over ${MAX_ANNOTATION_BYTES} bytes.`);
    }
  }
}

/** Applies changes to annotations: a value replaces, an empty value removes. */
export function mergeAnnotations(current: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const out = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

const CORE_TO_AB: Partial<Record<CoreError['code'], AbErrorCode>> = {
  'list-full': 'list-full',
  'invalid-name': 'bad-argument',
  'invalid-email': 'invalid-address',
  'no-such-account': 'no-such-account',
  'group-exists': 'group-exists',
  'no-such-group': 'no-such-group',
  'too-many-groups': 'too-many-groups',
  'group-name-too-long': 'name-too-long',
  'cannot-remove-group': 'bad-argument',
  'not-on-list': 'no-such-contact',
  'not-in-group': 'no-such-contact',
  'already-on-list': 'contact-exists',
};

export function fromCoreError(e: CoreError): AddressBookError | CoreError {
  const code = CORE_TO_AB[e.code];
  return code ? new AddressBookError(code, e.message) : e;
}
