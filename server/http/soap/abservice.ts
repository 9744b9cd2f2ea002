// ABService ABFindAll: the owner's groups, the contacts on their FL, and one "Me" contact.
//   POST /abservice/abservice.asmx  SOAPAction: http://www.msn.com/webservices/AddressBook/ABFindAll
// Only FL contacts appear here; AL/BL/RL/PL come from FindMembership. isMessengerUser=true is
// what makes a contact show as an IM contact. The Me contact carries the privacy settings as
// annotations: MSN.IM.BLP (1 = AL, 2 = BL), MSN.IM.GTC (1 = ask/"A", 2 = don't/"N"), MSN.IM.MBEA 0.
// Always a full answer for now: deltasOnly/lastChange are read but a full list is sent (deltas
// are another issue; a full list is correct, only larger).
import type { Core } from '../../core/core';
import { List, type ContactEntry, type Group, type User } from '../../core/model';
import { contactAccounts } from './accounts';
import { AB_NS, el, soapOk, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { cidOf, DEFAULT_AB_ID, NEVER, soapTime } from './ids';
import { path, type XmlElement } from '../../xml/xml';

/** The group type every Messenger group has (ABGroupAdd sends it too). */
const MESSENGER_GROUP_TYPE = 'c8529ce2-6ead-434d-881f-341e17db3ff8';

export interface ABFindAllRequest {
  abId: string;
  deltasOnly: boolean;
  lastChange: string | undefined;
}

export function readABFindAll(body: XmlElement): ABFindAllRequest {
  return {
    abId: path(body, 'abId')?.text || DEFAULT_AB_ID,
    deltasOnly: path(body, 'deltasOnly')?.text.toLowerCase() === 'true',
    lastChange: path(body, 'lastChange')?.text,
  };
}

export function abFindAll(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  readABFindAll(body); // validated for shape; every answer is a full one for now
  const now = soapTime(Date.now());
  const entries = core.lists.entries(owner.id).filter((e) => e.lists & List.FL);
  const accounts = contactAccounts(core, entries);
  const groups = core.lists.groups(owner.id);
  const contacts = entries
    .filter((e) => accounts.has(e.contactId))
    .map((e) => regularContact(e, accounts.get(e.contactId)!, now));
  return soapOk(
    `<ABFindAllResponse xmlns="${AB_NS}"><ABFindAllResult>` +
      `<groups>${groups.map((g) => groupXml(g, now)).join('')}</groups>` +
      `<contacts>${contacts.join('')}${meContact(owner, now)}</contacts>` +
      abBlock(owner, now) +
      '</ABFindAllResult></ABFindAllResponse>',
    header,
  );
}

function groupXml(g: Group, now: string): string {
  return (
    '<Group>' +
    el('groupId', g.id) +
    '<groupInfo>' +
    annotations([['MSN.IM.Display', '1']]) +
    el('groupType', MESSENGER_GROUP_TYPE) +
    el('name', g.name) +
    el('IsNotMobileVisible', 'false') +
    el('IsPrivate', 'false') +
    el('IsFavorite', 'false') +
    '</groupInfo>' +
    '<propertiesChanged/>' +
    el('fDeleted', 'false') +
    el('lastChange', now) +
    '</Group>'
  );
}

/** A contact on the owner's FL. The name shown is the owner's nickname for them, else their own name. */
function regularContact(e: ContactEntry, contact: User, now: string): string {
  const name = e.nickname || contact.friendlyName;
  return contactXml({
    contactId: e.guid,
    annotations: [],
    groupIds: e.groups,
    type: 'Regular',
    name,
    email: contact.email,
    cid: cidOf(contact.guid),
    now,
  });
}

/** The owner themself: display name and privacy settings (BLP/GTC) live here. */
function meContact(owner: User, now: string): string {
  return contactXml({
    contactId: owner.guid,
    annotations: [
      ['MSN.IM.MBEA', '0'],
      ['MSN.IM.GTC', owner.gtc === 'N' ? '2' : '1'],
      ['MSN.IM.BLP', owner.blp === 'BL' ? '2' : '1'],
    ],
    groupIds: [],
    type: 'Me',
    name: owner.friendlyName,
    email: owner.email,
    cid: cidOf(owner.guid),
    now,
  });
}

interface ContactFields {
  contactId: string;
  annotations: [string, string][];
  groupIds: string[];
  type: 'Regular' | 'Me';
  name: string;
  email: string;
  cid: string;
  now: string;
}

/**
 * contactInfo in schema order (contactInfoType sequence): annotations, groupIds, contactType,
 * quickName, passportName, IsPassportNameHidden, displayName, puid, CID, IsNotMobileVisible,
 * isMobileIMEnabled, isMessengerUser, isFavorite, isSmtp, hasSpace, spotWatchState, birthdate,
 * primaryEmailType, PrimaryLocation, PrimaryPhone, IsPrivate, Gender, TimeZone.
 */
function contactXml(c: ContactFields): string {
  return (
    '<Contact>' +
    el('contactId', c.contactId) +
    '<contactInfo>' +
    (c.annotations.length ? annotations(c.annotations) : '') +
    (c.groupIds.length ? `<groupIds>${c.groupIds.map((g) => el('guid', g)).join('')}</groupIds>` : '') +
    el('contactType', c.type) +
    el('quickName', c.name) +
    el('passportName', c.email) +
    el('IsPassportNameHidden', 'false') +
    el('displayName', c.name) +
    el('puid', 0) +
    el('CID', c.cid) +
    el('IsNotMobileVisible', 'false') +
    el('isMobileIMEnabled', 'false') +
    el('isMessengerUser', 'true') +
    el('isFavorite', 'false') +
    el('isSmtp', 'false') +
    el('hasSpace', 'false') +
    el('spotWatchState', 'NoDevice') +
    el('birthdate', NEVER) +
    el('primaryEmailType', 'ContactEmailPersonal') +
    el('PrimaryLocation', 'ContactLocationPersonal') +
    el('PrimaryPhone', 'ContactPhonePersonal') +
    el('IsPrivate', 'false') +
    el('Gender', 'Unspecified') +
    el('TimeZone', 'None') +
    '</contactInfo>' +
    '<propertiesChanged/>' +
    el('fDeleted', 'false') +
    el('lastChange', c.now) +
    '</Contact>'
  );
}

function annotations(list: [string, string][]): string {
  return `<annotations>${list.map(([n, v]) => `<Annotation>${el('Name', n)}${el('Value', v)}</Annotation>`).join('')}</annotations>`;
}

/** The address book itself: always the default one (abId all zeros), owned by the caller. */
function abBlock(owner: User, now: string): string {
  return (
    '<ab>' +
    el('abId', DEFAULT_AB_ID) +
    '<abInfo>' +
    el('ownerPuid', 0) +
    el('OwnerCID', cidOf(owner.guid)) +
    el('ownerEmail', owner.email) +
    el('fDefault', 'true') +
    el('joinedNamespace', 'false') +
    el('IsBot', 'false') +
    el('IsParentManaged', 'false') +
    el('SubscribeExternalPartner', 'false') +
    el('NotifyExternalPartner', 'false') +
    el('AddressBookType', 'Individual') +
    '</abInfo>' +
    el('lastChange', now) +
    el('DynamicItemLastChanged', NEVER) +
    el('createDate', soapTime(owner.createdAt)) +
    '<propertiesChanged/>' +
    '</ab>'
  );
}
