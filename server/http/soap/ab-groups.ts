// ABGroupAdd / ABGroupUpdate / ABGroupDelete / ABGroupContactAdd / ABGroupContactDelete.
//   <ABGroupAdd><groupAddOptions><fRenameOnMsgrConflict>false</fRenameOnMsgrConflict></groupAddOptions>
//     <groupInfo><GroupInfo><name>Friends</name><groupType>C8529CE2-…</groupType><fMessenger>false</fMessenger>…
//   -> <ABGroupAddResponse><ABGroupAddResult><guid>group-guid</guid></ABGroupAddResult></ABGroupAddResponse>
//   <ABGroupContactAdd><groupFilter><groupIds><guid>g</guid></groupIds></groupFilter>
//     <contacts><Contact><contactId>c</contactId></Contact></contacts></ABGroupContactAdd>
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import { AddressBook } from '../../core/address-book';
import { addGroups, addToGroups, deleteGroups, removeFromGroups, renameGroups } from '../../core/ab-groups';
import { answering, badRequest } from './ab-faults';
import { allowListManagement, readNewContact } from './ab-contacts';
import { AB_NS, el, soapOk, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { childrenNamed, path, type XmlElement } from '../../xml/xml';

const groupIdsOf = (body: XmlElement) => childrenNamed(path(body, 'groupFilter', 'groupIds'), 'guid').map((g) => g.text);
const contactsOf = (body: XmlElement) => childrenNamed(path(body, 'contacts'), 'Contact');

export function abGroupAdd(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const name = path(body, 'groupInfo', 'GroupInfo', 'name')?.text ?? badRequest('ABGroupAdd without groupInfo/GroupInfo/name.');
    const [id] = addGroups(AddressBook.of(core), owner.id, [name]);
    return soapOk(`<ABGroupAddResponse xmlns="${AB_NS}"><ABGroupAddResult>${el('guid', id!)}</ABGroupAddResult></ABGroupAddResponse>`, header);
  });
}

/** Renames: <groups><Group><groupId>g</groupId><groupInfo><name>New</name></groupInfo><propertiesChanged>GroupName</propertiesChanged></Group></groups> */
export function abGroupUpdate(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const renames = childrenNamed(path(body, 'groups'), 'Group').flatMap((g) => {
      const id = path(g, 'groupId')?.text ?? badRequest('A Group without groupId.');
      const name = path(g, 'groupInfo', 'name')?.text;
      // Only the name is kept; other properties (IsFavorite…) change nothing here.
      return name === undefined ? [] : [{ id, name }];
    });
    renameGroups(AddressBook.of(core), owner.id, renames);
    return soapOk(`<ABGroupUpdateResponse xmlns="${AB_NS}"/>`, header);
  });
}

export function abGroupDelete(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const ids = groupIdsOf(body);
    if (ids.length === 0) badRequest('ABGroupDelete names no group.');
    deleteGroups(AddressBook.of(core), owner.id, ids);
    return soapOk(`<ABGroupDeleteResponse xmlns="${AB_NS}"/>`, header);
  });
}

export function abGroupContactAdd(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const ids = groupIdsOf(body);
    if (ids.length === 0) badRequest('ABGroupContactAdd names no group.');
    const manage = allowListManagement(path(body, 'groupContactAddOptions'));
    const contacts = contactsOf(body).map((c) => {
      const id = path(c, 'contactId')?.text;
      return id ? { guid: id } : { add: readNewContact(path(c, 'contactInfo')), manageAllowList: manage };
    });
    if (contacts.length === 0) badRequest('ABGroupContactAdd names no contact.');
    const guids = addToGroups(AddressBook.of(core), owner.id, ids, contacts);
    return soapOk(
      `<ABGroupContactAddResponse xmlns="${AB_NS}"><ABGroupContactAddResult>${el('guid', guids[0]!)}</ABGroupContactAddResult></ABGroupContactAddResponse>`,
      header,
    );
  });
}

export function abGroupContactDelete(core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo): SoapReply {
  return answering(() => {
    const ids = groupIdsOf(body);
    const guids = contactsOf(body).map((c) => path(c, 'contactId')?.text ?? badRequest('A Contact without contactId.'));
    if (ids.length === 0 || guids.length === 0) badRequest('ABGroupContactDelete needs a group and a contact.');
    removeFromGroups(AddressBook.of(core), owner.id, ids, guids);
    return soapOk(`<ABGroupContactDeleteResponse xmlns="${AB_NS}"/>`, header);
  });
}
