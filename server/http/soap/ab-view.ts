// What ABFindAll / ABFindContactsPaged show of an owner's address book, in no XML yet: the
// groups, the FL contacts and the Me contact — all of them (since = 0) or only those changed
// after stamp `since`, with deleted contacts and groups (fDeleted) from their tombstones.
import type { Core } from '../../core/core';
import { AddressBook } from '../../core/address-book';
import { List, type User } from '../../core/model';
import { cidOf } from './ids';

export interface AbContactItem {
  guid: string;
  type: 'Regular' | 'Me';
  email: string;
  name: string;
  cid: string;
  groupIds: string[];
  isMessengerUser: boolean;
  annotations: [string, string][];
  deleted: boolean;
  changedAt: number; // µs
}

export interface AbGroupItem {
  id: string;
  name: string;
  deleted: boolean;
  changedAt: number;
}

export interface AbView {
  groups: AbGroupItem[];
  contacts: AbContactItem[];
  /** The newest change: the client's next lastChange. */
  lastChange: number;
}

export function addressBookView(core: Core, owner: User, since: number): AbView {
  const store = AddressBook.of(core).store;
  const lastChange = store.latestTime();
  const groupSeqs = store.groupSeqs(owner.id);
  const groups: AbGroupItem[] = core.lists
    .groups(owner.id)
    .filter((g) => (groupSeqs.get(g.id) ?? 0) > since)
    .map((g) => ({ id: g.id, name: g.name, deleted: false, changedAt: store.timeOf(groupSeqs.get(g.id) ?? 0) }));
  if (since > 0) {
    for (const t of store.deletedGroupsSince(owner.id, since)) {
      if (!groupSeqs.has(t.id)) groups.push({ id: t.id, name: t.name, deleted: true, changedAt: store.timeOf(t.changeSeq) });
    }
  }

  const fields = store.contactFields(owner.id);
  const contacts: AbContactItem[] = [];
  const current = new Set<string>();
  for (const e of core.lists.entries(owner.id)) {
    if (!(e.lists & List.FL)) continue;
    current.add(e.guid);
    const f = fields.get(e.contactId);
    const seq = f?.changeSeq ?? e.changeSeq;
    if (seq <= since) continue;
    const account = core.users.byId(e.contactId);
    if (!account) continue;
    contacts.push({
      guid: e.guid,
      type: 'Regular',
      email: account.email,
      // The name shown is what the owner calls them, else their own friendly name.
      name: e.nickname || account.friendlyName,
      cid: cidOf(account.guid),
      groupIds: e.groups,
      isMessengerUser: f?.isMessengerUser ?? true,
      annotations: Object.entries(f?.annotations ?? {}),
      deleted: false,
      changedAt: store.timeOf(seq),
    });
  }
  if (since > 0) {
    for (const t of store.deletedContactsSince(owner.id, since)) {
      if (current.has(t.id)) continue;
      const account = core.users.byEmail(t.email);
      contacts.push({
        guid: t.id,
        type: 'Regular',
        email: t.email,
        name: account?.friendlyName ?? t.email,
        cid: account ? cidOf(account.guid) : '0',
        groupIds: [],
        isMessengerUser: true,
        annotations: [],
        deleted: true,
        changedAt: store.timeOf(t.changeSeq),
      });
    }
  }

  const book = store.addressBook(owner.id);
  if (book.meSeq > since || since === 0) {
    contacts.push({
      guid: owner.guid,
      type: 'Me',
      email: owner.email,
      name: owner.friendlyName,
      cid: cidOf(owner.guid),
      groupIds: [],
      isMessengerUser: true,
      // Privacy first (MSN.IM.BLP: 1 = AL, 2 = BL; MSN.IM.GTC: 1 = ask, 2 = don't), then what the client stored.
      annotations: [
        ['MSN.IM.MBEA', '0'],
        ['MSN.IM.GTC', owner.gtc === 'N' ? '2' : '1'],
        ['MSN.IM.BLP', owner.blp === 'BL' ? '2' : '1'],
        ...Object.entries(book.meAnnotations),
      ],
      deleted: false,
      changedAt: store.timeOf(book.meSeq),
    });
  }
  return { groups, contacts, lastChange };
}
