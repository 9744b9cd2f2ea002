// The storage service endpoint: POST /storageservice/SchematizedStore.asmx on storage.msn.com (and
// tkrdr.storage.msn.com). The action is named by SOAPAction and by the Body's element; the caller by
// the storage ticket in StorageUserHeader (or an MSPAuth cookie, as for the address book):
//   SOAPAction: http://www.msn.com/webservices/storage/w10/GetProfile
//   <soap:Header><StorageApplicationHeader><ApplicationID>Messenger Client 8.5</ApplicationID>…
//   <StorageUserHeader><Puid>0</Puid><TicketToken>t=…&amp;p=</TicketToken></StorageUserHeader>…
import type { Core } from '../../core/core';
import type { HttpExchange } from '../exchange';
import { child, parseXml, textAt, XmlRefused, type XmlElement } from '../../xml/xml';
import { mspAuthCookie, userFor } from '../soap/auth';
import { soapActionName } from '../soap/service';
import type { SoapReply } from '../soap/envelope';
import { soapContentType } from '../redirect-hosts';
import { STORAGE_NS, STORAGE_NS_2008, storageFault } from './storage-envelope';
import { getProfile, updateProfile, type StorageRequest } from './profile-actions';
import { createDocument, createRelationships, deleteRelationships, findDocuments, updateDocument } from './document-actions';

export const STORAGE_PATH = '/storageservice/schematizedstore.asmx';

const ACTIONS = new Map<string, (r: StorageRequest) => SoapReply>([
  ['getprofile', getProfile],
  ['updateprofile', updateProfile],
  ['finddocuments', findDocuments],
  ['createdocument', createDocument],
  ['updatedocument', updateDocument],
  ['createrelationships', createRelationships],
  ['deleterelationships', deleteRelationships],
]);

export function handleStorage(ex: HttpExchange, core: Core): void {
  const answer = (r: SoapReply) => {
    if (r.errorcode) ex.note(`storage answered with fault ${r.errorcode}`);
    ex.reply(r.status, [['Content-Type', soapContentType(ex)]], r.xml);
  };
  let doc: XmlElement;
  try {
    doc = parseXml(ex.body);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ex.note(`storage request ${err instanceof XmlRefused ? 'refused' : 'is not well-formed XML'}: ${why}`);
    answer(storageFault('BadArgument', `The request could not be read (${why}).`));
    return;
  }
  const body = doc.name === 'Envelope' ? child(doc, 'Body')?.children[0] : undefined;
  if (!body) {
    answer(storageFault('BadArgument', 'Expected a SOAP 1.1 envelope with one action element in its Body.'));
    return;
  }
  const headerAction = soapActionName(ex.header('soapaction'));
  if (headerAction !== undefined && headerAction.toLowerCase() !== body.name.toLowerCase()) {
    answer(storageFault('BadArgument', `SOAPAction names ${headerAction} but the body holds <${body.name}>.`));
    return;
  }
  const token = textAt(doc, 'Header', 'StorageUserHeader', 'TicketToken');
  const cookie = mspAuthCookie(ex.header('cookie'));
  const user = (token ? userFor(core, token) : undefined) ?? (cookie ? userFor(core, cookie) : undefined);
  if (!user) {
    ex.note(`storage ${body.name} refused: ${token || cookie ? 'the ticket is not valid here (forged or expired)' : 'no TicketToken in StorageUserHeader and no MSPAuth cookie'}`);
    answer(storageFault('PassportAuthFail', 'Passport authentication failed; sign in again.'));
    return;
  }
  ex.setAccount(user.email);
  const action = ACTIONS.get(body.name.toLowerCase());
  if (!action) {
    // ShareItem, CreateProfile…: a profile already exists for every account here, so there is nothing to do.
    ex.note(`storage action ${body.name} is not one this server keeps`);
    answer(storageFault('NotSupported', `${body.name} is not offered by this server; every account already has its profile.`));
    return;
  }
  const base = ex.urls.httpPort === 80 ? `http://${ex.urls.host}` : `http://${ex.urls.host}:${ex.urls.httpPort}`;
  const ns = body.attrs.xmlns === STORAGE_NS_2008 ? STORAGE_NS_2008 : STORAGE_NS;
  answer(action({ core, user, body, httpBase: base, ns }));
}
