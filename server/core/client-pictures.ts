// The pictures of accounts signed in from real clients, as the panel shows them. A client keeps its
// picture itself; the server gets a copy two ways:
//   - the storage service: WLM 8.5/2009 and MSNPSharp put the user tile there (CreateDocument,
//     UpdateDocument, the ProfilePhoto relationship), so the account's picture becomes that tile;
//   - from the client, as a peer: for a client that only announces an MSN object (MSN 6-7.5,
//     Messenger for Mac, MSNP9-14), the switchboard asks it for the object over P2P (the fetcher).
// Either way the image is normalised like a panel upload (96x96 PNG) and stored as the account's
// picture; the MSN object the client announced stays what watchers see. A fetch happens only when
// the panel asks for the picture, at most once per SHA1D; a declined or failed one is "no picture".
import { createHash } from 'node:crypto';
import type { User } from './model';
import type { PresenceHub } from './presence';
import type { DisplayPictures } from './display-pictures';
import { sha1dOf } from './msn-object';
import { normalizePicture, PICTURE_SIDE } from './picture-image';
import { MAX_DOCUMENT_BYTES } from './roaming-profile';

/** Asks the signed-in client of `user` for the object `msnObject` names; rejects with the reason. */
export type PictureFetcher = (user: User, msnObject: string, maxBytes: number) => Promise<Buffer>;

/** The largest picture taken from a client (the storage service's own limit). */
export const MAX_CLIENT_PICTURE_BYTES = MAX_DOCUMENT_BYTES;

interface Attempt {
  /** The client's SHA1D this attempt was for. */
  sha1d: string;
  state: 'fetching' | 'stored' | 'failed';
  done: Promise<void>;
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('base64');

/**
 * A client's picture that is already what the panel keeps (a 96x96 PNG, and it decoded) is kept byte
 * for byte, so its SHA1D stays the client's; anything else is the normalised copy.
 */
function asStored(raw: Buffer, normalised: Buffer): Buffer {
  const png = raw.length > 24 && raw.readUInt32BE(0) === 0x89504e47 && raw.subarray(12, 16).toString('latin1') === 'IHDR';
  return png && raw.readUInt32BE(16) === PICTURE_SIDE && raw.readUInt32BE(20) === PICTURE_SIDE ? raw : normalised;
}

export class ClientPictures {
  /** Set by the switchboard: how the server asks a client for its picture. */
  fetcher?: PictureFetcher;
  /** A line for the traffic tap. */
  note: (account: string, line: string) => void = () => {};
  /** The stored picture changed for a signed-in account (the panel refreshes it). */
  onStored: (user: User) => void = () => {};
  private readonly attempts = new Map<number, Attempt>();
  /** Accounts whose stored picture is the user tile their client put in the storage service. */
  private readonly fromStorage = new Set<number>();
  /** The last tile taken from storage per account (its SHA-1), so an unchanged one is not redone. */
  private readonly tiles = new Map<number, string>();
  /** A tile being read (normalised) right now, per account. */
  private readonly tileWork = new Map<number, Promise<void>>();

  constructor(
    private readonly presence: PresenceHub,
    private readonly pictures: DisplayPictures,
  ) {}

  /**
   * What the panel lists as the account's picture (a SHA1D, the key it fetches bytes by): the
   * stored picture, or for a signed-in client not yet asked, its own SHA1D so the panel asks.
   */
  key(userId: number): string | undefined {
    const stored = sha1dOf(this.pictures.msnObject(userId));
    const announced = this.clientObject(userId);
    if (announced === undefined) return stored; // panel-driven: its own picture
    const client = sha1dOf(announced);
    if (!client) return undefined; // signed in without a picture
    const a = this.attempts.get(userId);
    if (!a || a.sha1d !== client) return client;
    if (a.state === 'failed') return this.fromStorage.has(userId) ? stored : undefined;
    return a.state === 'stored' ? stored : client;
  }

