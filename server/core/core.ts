// The core: one object holding the directory (accounts, lists), presence and ticket issuer,
// shared by every protocol front end and the panel. Knows nothing of MSNP versions.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Directory } from './directory';
import { GroupBook } from './groups';
import { PresenceHub } from './presence';
import { TicketIssuer } from './tickets';
import { loadOrCreateMd5Key, MD5_KEY_FILE, Md5SignIn } from './md5-signin';
import path from 'node:path';
import { Md5SecretStore } from '../store/md5-secret-store';
import { DisplayPictures } from './display-pictures';
import { ClientPictures } from './client-pictures';
import type { Status, User } from './model';
import { getSetting, openDatabase, setSetting, type Db } from '../store/db';
import { ListsStore } from '../store/lists-store';
import { UsersStore } from '../store/users-store';
import { CredentialStamps } from '../store/credential-stamps';
import { OimStore } from '../store/oim-store';
import { HistoryStore } from '../store/history-store';
import { OfflineMessages } from './offline-messages';
import { PicturesStore } from '../store/pictures-store';

export interface CoreEvents {
  /** `picture`: the SHA1D of the account's display picture, when it has one. */
  presence: [{ email: string; status: Status; friendlyName: string; psm: string; picture?: string }];
  /** An account's lists changed; `contactId`: only that entry of them. */
  lists: [{ ownerId: number; contactId?: number }];
  /** An account's tickets were revoked: its password changed or it is being deleted. */
  credentials: [{ userId: number; guid: string; reason: 'password' | 'deleted' }];
}

export class Core {
  readonly events = new EventEmitter<CoreEvents>();
  readonly users: UsersStore;
  readonly lists: ListsStore;
  readonly presence: PresenceHub;
  readonly directory: Directory;
  readonly groups: GroupBook;
  readonly tickets: TicketIssuer;
  /** MSN 1.0–4.7 sign-in: the per-account choice and its sealed secret. */
  readonly md5: Md5SignIn;
  /** Offline messages (OIM) waiting for their recipients. */
  readonly oims: OfflineMessages;
  /** Every conversation, kept for the retention period. */
  readonly history: HistoryStore;
  readonly pictures: DisplayPictures;
  /** Pictures of accounts signed in from real clients (storage tile, or fetched from the client). */
  readonly clientPictures: ClientPictures;

  /** `md5KeyFile`: where the MD5 sign-in sealing key lives (the data folder); none = this process only. */
  constructor(readonly db: Db, md5KeyFile?: string) {
    this.users = new UsersStore(db);
    this.lists = new ListsStore(db);
    this.presence = new PresenceHub(this.users, this.lists);
    this.directory = new Directory(db, this.users, this.lists, this.presence);
    this.groups = new GroupBook(this.users, this.lists);
    this.tickets = new TicketIssuer(ticketSecret(db), new CredentialStamps(db));
    this.md5 = new Md5SignIn(new Md5SecretStore(db), loadOrCreateMd5Key(md5KeyFile));
    this.directory.onPasswordSet = (userId, password) => this.md5.passwordChanged(userId, password);
    this.oims = new OfflineMessages(new OimStore(db), this.users, this.lists);
    this.history = new HistoryStore(db);
    this.history.prune();
    // An offline message is a conversation of its own in the history.
    this.oims.events.on('stored', (m) => {
      const to = this.users.byId(m.recipientId);
      if (!to) return;
      this.history.offline(`oim-${m.id}`, { email: m.senderEmail, displayName: m.senderName }, { email: to.email, displayName: to.friendlyName }, m.text, m.sentAt);
    });
    this.presence.onChange = (user: User, s) => {
      this.events.emit('presence', { email: user.email, status: s.status, friendlyName: s.friendlyName, psm: s.psm, ...this.pictureKey(user.id) });
      if (s.status === 'FLN' && !this.presence.isSignedIn(user.id)) this.lists.release(user.id);
    };
    this.directory.onListsChanged = (ownerId, contactId) => {
      // After deleteAccount the owner is gone: its picture goes from memory as it went from the table.
      if (!this.users.byId(ownerId)) {
        this.pictures.forget(ownerId);
        this.clientPictures.forget(ownerId);
      }
      this.events.emit('lists', contactId === undefined ? { ownerId } : { ownerId, contactId });
    };
    this.directory.onCredentialsRevoked = (userId, reason) => {
      const guid = this.users.byId(userId)?.guid;
      this.tickets.revokeAll(userId);
      if (guid) this.events.emit('credentials', { userId, guid, reason });
    };
    this.pictures = new DisplayPictures(new PicturesStore(db), this.users, this.presence);
    this.presence.panelMsnObject = (userId) => this.pictures.msnObject(userId);
    this.clientPictures = new ClientPictures(this.presence, this.pictures);
    // A client's picture arrived (storage tile or P2P): the panel hears it like a presence change.
    this.clientPictures.onStored = (user) => {
      const s = this.presence.snapshot(user.id);
      if (s) this.events.emit('presence', { email: user.email, status: s.status, friendlyName: s.friendlyName, psm: s.psm, ...this.pictureKey(user.id) });
    };
    this.groups.onChanged = (ownerId) => this.events.emit('lists', { ownerId });
  }

  static open(file: string): Core {
    return new Core(openDatabase(file), file === ':memory:' ? undefined : path.join(path.dirname(file), MD5_KEY_FILE));
  }

  /** The picture's key (a SHA1D) for the panel to know when the picture it shows changed. */
  pictureKey(userId: number): { picture?: string } {
    const sha1d = this.clientPictures.key(userId);
    return sha1d ? { picture: sha1d } : {};
  }

  /**
   * After a crowd left (limits/heap-trim.ts): the accounts of users not signed in leave memory;
   * they are read again from SQLite when next needed, as after a restart.
   */
  releaseOfflineAccounts(): number {
    return this.users.releaseExcept((id) => this.presence.isSignedIn(id));
  }

  /**
   * After a crowd left, before the heap trimmer's malloc_trim: SQLite's page cache (up to 512 KB,
   * store/db.ts), filled by the sign-ins' reads, goes back to malloc; pages are read again, from
   * the system's file cache, when next needed (0.3 ms; ~0.4 MB of the main arena measured).
   */
  shrinkSqliteCache(): void {
    this.db.pragma('shrink_memory');
  }

  close(): void {
    this.history.close();
    this.db.close();
  }
}


/** The HMAC key for tickets, made once and kept, so tickets survive a restart. */
function ticketSecret(db: Db): Buffer {
  let hex = getSetting(db, 'ticket_secret');
  if (!hex) {
    hex = randomBytes(32).toString('hex');
    setSetting(db, 'ticket_secret', hex);
  }
  return Buffer.from(hex, 'hex');
}
