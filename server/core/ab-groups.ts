// ABGroupAdd / ABGroupUpdate / ABGroupDelete / ABGroupContactAdd / ABGroupContactDelete over the
// GroupBook, so MSNP10-12 clients (LSG/ADG/RMG/REG) see the same groups. Each call is one
// transaction; everything named is checked before anything changes.
import { AddressBook, AddressBookError, type NewContact } from './address-book';
import { List, type Group } from './model';

function group(ab: AddressBook, ownerId: number, id: string): Group {
  const g = ab.core.groups.find(ownerId, id.trim().toLowerCase());
  if (!g) throw new AddressBookError('no-such-group', `There is no group ${id}.`);
  return g;
}

/** The GUID of an address already in the address book, if it is. */
function existing(ab: AddressBook, ownerId: number, email: string): string | undefined {
  const user = ab.account(email);
  const e = ab.core.lists.entry(ownerId, user.id);
  return e && e.lists & List.FL ? e.guid : undefined;
}

export function addGroups(ab: AddressBook, ownerId: number, names: string[]): string[] {
  return ab.atomically(() => names.map((name) => ab.core.groups.add(ownerId, name).id));
}

export function renameGroups(ab: AddressBook, ownerId: number, renames: { id: string; name: string }[]): void {
  const resolved = renames.map((r) => ({ g: group(ab, ownerId, r.id), name: r.name }));
  ab.atomically(() => {
    for (const { g, name } of resolved) ab.core.groups.rename(ownerId, g.id, name);
  });
}

export function deleteGroups(ab: AddressBook, ownerId: number, ids: string[]): void {
  const groups = ids.map((id) => group(ab, ownerId, id));
  ab.atomically(() => {
    for (const g of groups) ab.core.groups.remove(ownerId, g.id);
  });
}

/**
 * Puts contacts into groups. A contact is named by its GUID, or (the other form clients use)
 * by a contactInfo, which adds it to the address book first unless it is there already.
 * Already in the group is fine. Returns the contact GUIDs in request order.
 */
export function addToGroups(
  ab: AddressBook,
  ownerId: number,
  groupIds: string[],
  contacts: ({ guid: string } | { add: NewContact; manageAllowList: boolean })[],
): string[] {
  const groups = groupIds.map((id) => group(ab, ownerId, id));
  for (const c of contacts) if ('guid' in c) ab.contactByGuid(ownerId, c.guid);
  return ab.atomically(() =>
    contacts.map((c) => {
      const guid = 'guid' in c ? c.guid.trim().toLowerCase() : (existing(ab, ownerId, c.add.email) ?? ab.addContacts(ownerId, [c.add], c.manageAllowList)[0]!);
      const entry = ab.contactByGuid(ownerId, guid);
      for (const g of groups) if (!entry.groups.includes(g.id)) ab.core.groups.addMember(ownerId, entry.contactId, g.id);
      return entry.guid;
    }),
  );
}

/** Takes contacts out of groups; a contact that is not in the group is left as it is. */
export function removeFromGroups(ab: AddressBook, ownerId: number, groupIds: string[], guids: string[]): void {
  const groups = groupIds.map((id) => group(ab, ownerId, id));
  const entries = guids.map((g) => ab.contactByGuid(ownerId, g));
  ab.atomically(() => {
    for (const e of entries) for (const g of groups) if (e.groups.includes(g.id)) ab.core.groups.removeMember(ownerId, e.contactId, g.id);
  });
}
