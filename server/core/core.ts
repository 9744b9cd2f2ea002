// The core: one object holding the directory (accounts, lists), presence and ticket issuer,
// shared by every protocol front end and the panel. Knows nothing of MSNP versions.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Directory } from './directory';
import { GroupBook } from './groups';
import { PresenceHub } from './presence';
import { TicketIssuer } from './tickets';
import { DisplayPictures } from './display-pictures';
import { sha1dOf } from './msn-object';
import type { Status, User } from './model';
import { getSetting, openDatabase, setSetting, type Db } from '../store/db';
import { ListsStore } from '../store/lists-store';
import { UsersStore } from '../store/users-store';
import { PicturesStore } from '../store/pictures-store';

export interface CoreEvents {
  /** `picture`: the SHA1D of the account's display picture, when it has one. */
  presence: [{ email: string; status: Status; friendlyName: string; psm: string; picture?: string }];
  lists: [{ ownerId: number }];
}

export class Core {
  readonly events = new EventEmitter<CoreEvents>();
  readonly users: UsersStore;
  readonly lists: ListsStore;
  readonly presence: PresenceHub;
  readonly directory: Directory;
  readonly groups: GroupBook;
  readonly tickets: TicketIssuer;
  readonly pictures: DisplayPictures;

  constructor(readonly db: Db) {
    this.users = new UsersStore(db);
    this.lists = new ListsStore(db);
    this.presence = new PresenceHub(this.users, this.lists);
    this.directory = new Directory(db, this.users, this.lists, this.presence);
    this.groups = new GroupBook(this.users, this.lists);
    this.tickets = new TicketIssuer(ticketSecret(db));
    this.pictures = new DisplayPictures(new PicturesStore(db), this.users, this.presence);
    this.presence.panelMsnObject = (userId) => this.pictures.msnObject(userId);
    this.presence.onChange = (user: User, s) =>
      this.events.emit('presence', { email: user.email, status: s.status, friendlyName: s.friendlyName, psm: s.psm, ...pictureOf(s.msnObject) });
    this.directory.onListsChanged = (ownerId) => {
      // After deleteAccount the owner is gone: its picture goes from memory as it went from the table.
      if (!this.users.byId(ownerId)) this.pictures.forget(ownerId);
      this.events.emit('lists', { ownerId });
    };
    this.groups.onChanged = (ownerId) => this.events.emit('lists', { ownerId });
  }

  static open(file: string): Core {
    return new Core(openDatabase(file));
  }

  close(): void {
    this.db.close();
  }
}

/** The picture's SHA1D, for the panel to know when a picture changed. */
function pictureOf(msnObject: string): { picture?: string } {
  const sha1d = sha1dOf(msnObject);
  return sha1d ? { picture: sha1d } : {};
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