  /** The PNG the panel shows for the account; for a signed-in client this may ask the client first. */
  async png(user: User): Promise<Buffer | undefined> {
    await this.tileWork.get(user.id);
    const announced = this.clientObject(user.id);
    if (announced === undefined) return this.pictures.png(user.id);
    const client = sha1dOf(announced);
    if (!client) return undefined;
    let a = this.attempts.get(user.id);
    if (!a || a.sha1d !== client) a = this.fetch(user, announced, client);
    await a.done;
    if (a.state === 'stored' || (a.state === 'failed' && this.fromStorage.has(user.id))) return this.pictures.png(user.id);
    return undefined;
  }

  /** The account's profile photo in the storage service is now `tile` (as the client sent it). */
  tileStored(user: User, tile: Buffer): Promise<void> {
    const h = sha1(tile);
    if (this.tiles.get(user.id) === h) return Promise.resolve();
    this.tiles.set(user.id, h);
    // Registered at once: a panel request meanwhile waits for the tile rather than asking the client.
    const work = this.takeTile(user, tile, h).finally(() => {
      if (this.tileWork.get(user.id) === work) this.tileWork.delete(user.id);
    });
    this.tileWork.set(user.id, work);
    return work;
  }

  private async takeTile(user: User, tile: Buffer, h: string): Promise<void> {
    let png: Buffer;
    try {
      png = asStored(tile, await normalizePicture(tile));
    } catch (e) {
      this.note(user.email, `the user tile in the storage service is not a picture Butterfly can read (${(e as Error).message}); the panel keeps the old one`);
      return;
    }
    this.pictures.set(user, png);
    this.fromStorage.add(user.id);
    // The tile is the very object the client announces: nothing to fetch for that SHA1D.
    const client = sha1dOf(this.clientObject(user.id) ?? '');
    if (client && client.replace(/ /g, '+') === h) this.attempts.set(user.id, { sha1d: client, state: 'stored', done: Promise.resolve() });
    this.note(user.email, `display picture taken from the storage service's user tile (${tile.length} bytes)`);
    this.onStored(user);
  }

  /** The account was deleted. */
  forget(userId: number): void {
    this.attempts.delete(userId);
    this.fromStorage.delete(userId);
    this.tiles.delete(userId);
  }

  /** The MSN object a signed-in client announces ("" for none); undefined when no client is signed in. */
  private clientObject(userId: number): string | undefined {
    if (!this.presence.isSignedIn(userId)) return undefined;
    return this.presence.snapshot(userId)?.msnObject ?? '';
  }

  private fetch(user: User, msnObject: string, client: string): Attempt {
    const a: Attempt = { sha1d: client, state: 'fetching', done: Promise.resolve() };
    a.done = this.run(user, msnObject, client).then(
      (png) => {
        this.pictures.set(user, png);
        this.fromStorage.delete(user.id);
        a.state = 'stored';
        this.note(user.email, `display picture ${client} fetched from the client (P2P) and stored`);
        this.onStored(user);
      },
      (e: Error) => {
        a.state = 'failed';
        this.note(user.email, `display picture ${client} not fetched from the client: ${e.message}; the panel shows no picture`);
      },
    );
    this.attempts.set(user.id, a);
    return a;
  }

  private async run(user: User, msnObject: string, client: string): Promise<Buffer> {
    if (!this.fetcher) throw new Error('no switchboard to ask the client through');
    const size = Number(/\sSize="(\d+)"/.exec(msnObject)?.[1] ?? NaN);
    if (size > MAX_CLIENT_PICTURE_BYTES) throw new Error(`its MSN object says ${size} bytes (at most ${MAX_CLIENT_PICTURE_BYTES})`);
    const bytes = await this.fetcher(user, msnObject, MAX_CLIENT_PICTURE_BYTES);
    // MSNPSharp 2.5.8 turns a "+" of SHA1D into a space (display-pictures.ts): base64 has no spaces.
    if (sha1(bytes) !== client.replace(/ /g, '+')) throw new Error(`the ${bytes.length} bytes it sent do not match SHA1D (SHA-1 ${sha1(bytes)})`);
    try {
      return asStored(bytes, await normalizePicture(bytes));
    } catch (e) {
      throw new Error(`the bytes are not a picture Butterfly can read (${(e as Error).message})`);
    }
  }
}
