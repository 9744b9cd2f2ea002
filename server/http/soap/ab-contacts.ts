// ABContactAdd / ABContactDelete / ABContactUpdate / ABAdd: reading what the clients send
// (fact sheet §5.2; PAPYON's and MSNPSharp's request bodies) and answering as the service did.
//   <ABContactAdd><abId>0…0</abId><contacts><Contact><contactInfo><passportName>bob@x</passportName>
//     <isMessengerUser>true</isMessengerUser><contactType>LivePending</contactType>…</contactInfo></Contact></contacts>
//     <options><EnableAllowListManagement>true</EnableAllowListManagement></options></ABContactAdd>
//   -> <ABContactAddResponse><ABContactAddResult><guid>contact-guid</guid></ABContactAddResult></ABContactAddResponse>
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import { AddressBook, type ContactChanges, type NewContact } from '../../core/address-book';
import { answering, badRequest } from './ab-faults';
import { AB_NS, el, soapOk, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { DEFAULT_AB_ID } from './ids';
import { childrenNamed, path, type XmlElement } from '../../xml/xml';

/** <annotations><Annotation><Name>AB.NickName</Name><Value>Bobby</Value></Annotation>…  (<Value/> removes one) */
export function readAnnotations(list: XmlElement | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of childrenNamed(list, 'Annotation')) {
    const name = path(a, 'Name')?.text;
    if (name) out[name] = path(a, 'Value')?.text ?? '';
  }
  return out;
}

export function readBool(node: XmlElement | undefined): boolean | undefined {
  if (!node) return undefined;
  const t = node.text.toLowerCase();
  return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : undefined;
}

/** A new contact from a contactInfo: only Messenger (passport) contacts are kept here. */
export function readNewContact(info: XmlElement | undefined): NewContact {
  const email = path(info, 'passportName')?.text;
  if (!email) {
    // E-mail-only or Yahoo contacts (<emails><ContactEmail>…) have no passport name.
    return badRequest('Only Messenger contacts (with a passportName) are kept in this address book.');
  }
  return {
    email,
    isMessengerUser: readBool(path(info, 'isMessengerUser')),
    annotations: readAnnotations(path(info, 'annotations')),
  };
}

export function allowListManagement(options: XmlElement | undefined): boolean {
  return readBool(path(options, 'EnableAllowListManagement')) ?? false;
}

const contactsOf = (body: XmlElement) => childrenNamed(path(body, 'contacts'), 'Contact');

export function abContactAdd(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const items = contactsOf(body).map((c) => readNewContact(path(c, 'contactInfo')));
    if (items.length === 0) badRequest('ABContactAdd names no contact.');
    const guids = AddressBook.of(core).addContacts(owner.id, items, allowListManagement(path(body, 'options')));
    return soapOk(
      `<ABContactAddResponse xmlns="${AB_NS}"><ABContactAddResult>${el('guid', guids[0]!)}</ABContactAddResult></ABContactAddResponse>`,
      header,
    );
  });
}

export function abContactDelete(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const guids = contactsOf(body).map((c) => path(c, 'contactId')?.text ?? badRequest('A Contact without contactId.'));
    if (guids.length === 0) badRequest('ABContactDelete names no contact.');
    AddressBook.of(core).deleteContacts(owner.id, guids);
    return soapOk(`<ABContactDeleteResponse xmlns="${AB_NS}"/>`, header);
  });
}

/**
 * ABContactUpdate: the Me contact (contactType Me, or our own contactId) changes the friendly
 * name and privacy annotations; any other contact its nickname (displayName or the AB.NickName
 * annotation), isMessengerUser and annotations. propertiesChanged says which fields count; with
 * none named, every field present does.
 *   <Contact><contactInfo><contactType>Me</contactType><displayName>Bob</displayName></contactInfo>
 *   <propertiesChanged>DisplayName</propertiesChanged></Contact>
 */
export function abContactUpdate(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const ab = AddressBook.of(core);
    const regular: { guid: string; changes: ContactChanges }[] = [];
    let me: { friendlyName?: string; annotations?: Record<string, string> } | undefined;
    for (const c of contactsOf(body)) {
      const info = path(c, 'contactInfo');
      const named = (path(c, 'propertiesChanged')?.text ?? '').split(/\s+/).filter(Boolean).map((p) => p.toLowerCase());
      const counts = (prop: string, node: XmlElement | undefined) => node !== undefined && (named.length === 0 || named.includes(prop));
      const displayName = path(info, 'displayName');
      const annotations = path(info, 'annotations');
      const isMessengerUser = path(info, 'isMessengerUser');
      const id = path(c, 'contactId')?.text.toLowerCase();
      if (path(info, 'contactType')?.text.toLowerCase() === 'me' || id === owner.guid) {
        me = {
          friendlyName: counts('displayname', displayName) ? displayName!.text : undefined,
          annotations: counts('annotation', annotations) ? readAnnotations(annotations) : undefined,
        };
        continue;
      }
      if (!id) badRequest('A Contact without contactId (only the Me contact may omit it).');
      regular.push({
        guid: id,
        changes: {
          nickname: counts('displayname', displayName) ? displayName!.text : undefined,
          isMessengerUser: counts('ismessengeruser', isMessengerUser) ? readBool(isMessengerUser) : undefined,
          annotations: counts('annotation', annotations) ? readAnnotations(annotations) : undefined,
        },
      });
    }
    if (!me && regular.length === 0) badRequest('ABContactUpdate names no contact.');
    // Both in one transaction: the regular contacts are checked before anything is written.
    ab.atomically(() => {
      if (regular.length) ab.updateContacts(owner.id, regular);
      if (me) ab.updateMe(owner.id, me);
    });
    return soapOk(`<ABContactUpdateResponse xmlns="${AB_NS}"/>`, header);
  });
}

/**
 * ABAdd, which PAPYON and WLM send after ABDoesNotExist:
 *   <ABAdd><abInfo><name/><ownerPuid>0</ownerPuid><ownerEmail>me@x</ownerEmail><fDefault>true</fDefault></abInfo></ABAdd>
 * The book is always the caller's own (ownerEmail must be the caller); its id is the default one.
 */
export function abAdd(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const ownerEmail = path(body, 'abInfo', 'ownerEmail')?.text.toLowerCase();
    if (ownerEmail && ownerEmail !== owner.email) badRequest(`An address book can only be created for yourself (${owner.email}).`);
    AddressBook.of(core).createAddressBook(owner.id);
    return soapOk(`<ABAddResponse xmlns="${AB_NS}">${el('ABAddResult', DEFAULT_AB_ID)}</ABAddResponse>`, header);
  });
}
