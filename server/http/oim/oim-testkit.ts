// Test support (not a test file): Store2 and RSI requests shaped as WLM 8.5 sends them (fact sheet
// §10.3), posted over a real socket, and readers for the answers.
import { randomUUID } from 'node:crypto';
import { request, type TestResponse } from '../testkit';
import { parseXml, path, type XmlElement } from '../../xml/xml';
import { OIM_NS_2006, RSI_NS } from './oim-soap';

/** WLM 8.5's product id and its published key (the Ticket's appid; the lock key is keyed by it). */
export const WLM85_APP = { id: 'PROD0119GSJUC$18', key: 'ILTXC!4IXB5FB*PX' };

export interface Store2Options {
  from: string;
  to: string;
  /** "t=…&p=…" as the client holds it. */
  ticket: string;
  lockKey?: string;
  appId?: string;
  seq?: number;
  runId?: string;
  text?: string;
  /** The whole Content, instead of one built from text/seq/runId. */
  content?: string;
  friendlyName?: string;
  /** The namespace of the OIM elements (MSNPSharp 2.5.8 writes the 2004 one under a Store2 SOAPAction). */
  ns?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function oimContent(text: string, seq: number, runId: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
  return (
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n' +
    `X-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: {${runId}}\r\nX-OIM-Sequence-Num: ${seq}\r\n\r\n${b64}`
  );
}

export function store2Envelope(o: Store2Options): string {
  const seq = o.seq ?? 1;
  const content = o.content ?? oimContent(o.text ?? 'hello', seq, o.runId ?? randomUUID().toUpperCase());
  const name = o.friendlyName ?? `=?utf-8?B?${Buffer.from(o.from.split('@')[0]!).toString('base64')}?=`;
  const ns = o.ns ?? OIM_NS_2006;
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>' +
    `<From memberName="${esc(o.from)}" friendlyName="${esc(name)}" xml:lang="en-US" proxy="MSNMSGR" xmlns="${ns}" msnpVer="MSNP15" buildVer="8.5.1302.1018"/>` +
    `<To memberName="${esc(o.to)}" xmlns="${ns}"/>` +
    `<Ticket passport="${esc(o.ticket)}" appid="${esc(o.appId ?? WLM85_APP.id)}" lockkey="${esc(o.lockKey ?? '')}" xmlns="${ns}"/>` +
    '<Sequence xmlns="http://schemas.xmlsoap.org/ws/2003/03/rm"><Identifier xmlns="http://schemas.xmlsoap.org/ws/2002/07/utility">' +
    `http://messenger.msn.com</Identifier><MessageNumber>${seq}</MessageNumber></Sequence>` +
    '</soap:Header><soap:Body>' +
    `<MessageType xmlns="${ns}">text</MessageType><Content xmlns="${ns}">${esc(content)}</Content>` +
    '</soap:Body></soap:Envelope>'
  );
}

export interface SoapResult {
  res: TestResponse;
  doc: XmlElement;
}

export async function postStore2(httpPort: number, xml: string): Promise<SoapResult> {
  const res = await request(httpPort, {
    method: 'POST',
    path: '/OimWS/oim.asmx',
    headers: { Host: 'ows.messenger.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${OIM_NS_2006}Store2"` },
    body: xml,
  });
  return { res, doc: parseXml(res.body) };
}

/** An RSI call with PassportCookie t/p from the "t=…&p=…" ticket. */
export async function postRsi(httpPort: number, action: string, ticket: string, inner = ''): Promise<SoapResult> {
  const [t, p] = ticket.replace(/^t=/, '').split('&p=');
  const xml =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>' +
    `<PassportCookie xmlns="${RSI_NS}"><t>${esc(t ?? '')}</t><p>${esc(p ?? '')}</p></PassportCookie></soap:Header>` +
    `<soap:Body><${action} xmlns="${RSI_NS}">${inner}</${action}></soap:Body></soap:Envelope>`;
  const res = await request(httpPort, {
    method: 'POST',
    path: '/rsi/rsi.asmx',
    headers: { Host: 'rsi.hotmail.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${RSI_NS}/${action}"` },
    body: xml,
  });
  return { res, doc: parseXml(res.body) };
}

/** "AuthenticationFailed" from "q0:AuthenticationFailed"; undefined when the answer is no fault. */
export function oimFaultCode(doc: XmlElement): string | undefined {
  return path(doc, 'Body', 'Fault', 'faultcode')?.text.replace(/^\w+:/, '');
}

export function lockKeyChallenge(doc: XmlElement): string | undefined {
  return path(doc, 'Body', 'Fault', 'detail', 'LockKeyChallenge')?.text;
}
