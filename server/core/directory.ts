// Accounts and contact lists with their rules: what may be created, who may be on which list,
// and the reverse list kept in step (when A puts B on FL, A appears on B's RL).
import { CoreError } from './errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { List, isStatus, isValidEmail, type Blp, type ContactEntry, type Gtc, type Status, type User } from './model';
import type { PresenceHub } from './presence';
import type { ListsStore } from '../store/lists-store';
import type { UsersStore } from '../store/users-store';
import type { Db } from '../store/db';
import { transaction } from '../store/statements';

export const MAX_FRIENDLY_NAME_BYTES = 387; // 129 characters of 3 bytes, the service's limit
export const MAX_PSM_BYTES = 1024;
export const MAX_CONTACTS = 1000;

export class Directory {
  /** Called when accounts or lists change (the panel listens). */
  onListsChanged: (ownerId: number, contactId?: number) => void = () => {};
  /** Called after a password change (MSN 1.0–4.7 sign-in re-seals its copy). */
  onPasswordSet: (userId: number, password: string) => void = () => {};
  /** Called when an account's tickets must stop working: password changed or account deleted. */
  onCredentialsRevoked: (userId: number, reason: 'password' | 'deleted') => void = () => {};

  constructor(
    private readonly db: Db,
    readonly users: UsersStore,
    readonly lists: ListsStore,
    private readonly presence: PresenceHub,
  ) {}

  async createAccount(email: string, password: string, friendlyName?: string): Promise<User> {
    this.checkNewAccount(email, friendlyName, password);
    const hash = await hashPassword(password);
    // Checked again after the slow hash: another request may have created it meanwhile.
    return this.createAccountWithHash(email, hash, friendlyName);
  }

  /**
   * Creates an account whose password hash is already made (hashPassword). Seeding thousands of
   * accounts with one password hashes it once instead of once per account.
   */
  createAccountWithHash(email: string, passwordHash: string, friendlyName?: string): User {
    const { normalized, name } = this.checkNewAccount(email, friendlyName);
    const user = this.users.create(normalized, passwordHash, name);
    this.onListsChanged(user.id);
    return user;
  }

  private checkNewAccount(email: string, friendlyName?: string, password?: string): { normalized: string; name: string } {
    const normalized = email.trim().toLowerCase();
    if (!isValidEmail(normalized)) {
      throw new CoreError('invalid-email', `"${email}" is not an address like name@example.com.`);
    }
    const pwProblem = password === undefined ? undefined : passwordProblem(password);
    if (pwProblem) throw new CoreError('invalid-password', pwProblem);
    const name = friendlyName?.trim() || normalized;
    checkFriendlyName(name);
    if (this.users.byEmail(normalized)) {
      throw new CoreError('account-exists', `An account ${normalized} already exists; pick another address or edit it.`);
    }
    return { normalized, name };
  }

  /** The account if the password is right; undefined for an unknown account or a wrong password. */
  async authenticate(email: string, password: string): Promise<User | undefined> {
    const user = this.users.byEmail(email.trim());
    if (!user) {
      // Same work as a real check, so the answer time doesn't tell which accounts exist.
      await verifyPassword(password, DUMMY_HASH);
      return undefined;
    }
    const ok = await verifyPassword(password, this.users.passwordHash(user.id) ?? '');
    return ok ? user : undefined;
  }

  async setPassword(userId: number, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new CoreError('invalid-password', problem);
    this.users.setPasswordHash(userId, await hashPassword(password));
    this.onPasswordSet(userId, password);
    // Tickets issued under the old password must not outlive it (they would for 24 h otherwise).
    this.onCredentialsRevoked(userId, 'password');
  }

  requireUser(email: string): User {
    const user = this.users.byEmail(email.trim());
    if (!user) throw new CoreError('no-such-account', `There is no account ${email} on this server; create it in the panel first.`);
    return user;
  }

  setFriendlyName(userId: number, name: string): void {
    checkFriendlyName(name);
    this.presence.change(userId, () => this.users.update(userId, { friendlyName: name }));
  }

  setPersonalMessage(userId: number, psm: string, currentMedia: string): void {
    if (Buffer.byteLength(psm) > MAX_PSM_BYTES || Buffer.byteLength(currentMedia) > MAX_PSM_BYTES) {
      throw new CoreError('invalid-name', `A personal message is limited to ${MAX_PSM_BYTES} bytes.`);
    }
    this.presence.change(userId, () => this.users.update(userId, { psm, currentMedia }));
  }

  setProperty(userId: number, key: string, value: string): void {
    this.users.setProperty(userId, key, value);
    this.users.bumpListVersion(userId);
  }

  /** Status set from the panel for an account no real client is signed in as. */
  setPanelStatus(userId: number, status: Status): void {
    if (!isStatus(status)) throw new CoreError('invalid-status', `Unknown status ${String(status)}.`);
    if (this.presence.isSignedIn(userId)) {
      throw new CoreError('signed-in', 'A real client is signed in as this account; change its status from that client.');
    }
    this.presence.change(userId, () => this.users.update(userId, { panelStatus: status }));
  }

  setPrivacy(userId: number, changes: { blp?: Blp; gtc?: Gtc }): void {
    // BLP decides what people on neither AL nor BL see, so watchers are told at once.
    this.presence.change(userId, () => this.users.update(userId, changes));
    // GTC and BLP are part of what SYN sends: a new list version makes clients fetch them.
    this.users.bumpListVersion(userId);
    this.onListsChanged(userId);
  }

