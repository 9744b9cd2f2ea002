// SharingService FindMembership: the owner's AL/BL/RL/PL as the Messenger service's memberships.
//   POST /abservice/SharingService.asmx  SOAPAction: http://www.msn.com/webservices/AddressBook/FindMembership
// Roles map to list bits: Allow=AL, Block=BL, Reverse=RL, Pending=PL (Pending drives the
// "X added you, allow or block?" prompt). Structure per fact sheet §5.3. With deltasOnly and a
// lastChange only the memberships that changed since are sent, a removed one with Deleted=true;
// Service/LastChange is what the client sends back next time.
import type { Core } from '../../core/core';
import { AddressBook } from '../../core/address-book';
import type { User } from '../../core/model';
import { ROLE_BITS, type MemberRole } from '../../core/ab-memberships';
import { el, soapOk, AB_NS, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { cidOf, DEFAULT_AB_ID, NEVER, soapTime } from './ids';
import { childrenNamed, path, type XmlElement } from '../../xml/xml';
import { deltaWindow, stampTime } from './deltas';

const ROLES: readonly MemberRole[] = ['Allow', 'Block', 'Reverse', 'Pending'];

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

/** One member of one role as the answer shows it. */
interface MemberItem {
  contactId: number;
  email: string;
  name: string;
  cid: string;
  deleted: boolean;
  changedAt: number; // µs
}

export function findMembership(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  const req = readFindMembership(body);
  const store = AddressBook.of(core).store;
  const win = deltaWindow(store, 'FindMembership', req.deltasOnly, req.lastChange);
  if ('fault' in win) return win.fault;
  const lastChange = store.latestTime();
  const wantsMessenger = req.serviceTypes.length === 0 || req.serviceTypes.some((t) => t.toLowerCase() === 'messenger');
  const members = win.since === 0 ? currentMembers(core, owner) : changedMembers(core, owner, win.since);
  const services = wantsMessenger ? `<Services>${messengerService(members, lastChange)}</Services>` : '<Services/>';
  return soapOk(
    `<FindMembershipResponse xmlns="${AB_NS}"><FindMembershipResult>` +
      services +
      ownerNamespace(owner, lastChange) +
      '</FindMembershipResult></FindMembershipResponse>',
    header,
  );
}

/** Everyone on each list now. */
function currentMembers(core: Core, owner: User): Map<MemberRole, MemberItem[]> {
  const store = AddressBook.of(core).store;
  const out = new Map<MemberRole, MemberItem[]>(ROLES.map((r) => [r, []]));
  for (const e of core.lists.entries(owner.id)) {
    const account = core.users.byId(e.contactId);
    if (!account) continue;
    for (const role of ROLES) {
      if (!(e.lists & ROLE_BITS[role]) || hiddenReverse(role, e.lists)) continue;
      out.get(role)!.push(memberOf(account, e.contactId, account.email, false, store.timeOf(e.changeSeq)));
    }
  }
  return out;
}

/** Members added to or removed from each list after stamp `since`. */
function changedMembers(core: Core, owner: User, since: number): Map<MemberRole, MemberItem[]> {
  const store = AddressBook.of(core).store;
  const out = new Map<MemberRole, MemberItem[]>(ROLES.map((r) => [r, []]));
  for (const mark of store.marksSince(owner.id, since)) {
    const role = ROLES.find((r) => ROLE_BITS[r] === mark.bit);
    if (!role) continue; // FL changes are ABFindAll's
    const lists = core.lists.entry(owner.id, mark.contactId)?.lists ?? 0;
    if (mark.present && hiddenReverse(role, lists)) continue;
    const account = core.users.byId(mark.contactId);
    const at = store.timeOf(mark.changeSeq);
    out.get(role)!.push(memberOf(account, mark.contactId, mark.email, !mark.present, at));
    // Answered (Pending cleared) while still on the reverse list: now the Reverse membership shows.
    if (role === 'Pending' && !mark.present && lists & ROLE_BITS.Reverse && !out.get('Reverse')!.some((m) => m.contactId === mark.contactId)) {
      out.get('Reverse')!.push(memberOf(account, mark.contactId, mark.email, false, at));
    }
  }
  return out;
}

/**
 * Someone who added you and awaits your answer is listed under Pending only, not also under
 * Reverse, until you accept or block (ESC's FindMembership; fact sheet §5.3). WLM raises its
 * "X has added you" prompt from Pending, and a Reverse membership beside it reads as already known.
 */
function hiddenReverse(role: MemberRole, lists: number): boolean {
  return role === 'Reverse' && (lists & ROLE_BITS.Pending) !== 0;
}

function memberOf(account: User | undefined, contactId: number, email: string, deleted: boolean, changedAt: number): MemberItem {
  return {
    contactId,
    email: account?.email ?? email,
    name: account?.friendlyName ?? email,
    cid: account ? cidOf(account.guid) : '0',
    deleted,
    changedAt,
  };
}

function messengerService(members: Map<MemberRole, MemberItem[]>, lastChange: number): string {
  // Roles with nobody in them are left out (Membership is optional in the schema).
  const memberships = ROLES.map((role) => {
    const list = members.get(role) ?? [];
    if (list.length === 0) return '';
    return (
      '<Membership>' +
      el('MemberRole', role) +
      `<Members>${list.map(passportMember).join('')}</Members>` +
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
    el('LastChange', stampTime(lastChange)) +
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
function passportMember(m: MemberItem): string {
  const at = stampTime(m.changedAt);
  return (
    '<Member xsi:type="PassportMember">' +
    el('MembershipId', m.contactId) +
    el('Type', 'Passport') +
    el('DisplayName', m.name) +
    el('State', 'Accepted') +
    el('Deleted', m.deleted) +
    el('LastChanged', at) +
    el('JoinedDate', at) +
    el('ExpirationDate', NEVER) +
    '<Changes/>' +
    el('PassportName', m.email) +
    el('IsPassportNameHidden', 'false') +
    el('PassportId', 0) +
    el('CID', m.cid) +
    '<PassportChanges/>' +
    el('LookedupByCID', 'false') +
    '</Member>'
  );
}

function ownerNamespace(owner: User, lastChange: number): string {
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
    el('LastChange', stampTime(lastChange)) +
    '</OwnerNamespace>'
  );
}
