// AddMember / DeleteMember: the Messenger service's roles are the list bits
// (Allow = AL, Block = BL, Reverse = RL, Pending = PL), changed through the Directory so presence
// and the other side's lists follow at once.
//   Allow/Block    the user's own choice. Adding one takes the contact off the other (clients send
//                  "DeleteMember Allow + AddMember Block" in either order; both orders end blocked),
//                  and answers a pending "has added you".
//   Pending        DeleteMember answers the prompt without allowing or blocking.
//   Deleting a membership that was there and is gone already succeeds (MemberDoesNotExist is
//   for one that never was): allowing someone clears their Pending, and PAPYON deletes Pending
//   afterwards.
//   Reverse        mirrors the other person's FL: it cannot be created or removed from this side.
//                  PAPYON's "accept" still sends AddMember Reverse; that is accepted and changes
//                  nothing (MemberAlreadyExists when it is already there, as the service said).
import { AddressBook, AddressBookError } from './address-book';
import { List, type User } from './model';

export type MemberRole = 'Allow' | 'Block' | 'Reverse' | 'Pending';
export const ROLE_BITS: Record<MemberRole, number> = { Allow: List.AL, Block: List.BL, Reverse: List.RL, Pending: List.PL };

export function isMemberRole(s: string): s is MemberRole {
  return Object.prototype.hasOwnProperty.call(ROLE_BITS, s);
}

/** How a request names a member: by address (PassportName) or by the MembershipId we gave out. */
export type MemberRef = { email: string } | { membershipId: string };

function resolve(ab: AddressBook, ownerId: number, ref: MemberRef): User {
  if ('email' in ref) return ab.account(ref.email);
  // Our MembershipIds are the contact's account number; ESC-style "Allow/<id>" is read too.
  const id = Number(ref.membershipId.split('/').pop());
  const user = Number.isSafeInteger(id) ? ab.core.users.byId(id) : undefined;
  if (!user || !ab.core.lists.entry(ownerId, user.id)) {
    throw new AddressBookError('no-such-member', `There is no member ${ref.membershipId}.`);
  }
  return user;
}

export function addMembers(ab: AddressBook, ownerId: number, changes: { role: MemberRole; refs: MemberRef[] }[]): void {
  const plan = changes.flatMap(({ role, refs }) => refs.map((ref) => ({ role, user: resolve(ab, ownerId, ref) })));
  for (const { role, user } of plan) {
    const bits = ab.core.lists.entry(ownerId, user.id)?.lists ?? 0;
    if (bits & ROLE_BITS[role]) throw new AddressBookError('member-exists', `${user.email} is already a ${role} member.`);
  }
  ab.atomically(() => {
    for (const { role, user } of plan) {
      if (role === 'Reverse' || role === 'Pending') continue;
      const bits = ab.core.lists.entry(ownerId, user.id)?.lists ?? 0;
      const opposite = role === 'Allow' ? List.BL : List.AL;
      if (bits & opposite) ab.core.directory.removeFromLists(ownerId, user.id, opposite);
      ab.core.directory.addToLists(ownerId, user.id, ROLE_BITS[role]);
    }
  });
}

export function deleteMembers(ab: AddressBook, ownerId: number, changes: { role: MemberRole; refs: MemberRef[] }[]): void {
  const plan = changes.flatMap(({ role, refs }) => refs.map((ref) => ({ role, user: resolve(ab, ownerId, ref) })));
  for (const { role, user } of plan) {
    const bits = ab.core.lists.entry(ownerId, user.id)?.lists ?? 0;
    // Gone already is fine: allowing someone answers their Pending, and PAPYON deletes Pending after.
    if (!(bits & ROLE_BITS[role]) && !ab.store.wasRemoved(ownerId, user.id, ROLE_BITS[role])) {
      throw new AddressBookError('no-such-member', `${user.email} is not a ${role} member.`);
    }
  }
  ab.atomically(() => {
    for (const { role, user } of plan) {
      if (role === 'Reverse') continue;
      if (!((ab.core.lists.entry(ownerId, user.id)?.lists ?? 0) & ROLE_BITS[role])) continue;
      ab.core.directory.removeFromLists(ownerId, user.id, ROLE_BITS[role]);
    }
  });
}
