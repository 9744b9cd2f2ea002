// The address-book (ABCH) endpoints: read the SOAP request, find the action, check who is asking,
// answer. The action is named twice by the client — in the SOAPAction header and as the Body's
// element — and the two must agree:
//   SOAPAction: "http://www.msn.com/webservices/AddressBook/ABFindAll"   …<soap:Body><ABFindAll xmlns=…>
// Anything we don't implement yet gets a fault naming the action and a tap note, so a developer
// watching the panel sees what a client asked for.
import type { Core } from '../../core/core';
import type { User } from '../../core/model';
import type { HttpExchange } from '../exchange';
import { abFindAll, abFindContactsPaged } from './abservice';
import { abAdd, abContactAdd, abContactDelete, abContactUpdate } from './ab-contacts';
import { abGroupAdd, abGroupContactAdd, abGroupContactDelete, abGroupDelete, abGroupUpdate } from './ab-groups';
import { addMember, deleteMember } from './sharing-edit';
import { updateDynamicItem } from './ab-dynamic-items';
import { authenticateSoap } from './auth';
import { soapFault, type ServiceHeaderInfo, type SoapReply } from './envelope';
import { findMembership } from './sharing';
import { child, parseXml, XmlRefused, type XmlElement } from '../../xml/xml';
import { soapContentType } from '../redirect-hosts';

export const AB_PATH = '/abservice/abservice.asmx';
export const SHARING_PATH = '/abservice/sharingservice.asmx';

type ActionHandler = (core: Core, owner: User, body: XmlElement, header: ServiceHeaderInfo) => SoapReply;

/**
 * Implemented actions and the endpoints that take them. The SharingService's actions are also
 * taken on abservice.asmx: NINA's example posts FindMembership there, and ESC serves both paths
 * from one handler. Every editing action commits before its answer is written.
 */
const SHARING = [SHARING_PATH, AB_PATH];
const AB = [AB_PATH];
const ACTIONS = new Map<string, { handler: ActionHandler; paths: string[] }>([
  ['findmembership', { handler: findMembership, paths: SHARING }],
  ['addmember', { handler: addMember, paths: SHARING }],
  ['deletemember', { handler: deleteMember, paths: SHARING }],
  ['abfindall', { handler: abFindAll, paths: AB }],
  ['abfindcontactspaged', { handler: abFindContactsPaged, paths: AB }],
  ['abadd', { handler: abAdd, paths: AB }],
  ['abcontactadd', { handler: abContactAdd, paths: AB }],
  ['abcontactdelete', { handler: abContactDelete, paths: AB }],
  ['abcontactupdate', { handler: abContactUpdate, paths: AB }],
  ['abgroupadd', { handler: abGroupAdd, paths: AB }],
  ['abgroupdelete', { handler: abGroupDelete, paths: AB }],
  ['abgroupupdate', { handler: abGroupUpdate, paths: AB }],
  ['abgroupcontactadd', { handler: abGroupContactAdd, paths: AB }],
  ['abgroupcontactdelete', { handler: abGroupContactDelete, paths: AB }],
  ['updatedynamicitem', { handler: updateDynamicItem, paths: AB }],
]);

export function handleSoap(ex: HttpExchange, core: Core): void {
  const answer = (r: SoapReply) => ex.reply(r.status, [['Content-Type', soapContentType(ex)]], r.xml);

  let doc: XmlElement;
  try {
    doc = parseXml(ex.body);
  } catch (err) {
    const refused = err instanceof XmlRefused;
    const why = err instanceof Error ? err.message : String(err);
    ex.note(`SOAP request ${refused ? 'refused' : 'is not well-formed XML'}: ${why}`);
    answer(
      refused
        ? soapFault('soap:Client', `The request was refused: ${why}.`, 'XmlRefused')
        : soapFault('soap:Client', `The request is not well-formed XML (${why}).`, 'XmlMalformed'),
    );
    return;
  }

  const body = doc.name === 'Envelope' ? child(doc, 'Body')?.children[0] : undefined;
  if (!body) {
    ex.note('SOAP request without soap:Envelope/soap:Body/<action>');
    answer(soapFault('soap:Client', 'Expected a SOAP 1.1 envelope with one action element in its Body.', 'BadRequest'));
    return;
  }

  const headerAction = soapActionName(ex.header('soapaction'));
  const action = headerAction ?? body.name;
  if (headerAction !== undefined && headerAction.toLowerCase() !== body.name.toLowerCase()) {
    ex.note(`SOAPAction ${headerAction} does not match the body element <${body.name}>`);
    answer(
      soapFault('soap:Client', `SOAPAction names ${headerAction} but the body holds <${body.name}>.`, 'BadRequest'),
    );
    return;
  }

  const auth = authenticateSoap(core, doc, ex.header('cookie'));
  if (!auth.ok) {
    ex.note(`SOAP ${action} refused: ${auth.reason}`);
    answer(auth.fault);
    return;
  }
  ex.setAccount(auth.user.email);

  const entry = ACTIONS.get(action.toLowerCase());
  if (!entry) {
    ex.note(`SOAP action ${action} on ${ex.rawPath} is not supported yet`, `Body element: <${body.name}>`);
    answer(soapFault('soap:Client', `The action ${action} is not supported by this server yet.`, 'Forbidden'));
    return;
  }
  if (!entry.paths.includes(ex.path)) {
    ex.note(`SOAP action ${action} posted to ${ex.rawPath}, which does not serve it`);
    answer(soapFault('soap:Client', `${action} is served at ${entry.paths[0]}, not ${ex.rawPath}.`, 'BadRequest'));
    return;
  }

  const reply = entry.handler(core, auth.user, body, { host: ex.urls.host, cacheKeySeed: auth.user.guid });
  if (reply.errorcode) ex.note(`SOAP ${action} answered with fault ${reply.errorcode}`);
  answer(reply);
}

/**
 * The action name from a SOAPAction header, quoted or not:
 *   "http://www.msn.com/webservices/AddressBook/FindMembership" → FindMembership
 * undefined when the header is absent or empty (then the body element decides).
 */
export function soapActionName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  let v = header.trim();
  let a = 0;
  let b = v.length;
  while (a < b && v[a] === '"') a++;
  while (b > a && v[b - 1] === '"') b--;
  v = v.slice(a, b).trim();
  if (!v) return undefined;
  const slash = v.lastIndexOf('/');
  return slash >= 0 ? v.slice(slash + 1) : v;
}
