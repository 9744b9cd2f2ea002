// Contact groups ("Friends", "Family"): at most 30 per user, names up to 61 bytes as the clients
// send them (URL-encoded), no two alike. Group 0, "Other Contacts", is implicit and can't be removed.
import { CoreError } from './errors';
import type { Group } from './model';
import type { ListsStore } from '../store/lists-store';
import type { UsersStore } from '../store/users-store';

export const MAX_GROUPS = 30;
export const MAX_GROUP_NAME_BYTES = 61;

export class GroupBook {
  onChanged: (ownerId: number) => void = () => {};

  constructor(
    private readonly users: UsersStore,
    private readonly lists: ListsStore,
  ) {}

  all(ownerId: number): Group[] {
    return this.lists.groups(ownerId);
  }

  /** By GUID (MSNP10+) or by number (MSNP8-9); undefined when there is none. */
  find(ownerId: number, idOrNumber: string): Group | undefined {
    return this.all(ownerId).find((g) => g.id === idOrNumber.toLowerCase() || String(g.number) === idOrNumber);
  }

  require(ownerId: number, idOrNumber: string): Group {
    const g = this.find(ownerId, idOrNumber);
    if (!g) throw new CoreError('no-such-group', `There is no group ${idOrNumber}.`);
    return g;
  }

  add(ownerId: number, name: string): Group {
    this.checkName(ownerId, name);
    if (this.all(ownerId).length >= MAX_GROUPS) {
      throw new CoreError('too-many-groups', `A contact list has at most ${MAX_GROUPS} groups.`);
    }
    const g = this.lists.addGroup(ownerId, name);
    this.changed(ownerId);
    return g;
  }

  rename(ownerId: number, idOrNumber: string, name: string): Group {
    const g = this.require(ownerId, idOrNumber);
    if (g.name !== name) this.checkName(ownerId, name);
    this.lists.renameGroup(ownerId, g.id, name);
    this.changed(ownerId);
    return { ...g, name };
  }

  remove(ownerId: number, idOrNumber: string): Group {
    if (idOrNumber === '0') throw new CoreError('cannot-remove-group', '"Other Contacts" cannot be removed.');
    const g = this.require(ownerId, idOrNumber);
    this.lists.removeGroup(ownerId, g.id);
    this.changed(ownerId);
    return g;
  }

  addMember(ownerId: number, contactId: number, groupId: string): void {
    const entry = this.lists.entry(ownerId, contactId);
    if (!entry) throw new CoreError('not-on-list', 'Only contacts on the list can go in a group.');
    if (entry.groups.includes(groupId)) throw new CoreError('already-on-list', 'That contact is already in that group.');
    this.lists.addToGroup(ownerId, contactId, groupId);
    this.changed(ownerId);
  }

  removeMember(ownerId: number, contactId: number, groupId: string): void {
    const entry = this.lists.entry(ownerId, contactId);
    if (!entry?.groups.includes(groupId)) throw new CoreError('not-in-group', 'That contact is not in that group.');
    this.lists.removeFromGroup(ownerId, contactId, groupId);
    this.changed(ownerId);
  }

  private checkName(ownerId: number, name: string): void {
    if (!name || Buffer.byteLength(encodeURIComponent(name)) > MAX_GROUP_NAME_BYTES) {
      throw new CoreError('group-name-too-long', `A group name is 1 to ${MAX_GROUP_NAME_BYTES} bytes (as sent, URL-encoded).`);
    }
    if (this.all(ownerId).some((g) => g.name === name)) {
      throw new CoreError('group-exists', `There is already a group called ${name}.`);
    }
  }

  private changed(ownerId: number): void {
    this.users.bumpListVersion(ownerId);
    this.onChanged(ownerId);
  }
}
