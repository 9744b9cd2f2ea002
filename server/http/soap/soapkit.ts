// Test support (not a test file): SOAP requests shaped like the ones WLM 8 / Messenger for Mac
// send (fact sheet §5.1 header, §5.2 bodies), and a poster that parses the answer with our reader.
import type { TestResponse, TestServer } from '../testkit';
import { AB_NS } from './envelope';
import { childrenNamed, parseXml, path, type XmlElement } from '../../xml/xml';

export const FIND_MEMBERSHIP_BODY =
  `<FindMembership xmlns="${AB_NS}"><serviceFilter><Types>` +
  '<ServiceType>Messenger</ServiceType><ServiceType>Invitation</ServiceType><ServiceType>SocialNetwork</ServiceType>' +
  '<ServiceType>Space</ServiceType><ServiceType>Profile</ServiceType>' +
  '</Types></serviceFilter><View>Full</View><deltasOnly>false</deltasOnly>' +
  '<lastChange>0001-01-01T00:00:00.0000000-08:00</lastChange></FindMembership>';

export const AB_FIND_ALL_BODY =
  `<ABFindAll xmlns="${AB_NS}"><abId>00000000-0000-0000-0000-000000000000</abId><abView>Full</abView>` +
  '<deltasOnly>false</deltasOnly><lastChange>0001-01-01T00:00:00.0000000-08:00</lastChange></ABFindAll>';

/** A whole request envelope; ticketToken is the raw "t=…&p=…" (escaped here), omitted when undefined. */
export function soapRequest(body: string, opts: { ticketToken?: string; scenario?: string } = {}): string {
  const token =
    opts.ticketToken === undefined ? '' : `<TicketToken>${opts.ticketToken.replace(/&/g, '&amp;')}</TicketToken>`;
  return (
    '<?xml version="1.0" encoding="utf-8"?>\r\n' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">' +
    '<soap:Header>' +
    `<ABApplicationHeader xmlns="${AB_NS}"><ApplicationId>CFE80F9D-180F-4399-82AB-413F33A1FA11</ApplicationId>` +
    `<IsMigration>false</IsMigration><PartnerScenario>${opts.scenario ?? 'Initial'}</PartnerScenario></ABApplicationHeader>` +
    `<ABAuthHeader xmlns="${AB_NS}"><ManagedGroupRequest>false</ManagedGroupRequest>${token}</ABAuthHeader>` +
    '</soap:Header>' +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export interface SoapAnswer {
  res: TestResponse;
  doc: XmlElement;
}

export async function postSoap(
  srv: TestServer,
  urlPath: string,
  action: string | undefined,
  xml: string,
  headers: Record<string, string> = {},
): Promise<SoapAnswer> {
  const res = await srv.request({
    method: 'POST',
    path: urlPath,
    headers: {
      Host: 'contacts.msn.com',
      'Content-Type': 'text/xml; charset=utf-8',
      ...(action === undefined ? {} : { SOAPAction: `"http://www.msn.com/webservices/AddressBook/${action}"` }),
      ...headers,
    },
    body: xml,
  });
  return { res, doc: parseXml(res.body) };
}

/** The fault's errorcode, or undefined when the answer is not a fault. */
export function faultCode(doc: XmlElement): string | undefined {
  return path(doc, 'Body', 'Fault', 'detail', 'errorcode')?.text;
}

/** Memberships as { Allow: [emails], … } from a FindMembership answer. */
export function memberships(doc: XmlElement): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const service = path(doc, 'Body', 'FindMembershipResponse', 'FindMembershipResult', 'Services', 'Service');
  for (const m of childrenNamed(path(service, 'Memberships'), 'Membership')) {
    out[path(m, 'MemberRole')!.text] = childrenNamed(path(m, 'Members'), 'Member').map((x) => path(x, 'PassportName')!.text);
  }
  return out;
}

/** The <Contact> elements of an ABFindAll answer. */
export function contacts(doc: XmlElement): XmlElement[] {
  return childrenNamed(path(doc, 'Body', 'ABFindAllResponse', 'ABFindAllResult', 'contacts'), 'Contact');
}

/**
 * The lists used by the SOAP tests, from me@local's point of view:
 *   alice  FL AL      in group "Friends", nicknamed "Ali"
 *   bob    BL         blocked, not on FL
 *   carol  RL PL      carol added me; I haven't answered
 *   dave   FL AL RL   mutual
 * and eve@local, whose own list holds only mallory (FL AL).
 */
export async function seedScenario(srv: TestServer) {
  const d = srv.core.directory;
  const me = await d.createAccount('me@local', 'secret-me', 'Me & <Myself>');
  const alice = await d.createAccount('alice@local', 'pw-alice', 'Alice');
  const bob = await d.createAccount('bob@local', 'pw-bob', 'Bob');
  const carol = await d.createAccount('carol@local', 'pw-carol', 'Carol');
  const dave = await d.createAccount('dave@local', 'pw-dave', 'Dave');
  const eve = await d.createAccount('eve@local', 'pw-eve', 'Eve');
  const mallory = await d.createAccount('mallory@local', 'pw-mallory', 'Mallory');
  d.addToLists(me.id, alice.id, 1 | 2);
  d.addToLists(me.id, bob.id, 4);
  d.addToLists(carol.id, me.id, 1); // gives me RL on carol
  d.addToLists(me.id, carol.id, 16);
  d.addToLists(me.id, dave.id, 1 | 2);
  d.addToLists(dave.id, me.id, 1 | 2);
  d.addToLists(eve.id, mallory.id, 1 | 2);
  srv.core.lists.setNickname(me.id, alice.id, 'Ali');
  const friends = srv.core.lists.addGroup(me.id, 'Friends');
  srv.core.lists.addToGroup(me.id, alice.id, friends.id);
  return { me, alice, bob, carol, dave, eve, mallory, friends };
}