  contacts(ownerId: number): ContactEntry[] {
    return this.lists.entries(ownerId);
  }

  /**
   * Adds `bits` of lists for `contactId` on `ownerId`'s lists and keeps the reverse list in step.
   * FL on A's side means RL on B's side. Returns the owner's new bits.
   */
  addToLists(ownerId: number, contactId: number, bits: number): number {
    if (ownerId === contactId && bits & (List.AL | List.BL)) {
      // Allowing or blocking yourself is meaningless; the clients never ask.
      bits &= ~(List.AL | List.BL);
    }
    return this.editLists(ownerId, contactId, bits, 0);
  }

  removeFromLists(ownerId: number, contactId: number, bits: number): number {
    return this.editLists(ownerId, contactId, 0, bits);
  }

  /** Adds and removes list bits in one change (block: +BL −AL), so watchers see one presence update. */
  editListsAtOnce(ownerId: number, contactId: number, add: number, remove: number): number {
    return this.editLists(ownerId, contactId, add & ~remove, remove);
  }

  private editLists(ownerId: number, contactId: number, add: number, remove: number): number {
    // Both sides may see each other differently afterwards: the owner's AL/BL decide what the
    // contact sees of the owner, and a new FL entry makes the owner a watcher of the contact.
    const result = this.presence.changeMany([ownerId, contactId], () => transaction(this.db, () => {
      const current = this.lists.entry(ownerId, contactId)?.lists ?? 0;
      if (add & List.AL && current & List.BL && !(remove & List.BL)) {
        throw new CoreError('in-opposite-list', 'That contact is blocked; unblock them before allowing them.');
      }
      if (add & List.BL && current & List.AL && !(remove & List.AL)) {
        throw new CoreError('in-opposite-list', 'That contact is allowed; remove them from the allow list before blocking.');
      }
      if (add & List.FL && !(current & List.FL) && this.countOnFl(ownerId) >= MAX_CONTACTS) {
        throw new CoreError('list-full', `A contact list holds at most ${MAX_CONTACTS} contacts.`);
      }
      let next = (current | add) & ~remove;
      // Allowing or blocking someone answers their "has added you" prompt.
      if (add & (List.AL | List.BL)) next &= ~List.PL;
      if (next === current) return { next: current, reverse: undefined };
      this.lists.setLists(ownerId, contactId, next);
      // Keep the other side's RL in step with our FL; a new watcher also lands on their PL
      // (the "has added you" prompt) unless they already allowed or blocked us.
      const flAdded = !(current & List.FL) && next & List.FL;
      const flRemoved = current & List.FL && !(next & List.FL);
      let reverse: { added: boolean; listVersion: number } | undefined;
      if (flAdded || flRemoved) {
        const theirs = this.lists.entry(contactId, ownerId)?.lists ?? 0;
        const decided = theirs & (List.AL | List.BL);
        const theirsNext = flAdded ? theirs | List.RL | (decided ? 0 : List.PL) : theirs & ~(List.RL | List.PL);
        this.lists.setLists(contactId, ownerId, theirsNext);
        reverse = { added: !!flAdded, listVersion: this.users.bumpListVersion(contactId) };
      }
      this.users.bumpListVersion(ownerId);
      return { next, reverse };
    }));
    if (result.reverse && ownerId !== contactId) this.tellReverseListChange(ownerId, contactId, result.reverse);
    // One entry of each side changed: the panel refetches that entry, not the list.
    this.onListsChanged(ownerId, contactId);
    this.onListsChanged(contactId, ownerId);
    return result.next;
  }

  /** "X has added you" / "X removed you", to the other side's client if it is signed in. */
  private tellReverseListChange(ownerId: number, contactId: number, change: { added: boolean; listVersion: number }): void {
    const owner = this.users.byId(ownerId);
    if (!owner) return;
    for (const ep of this.presence.endpointsOf(contactId)) {
      ep.notify({ kind: 'reverse-list', added: change.added, email: owner.email, friendlyName: owner.friendlyName, listVersion: change.listVersion });
    }
  }

  private countOnFl(ownerId: number): number {
    return this.lists.entries(ownerId).filter((e) => e.lists & List.FL).length;
  }

  /**
   * Deletes an account for good. A client signed in as it is signed out; everyone who had it on
   * their list sees it go offline, then loses the entry (their lists and reverse lists are kept in
   * step as for any removal); its own lists and groups go with it.
   */
  deleteAccount(userId: number): void {
    const eps = [...this.presence.endpointsOf(userId)];
    if (eps.length) {
      // Detach first so watchers hear FLN now, not when the socket has finished closing.
      for (const ep of eps) this.presence.detach(ep);
      for (const ep of eps) ep.kick('KICK');
    } else {
      this.presence.change(userId, () => this.users.update(userId, { panelStatus: 'FLN' }));
    }
    const every = List.FL | List.AL | List.BL | List.RL | List.PL;
    for (const e of this.lists.entries(userId)) this.removeFromLists(userId, e.contactId, every);
    for (const ownerId of this.lists.ownersWith(userId, every)) this.removeFromLists(ownerId, userId, every);
    this.onCredentialsRevoked(userId, 'deleted');
    this.users.delete(userId);
    this.onListsChanged(userId);
  }
}

function checkFriendlyName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_FRIENDLY_NAME_BYTES || /[\r\n\0]/.test(name)) {
    throw new CoreError('invalid-name', `A friendly name must be 1 to ${MAX_FRIENDLY_NAME_BYTES} bytes on one line.`);
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
