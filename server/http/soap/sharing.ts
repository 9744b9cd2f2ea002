// SharingService FindMembership: the owner's AL/BL/RL/PL as the Messenger service's memberships.
//   POST /abservice/SharingService.asmx  SOAPAction: http://www.msn.com/webservices/AddressBook/FindMembership
// Roles map to list bits: Allow=AL, Block=BL, Reverse=RL, Pending=PL (Pending drives the
// "X added you, allow or block?" prompt). Structure per fact sheet §5.3; answers are always the
// full list for now (deltasOnly/lastChange are read but not used — deltas are another issue).
import type { Core } from '../../core/core';
import { List, type ContactEntry, type User } from '../../core/model';
import { el, soapOk, AB_NS, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { cidOf, DEFAULT_AB_ID, NEVER, soapTime } from './ids';
import { childrenNamed, path, type XmlElement } from '../../xml/xml';
import { contactAccounts } from './accounts';

const ROLES: readonly [role: string, bit: number][] = [
  ['Allow', List.AL],
  ['Block', List.BL],
  ['Reverse', List.RL],
  ['Pending', List.PL],
];

export interface FindMembershipRequest {
  /** ServiceType names the client asked for; empty = no filter given. */
  serviceTypes: string[];
  deltasOnly: boolean;
  lastChange: string | undefined;
}

export function readFindMembership(body: XmlElement): FindMembershipRequest {
  const types = childrenNamed(path(body, 'serviceFilter', 'Types'), 'ServiceType').map((t) => t.text);
  return {
    serviceTypes: types,
    deltasOnly: path(body, 'deltasOnly')?.text.toLowerCase() === 'true',
    lastChange: path(body, 'lastChange')?.text,
  };
}

export function findMembership(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  const req = readFindMembership(body);
  const now = soapTime(Date.now());
  const wantsMessenger = req.serviceTypes.length === 0 || req.serviceTypes.some((t) => t.toLowerCase() === 'messenger');
  const entries = core.lists.entries(owner.id);
  const services = wantsMessenger ? `<Services>${messengerService(core, entries, now)}</Services>` : '<Services/>';
  return soapOk(
    `<FindMembershipResponse xmlns="${AB_NS}"><FindMembershipResult>` +
      services +
      ownerNamespace(owner, now) +
      '</FindMembershipResult></FindMembershipResponse>',
    header,
  );
}

function messengerService(core: Core, entries: ContactEntry[], now: string): string {
  const accounts = contactAccounts(core, entries);
  // Roles with nobody in them are left out (Membership is optional in the schema).
  const memberships = ROLES.map(([role, bit]) => {
    const members = entries.filter((e) => e.lists & bit && accounts.has(e.contactId));
    if (members.length === 0) return '';
    return (
      '<Membership>' +
      el('MemberRole', role) +
      `<Members>${members.map((e) => passportMember(e, accounts.get(e.contactId)!, now)).join('')}</Members>` +
      el('MembershipIsComplete', 'true') +
      '</Membership>'
    );
  }).join('');
  return (
    '<Service>' +
    `<Memberships>${memberships}</Memberships>` +
    '<Info><Handle>' +
    el('Id', 1) +
    el('Type', 'Messenger') +
    '<ForeignId/></Handle>' +
    el('InverseRequired', 'false') +
    el('AuthorizationCriteria', 'Everyone') +
    el('IsBot', 'false') +
    '</Info>' +
    '<Changes/>' +
    el('LastChange', now) +
    el('Deleted', 'false') +
    '</Service>'
  );
}

/**
 * One member, in BaseMember then PassportMember order. MembershipId is an integer (the contact's
 * account id), as the real service sent; ESC's "Allow/<guid>" strings are not what the clients
 * were built against. The CID is the contact's own (from their account GUID), the same value
 * ABFindAll gives.
 *   <Member xsi:type="PassportMember"><MembershipId>7</MembershipId><Type>Passport</Type>…<PassportName>bob@x</PassportName>…
 */
function passportMember(e: ContactEntry, contact: User, now: string): string {
  return (
    '<Member xsi:type="PassportMember">' +
    el('MembershipId', e.contactId) +
    el('Type', 'Passport') +
    el('DisplayName', contact.friendlyName) +
    el('State', 'Accepted') +
    el('Deleted', 'false') +
    el('LastChanged', now) +
    el('JoinedDate', now) +
    el('ExpirationDate', NEVER) +
    '<Changes/>' +
    el('PassportName', contact.email) +
    el('IsPassportNameHidden', 'false') +
    el('PassportId', 0) +
    el('CID', cidOf(contact.guid)) +
    '<PassportChanges/>' +
    el('LookedupByCID', 'false') +
    '</Member>'
  );
}

function ownerNamespace(owner: User, now: string): string {
  return (
    '<OwnerNamespace><Info><Handle>' +
    el('Id', DEFAULT_AB_ID) +
    el('IsPassportNameHidden', 'false') +
    el('CID', 0) +
    '</Handle>' +
    el('CreatorPuid', 0) +
    el('CreatorCID', cidOf(owner.guid)) +
    el('CreatorPassportName', owner.email) +
    '</Info><Changes/>' +
    el('CreateDate', soapTime(owner.createdAt)) +
    el('LastChange', now) +
    '</OwnerNamespace>'
  );
}
