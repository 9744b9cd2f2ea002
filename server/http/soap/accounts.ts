// The contact accounts behind an owner's list rows: ListsStore rows carry the contact's email
// and the owner's row GUID, but the contact's own friendly name and account GUID (for the CID)
// live on the account. One lookup per contact, shared by FindMembership and ABFindAll.
import type { Core } from '../../core/core';
import type { ContactEntry, User } from '../../core/model';

export function contactAccounts(core: Core, entries: ContactEntry[]): Map<number, User> {
  const out = new Map<number, User>();
  for (const e of entries) {
    if (out.has(e.contactId)) continue;
    const u = core.users.byId(e.contactId);
    if (u) out.set(e.contactId, u);
  }
  return out;
}
