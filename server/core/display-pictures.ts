// Display pictures of accounts the panel drives: the stored PNG, its MSN object, and the live
// announcement when it changes (watchers get NLN with the new object, as when a client changes
// its picture with CHG). A real client signed in as the account announces its own object instead.
import { formatMsnObject, pictureObject } from './msn-object';
import type { PresenceHub } from './presence';
import type { User } from './model';
import type { PicturesStore } from '../store/pictures-store';
import type { UsersStore } from '../store/users-store';

interface Described {
  updatedAt: number;
  creator: string;
  sha1d: string;
  xml: string;
}

export class DisplayPictures {
  /** The MSN object of each stored picture, made once per change (presence reads it per watcher). */
  private readonly objects = new Map<number, Described>();

  constructor(
    private readonly store: PicturesStore,
    private readonly users: UsersStore,
    private readonly presence: PresenceHub,
  ) {}

  /** The picture's PNG bytes, if the account has one. */
  png(userId: number): Buffer | undefined {
    return this.described(userId) ? this.store.get(userId)?.png : undefined;
  }

  /** The account's MSN object XML for presence lines, "" when it has no picture. */
  msnObject(userId: number): string {
    return this.described(userId)?.xml ?? '';
  }

  /**
   * The picture an MSN object names (creator and SHA1D), if it is the account's current one; an
   * older picture's object (stale) or another account's is not served.
   */
  find(creator: string, sha1d: string): Buffer | undefined {
    const user = this.users.byEmail(creator.toLowerCase());
    const d = user && this.described(user.id);
    // MSNPSharp 2.5.8 URL-decodes the object twice, so a "+" of the base64 SHA1D reaches us as a
    // space (seen in its INVITE: SHA1D="mQ3LOge X/nI…"); base64 has no spaces, so it is read back.
    return d && d.sha1d === sha1d.replace(/ /g, '+') ? this.store.get(user.id)?.png : undefined;
  }

  /** Stores a (normalised) PNG and tells every watcher the new MSN object. */
  set(user: User, png: Buffer): string {
    return this.presence.change(user.id, () => {
      this.store.set(user.id, png);
      this.objects.delete(user.id);
      return this.msnObject(user.id);
    });
  }

  /** Removes the picture; watchers see the object go. False when there was none. */
  remove(user: User): boolean {
    return this.presence.change(user.id, () => {
      this.objects.delete(user.id);
      return this.store.delete(user.id);
    });
  }

  /** The account was deleted (its row went with it): forget the cached picture too. */
  forget(userId: number): void {
    this.objects.delete(userId);
    this.store.delete(userId);
  }

  /** Read from memory on every presence line; the account is looked up once per picture. */
  private described(userId: number): Described | undefined {
    const pic = this.store.get(userId);
    if (!pic) return undefined;
    const cached = this.objects.get(userId);
    if (cached && cached.updatedAt === pic.updatedAt) return cached;
    const user = this.users.byId(userId);
    // A deleted account's id can be given to a new one; its picture is not theirs.
    if (!user || user.createdAt > pic.updatedAt) return undefined;
    const obj = pictureObject(user.email, pic.png);
    const d = { creator: user.email, sha1d: obj.sha1d, xml: formatMsnObject(obj), updatedAt: pic.updatedAt };
    this.objects.set(userId, d);
    return d;
  }
}
