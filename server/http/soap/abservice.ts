// ABService ABFindAll / ABFindContactsPaged: the owner's groups, the contacts on their FL, and one
// "Me" contact — everything, or with deltasOnly + lastChange only what changed since (deleted
// contacts and groups with fDeleted=true).
//   POST /abservice/abservice.asmx  SOAPAction: http://www.msn.com/webservices/AddressBook/ABFindAll
// Only FL contacts appear here; AL/BL/RL/PL come from FindMembership. isMessengerUser=true is
// what makes a contact show as an IM contact. The Me contact carries the privacy settings as
// annotations: MSN.IM.BLP (1 = AL, 2 = BL), MSN.IM.GTC (1 = ask/"A", 2 = don't/"N"), MSN.IM.MBEA 0.
// ABFindContactsPaged (WLM 2009) is the same content with capitalised Groups/Contacts/Ab and a
// CircleResult.
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import { AddressBook } from '../../core/address-book';
import { addressBookView, type AbContactItem, type AbGroupItem } from './ab-view';
import { deltaWindow, stampTime } from './deltas';
import { AB_NS, el, soapOk, xmlEscape, type ServiceHeaderInfo, type SoapReply } from './envelope';
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
  const req = readABFindAll(body);
  const win = deltaWindow(AddressBook.of(core).store, 'ABFindAll', req.deltasOnly, req.lastChange);
  if ('fault' in win) return win.fault;
  const view = addressBookView(core, owner, win.since);
  return soapOk(
    `<ABFindAllResponse xmlns="${AB_NS}"><ABFindAllResult>` +
      `<groups>${view.groups.map(groupXml).join('')}</groups>` +
      `<contacts>${view.contacts.map(contactXml).join('')}</contacts>` +
      abBlock('ab', owner, view.lastChange) +
      '</ABFindAllResult></ABFindAllResponse>',
    header,
  );
}

/**
 * WLM 2009's ABFindAll: filterOptions carry DeltasOnly and LastChanged.
 *   <ABFindContactsPaged><abView>MessengerClient8</abView><extendedContent>AB AllGroups CircleResult</extendedContent>
 *   <filterOptions><DeltasOnly>true</DeltasOnly><LastChanged>…</LastChanged><ContactFilter>…</ContactFilter></filterOptions>
 */
export function abFindContactsPaged(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  const deltasOnly = path(body, 'filterOptions', 'DeltasOnly')?.text.toLowerCase() === 'true';
  const lastChange = path(body, 'filterOptions', 'LastChanged')?.text;
  const win = deltaWindow(AddressBook.of(core).store, 'ABFindContactsPaged', deltasOnly, lastChange);
  if ('fault' in win) return win.fault;
  const view = addressBookView(core, owner, win.since);
  return soapOk(
    `<ABFindContactsPagedResponse xmlns="${AB_NS}"><ABFindContactsPagedResult>` +
      `<Groups>${view.groups.map(groupXml).join('')}</Groups>` +
      `<Contacts>${view.contacts.map(contactXml).join('')}</Contacts>` +
      `<CircleResult>${el('CircleTicket', circleTicket(core, owner))}</CircleResult>` +
      abBlock('Ab', owner, view.lastChange) +
      '</ABFindContactsPagedResult></ABFindContactsPagedResponse>',
    header,
  );
}

/**
 * The circle ticket WLM 2009 would present for circles (USR SHA A): a SignedTicket whose Data is
 * the base64 of a UTF-16 <Ticket> with a time stamp and the owner's CID, signed with one of our
 * tickets. Sent XML-escaped, as the service did. We have no circles; the ticket is still genuine.
 */
function circleTicket(core: Core, owner: User): string {
  const ticket =
    '<?xml version="1.0" encoding="utf-16"?><Ticket xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    `xmlns:xsd="http://www.w3.org/2001/XMLSchema"><TS>${soapTime(Date.now())}</TS><CID>${cidOf(owner.guid)}</CID></Ticket>`;
  const data = Buffer.from(ticket, 'utf16le').toString('base64');
  return (
    '<?xml version="1.0" encoding="utf-16"?><SignedTicket xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    `xmlns:xsd="http://www.w3.org/2001/XMLSchema" ver="1" keyVer="1"><Data>${data}</Data>` +
    `<Sig>${xmlEscape(core.tickets.issue(owner.id, 'circle'))}</Sig></SignedTicket>`
  );
}

function groupXml(g: AbGroupItem): string {
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
    el('fDeleted', g.deleted) +
    el('lastChange', stampTime(g.changedAt)) +
    '</Group>'
  );
}

/**
 * contactInfo in schema order (contactInfoType sequence): annotations, groupIds, contactType,
 * quickName, passportName, IsPassportNameHidden, displayName, puid, CID, IsNotMobileVisible,
 * isMobileIMEnabled, isMessengerUser, isFavorite, isSmtp, hasSpace, spotWatchState, birthdate,
 * primaryEmailType, PrimaryLocation, PrimaryPhone, IsPrivate, Gender, TimeZone.
 * A deleted contact keeps its contactInfo (PAPYON reads it before looking at fDeleted).
 */
function contactXml(c: AbContactItem): string {
  return (
    '<Contact>' +
    el('contactId', c.guid) +
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
    el('isMessengerUser', c.isMessengerUser) +
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
    el('fDeleted', c.deleted) +
    el('lastChange', stampTime(c.changedAt)) +
    '</Contact>'
  );
}

function annotations(list: [string, string][]): string {
  return `<annotations>${list.map(([n, v]) => `<Annotation>${el('Name', n)}${el('Value', v)}</Annotation>`).join('')}</annotations>`;
}

/** The address book itself: always the default one (abId all zeros), owned by the caller. */
function abBlock(tag: 'ab' | 'Ab', owner: User, lastChange: number): string {
  return (
    `<${tag}>` +
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
    el('lastChange', stampTime(lastChange)) +
    el('DynamicItemLastChanged', NEVER) +
    el('createDate', soapTime(owner.createdAt)) +
    '<propertiesChanged/>' +
    `</${tag}>`
  );
}
