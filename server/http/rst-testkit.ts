// Test support (not a test file): token requests shaped like the ones the clients send (fact
// sheet §4.1) and a poster that parses the answer with our own XML reader.
//   MSN 7.5 / WLM 8 → RST.srf:  SOAP 1.1, default-namespace Envelope, ps:AuthInfo, wsse:UsernameToken, RSTn…
//   WLM 2009        → RST2.srf: SOAP 1.2, wsa:Action/To/MessageID, wsse (OASIS) with wsu:Timestamp
import { request, type TestResponse } from './testkit';
import { childrenNamed, parseXml, path, type XmlElement } from '../xml/xml';

export interface WantedToken {
  address: string;
  policy?: string;
}

/** What MSN 7.5 asks for on TWN: the DA token, the messenger ticket (policy = the NS challenge), contacts. */
export function msn75Tokens(challenge: string): WantedToken[] {
  return [
    { address: 'http://Passport.NET/tb' },
    { address: 'messenger.msn.com', policy: `?${challenge}` },
    { address: 'contacts.msn.com', policy: 'MBI' },
  ];
}

/** What WLM 8.1+ asks for on SSO (MSNP15+). */
export const WLM_SSO_TOKENS: WantedToken[] = [
  { address: 'http://Passport.NET/tb' },
  { address: 'messengerclear.live.com', policy: 'MBI_KEY_OLD' },
  { address: 'messenger.msn.com', policy: '?id=507' },
  { address: 'contacts.msn.com', policy: 'MBI' },
  { address: 'messengersecure.live.com', policy: 'MBI_SSL' },
  { address: 'spaces.live.com', policy: 'MBI' },
  { address: 'storage.msn.com', policy: 'MBI' },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The password goes in as given (already XML text), so tests can send CDATA or entities. */
export function rstRequestXml(username: string, passwordXml: string, tokens: WantedToken[]): string {
  const rsts = tokens
    .map(
      (t, i) =>
        `<wst:RequestSecurityToken Id="RST${i}">` +
        '<wst:RequestType>http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue</wst:RequestType>' +
        `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${esc(t.address)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
        (t.policy === undefined ? '' : `<wsse:PolicyReference URI="${esc(t.policy)}"></wsse:PolicyReference>`) +
        '</wst:RequestSecurityToken>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" ' +
    'xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" xmlns:wsp="http://schemas.xmlsoap.org/ws/2002/12/policy" ' +
    'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" ' +
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/03/addressing" xmlns:wssc="http://schemas.xmlsoap.org/ws/2004/04/sc" ' +
    'xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust">' +
    '<Header>' +
    '<ps:AuthInfo xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="PPAuthInfo">' +
    '<ps:HostingApp>{7108E71A-9926-4FCB-BCC9-9A9D3F32E423}</ps:HostingApp><ps:BinaryVersion>4</ps:BinaryVersion>' +
    '<ps:UIVersion>1</ps:UIVersion><ps:Cookies></ps:Cookies><ps:RequestParams>AQAAAAIAAABsYwQAAAAxMDMz</ps:RequestParams>' +
    '</ps:AuthInfo>' +
    `<wsse:Security><wsse:UsernameToken Id="user"><wsse:Username>${esc(username)}</wsse:Username>` +
    `<wsse:Password>${passwordXml}</wsse:Password></wsse:UsernameToken></wsse:Security>` +
    '</Header>' +
    `<Body><ps:RequestMultipleSecurityTokens xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="RSTS">${rsts}` +
    '</ps:RequestMultipleSecurityTokens></Body></Envelope>'
  );
}

export function rst2RequestXml(username: string, passwordXml: string, tokens: WantedToken[]): string {
  const now = new Date();
  const later = new Date(now.getTime() + 20 * 60_000);
  const rsts = tokens
    .map(
      (t, i) =>
        `<wst:RequestSecurityToken Id="RST${i}">` +
        '<wst:RequestType>http://schemas.xmlsoap.org/ws/2005/02/trust/Issue</wst:RequestType>' +
        `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${esc(t.address)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
        (t.policy === undefined ? '' : `<wsp:PolicyReference URI="${esc(t.policy)}" />`) +
        '</wst:RequestSecurityToken>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" ' +
    'xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" ' +
    'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" ' +
    'xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wssc="http://schemas.xmlsoap.org/ws/2005/02/sc" ' +
    'xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust">' +
    '<s:Header>' +
    '<wsa:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue</wsa:Action>' +
    '<wsa:To s:mustUnderstand="1">HTTPS://login.live.com:443//RST2.srf</wsa:To>' +
    '<wsa:MessageID>1726321960</wsa:MessageID>' +
    '<ps:AuthInfo xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="PPAuthInfo">' +
    '<ps:HostingApp>{7108E71A-9926-4FCB-BCC9-9A9D3F32E423}</ps:HostingApp><ps:BinaryVersion>5</ps:BinaryVersion>' +
    '<ps:UIVersion>1</ps:UIVersion><ps:Cookies /><ps:RequestParams>AQAAAAIAAABsYwQAAAAxMDMz</ps:RequestParams>' +
    '</ps:AuthInfo>' +
    `<wsse:Security><wsse:UsernameToken wsu:Id="user"><wsse:Username>${esc(username)}</wsse:Username>` +
    `<wsse:Password>${passwordXml}</wsse:Password></wsse:UsernameToken>` +
    `<wsu:Timestamp Id="Timestamp"><wsu:Created>${now.toISOString()}</wsu:Created><wsu:Expires>${later.toISOString()}</wsu:Expires></wsu:Timestamp>` +
    '</wsse:Security>' +
    '</s:Header>' +
    `<s:Body><ps:RequestMultipleSecurityTokens xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="RSTS">${rsts}` +
    '</ps:RequestMultipleSecurityTokens></s:Body></s:Envelope>'
  );
}

export interface RstAnswer {
  res: TestResponse;
  doc: XmlElement;
}

/** POSTs a token request the way the clients do (Host login.live.com, no SOAPAction) and parses the answer. */
export async function postRst(httpPort: number, urlPath: string, xml: string): Promise<RstAnswer> {
  const res = await request(httpPort, {
    method: 'POST',
    path: urlPath,
    headers: {
      Host: 'login.live.com',
      Accept: 'text/*',
      'User-Agent': 'MSMSGS',
      'Cache-Control': 'no-cache',
      'Content-Type': 'text/xml; charset=utf-8',
    },
    body: xml,
  });
  return { res, doc: parseXml(res.body) };
}

/** The RequestSecurityTokenResponse elements of an answer, in order. */
export function tokenResponses(doc: XmlElement): XmlElement[] {
  return childrenNamed(path(doc, 'Body', 'RequestSecurityTokenResponseCollection'), 'RequestSecurityTokenResponse');
}

/** The compact token ("t=…&p=…", XML-decoded) answered for an address. */
export function compactToken(doc: XmlElement, address: string): string | undefined {
  const r = tokenResponses(doc).find((x) => path(x, 'AppliesTo', 'EndpointReference', 'Address')?.text === address);
  return path(r, 'RequestedSecurityToken', 'BinarySecurityToken')?.text;
}
