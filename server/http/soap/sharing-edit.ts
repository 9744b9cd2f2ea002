// SharingService AddMember / DeleteMember on the Messenger service (allow, block, answer a
// pending "has added you"). The request, as PAPYON and WLM send it:
//   <AddMember><serviceHandle><Id>0</Id><Type>Messenger</Type><ForeignId/></serviceHandle>
//     <memberships><Membership><MemberRole>Block</MemberRole><Members>
//       <Member xsi:type="PassportMember"><Type>Passport</Type><State>Accepted</State><PassportName>bob@x</PassportName></Member>
//     </Members></Membership></memberships></AddMember>      -> <AddMemberResponse xmlns="…"/>
// DeleteMember may name the member by the MembershipId FindMembership gave instead.
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import { AddressBook, AddressBookError } from '../../core/address-book';
import { addMembers, deleteMembers, isMemberRole, type MemberRef, type MemberRole } from '../../core/ab-memberships';
import { answering, badRequest } from './ab-faults';
import { AB_NS, soapOk, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { childrenNamed, path, type XmlElement } from '../../xml/xml';

function readMemberships(body: XmlElement): { role: MemberRole; refs: MemberRef[] }[] {
  const service = path(body, 'serviceHandle', 'Type')?.text;
  if (service && service.toLowerCase() !== 'messenger') {
    badRequest(`Only the Messenger service's memberships are kept here, not ${service}.`);
  }
  const out = childrenNamed(path(body, 'memberships'), 'Membership').map((m) => {
    const role = path(m, 'MemberRole')?.text ?? '';
    if (!isMemberRole(role)) badRequest(`Unknown MemberRole "${role}" (Allow, Block, Reverse or Pending).`);
    const refs = childrenNamed(path(m, 'Members'), 'Member').map((member): MemberRef => {
      const email = path(member, 'PassportName')?.text;
      if (email) return { email };
      const id = path(member, 'MembershipId')?.text;
      if (id) return { membershipId: id };
      // EmailMember (Yahoo!, e-mail invitations) has no passport to put on a list.
      throw new AddressBookError('invalid-address', 'Only passport members (PassportName or MembershipId) are kept here.');
    });
    return { role: role as MemberRole, refs };
  });
  if (out.every((m) => m.refs.length === 0)) badRequest('The request names no member.');
  return out;
}

export function addMember(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    addMembers(AddressBook.of(core), owner.id, readMemberships(body));
    return soapOk(`<AddMemberResponse xmlns="${AB_NS}"/>`, header);
  });
}

export function deleteMember(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    deleteMembers(AddressBook.of(core), owner.id, readMemberships(body));
    return soapOk(`<DeleteMemberResponse xmlns="${AB_NS}"/>`, header);
  });
}
