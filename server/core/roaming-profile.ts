// The roaming profile (what WLM 8.5/2009 keep on the storage service): the account's display name
// and personal message — the same values the notification server uses, so a change here reaches
// watchers at once (NLN/UBX) and shows in the panel — plus documents (the user tile) and the
// relationship that makes one of them the profile's photo. Display pictures (P2P) read the photo
// through photoOf(); nothing here knows SOAP.
import type { Core } from './core';
import type { User } from './model';
import { MAX_DOCUMENTS_PER_USER, StorageStore, type ProfileTimes, type StoredDocument } from '../store/storage-store';
import { CoreError } from './errors';

/** The relationship from the expression profile to its picture (CreateRelationships). */
export const PROFILE_PHOTO = 'ProfilePhoto';
/** A stored picture is at most this big (a 96x96 tile is a few KiB; WLM 2009 sends up to ~200 KiB). */
export const MAX_DOCUMENT_BYTES = 512 * 1024;

export interface ProfileView {
  displayName: string;
  psm: string;
  times: ProfileTimes;
  photo: StoredDocument | undefined;
}

const profiles = new WeakMap<Core, RoamingProfile>();

export class RoamingProfile {
  private constructor(
    private readonly core: Core,
    readonly store: StorageStore,
  ) {}

  static of(core: Core): RoamingProfile {
    let p = profiles.get(core);
    if (!p) profiles.set(core, (p = new RoamingProfile(core, StorageStore.of(core.db))));
    return p;
  }

  view(user: User): ProfileView {
    const current = this.core.users.byId(user.id) ?? user;
    return {
      displayName: current.friendlyName,
      psm: current.psm,
      times: this.store.profileTimes(user.id, current.createdAt),
      photo: this.photoOf(user.id),
    };
  }

  /**
   * UpdateProfile: a new name and/or personal message (undefined = unchanged). Goes through the
   * directory like PRP MFN and UUX do, so watchers hear it and the checks are the same.
   */
  update(user: User, change: { displayName?: string; psm?: string }): void {
    const current = this.core.users.byId(user.id);
    if (!current) throw new CoreError('no-such-account', 'The account no longer exists.');
    const name = change.displayName !== undefined && change.displayName !== current.friendlyName;
    const psm = change.psm !== undefined && change.psm !== current.psm;
    if (name) this.core.directory.setFriendlyName(user.id, change.displayName!);
    if (psm) this.core.directory.setPersonalMessage(user.id, change.psm!, current.currentMedia);
    this.store.touchProfile(user.id, { name, psm }, Date.now(), current.createdAt);
  }

  addDocument(user: User, doc: Pick<StoredDocument, 'name' | 'streamType' | 'mimeType' | 'data'>): number {
    checkSize(doc.data);
    if (this.store.documentCount(user.id) >= MAX_DOCUMENTS_PER_USER) {
      throw new CoreError('list-full', `An account keeps at most ${MAX_DOCUMENTS_PER_USER} documents; replace one (UpdateDocument).`);
    }
    return this.store.createDocument(user.id, doc, Date.now());
  }

  replaceDocument(user: User, id: number, doc: Pick<StoredDocument, 'streamType' | 'mimeType' | 'data'>): boolean {
    checkSize(doc.data);
    const ok = this.store.updateDocument(user.id, id, doc, Date.now());
    if (ok) this.store.touchProfile(user.id, {}, Date.now(), user.createdAt);
    return ok;
  }

  /** The picture the profile shows: the target of its newest ProfilePhoto relationship. */
  photoOf(userId: number): StoredDocument | undefined {
    const links = this.store.relationships(userId, PROFILE_PHOTO);
    for (let i = links.length - 1; i >= 0; i--) {
      const m = /!(\d+)$/.exec(links[i]!.targetId);
      const doc = m ? this.store.document(Number(m[1]) - 200) : undefined;
      if (doc && doc.userId === userId) return doc;
    }
    return undefined;
  }
}

function checkSize(data: Buffer): void {
  if (data.length === 0) throw new CoreError('invalid-name', 'The document has no data.');
  if (data.length > MAX_DOCUMENT_BYTES) throw new CoreError('invalid-name', `A picture is limited to ${MAX_DOCUMENT_BYTES / 1024} KiB.`);
}

/** "png" (MSNPSharp), "image/png" (WLM): always a full image type for HTTP. */
export function imageMimeType(t: string): string {
  const v = t.trim().toLowerCase();
  if (/^image\/[a-z0-9.+-]{1,40}$/.test(v)) return v;
  if (/^[a-z0-9.+-]{1,40}$/.test(v)) return `image/${v === 'jpg' ? 'jpeg' : v}`;
  return 'application/octet-stream';
}
