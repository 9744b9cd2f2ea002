// Reads a WS-Trust token request (RST.srf, RST2.srf) as MSN 7.5 / WLM send it (fact sheet §4.1):
//   <Envelope><Header><ps:AuthInfo …/><wsse:Security><wsse:UsernameToken Id="user">
//     <wsse:Username>me@local</wsse:Username><wsse:Password>…</wsse:Password></wsse:UsernameToken></wsse:Security></Header>
//   <Body><ps:RequestMultipleSecurityTokens Id="RSTS"><wst:RequestSecurityToken Id="RST1">
//     <wsp:AppliesTo><wsa:EndpointReference><wsa:Address>messenger.msn.com</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>
//     <wsse:PolicyReference URI="?ct=…,rver=…"/></wst:RequestSecurityToken>…</ps:RequestMultipleSecurityTokens></Body></Envelope>
// Elements are found by local name: clients differ in prefixes (pymsn writes ns0:/ns1:, MSN 7.5
// uses a default namespace for the envelope) and in namespace versions (RST2.srf uses WS-Trust
// 2005 and SOAP 1.2), while the shape is the same.
import { child, childrenNamed, parseXml, path, XmlRefused, type XmlElement } from '../xml/xml';

export interface TokenRequest {
  /** The request's Id ("RST1"), for the tap; the answer is numbered by position. */
  id: string | undefined;
  /** wsa:Address as sent: "http://Passport.NET/tb", "messenger.msn.com", … */
  address: string;
  /** wsse:PolicyReference URI: "MBI", "MBI_KEY_OLD", "?<USR TWN S string>", … */
  policy: string | undefined;
}

export interface RstRequest {
  username: string;
  password: string;
  tokens: TokenRequest[];
}

export type RstParse =
  | { ok: true; request: RstRequest }
  /** refused: DTD/entities/limits; malformed: not XML; invalid: XML, but not a usable token request. */
  | { ok: false; kind: 'refused' | 'malformed' | 'invalid'; why: string };

/** Real clients ask for at most nine tokens (WLM 2009); more is not a client of ours. */
export const MAX_TOKEN_REQUESTS = 32;
/** Passport sign-in names were e-mail addresses; passwords are limited to 256 characters elsewhere too. */
const MAX_USERNAME_CHARS = 256;
const MAX_ADDRESS_CHARS = 256;

export function readRstRequest(text: string): RstParse {
  let doc: XmlElement;
  try {
    doc = parseXml(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, kind: err instanceof XmlRefused ? 'refused' : 'malformed', why };
  }
  const invalid = (why: string): RstParse => ({ ok: false, kind: 'invalid', why });
  if (doc.name !== 'Envelope') return invalid(`the document is <${doc.name}>, not a SOAP Envelope`);

  const token = path(doc, 'Header', 'Security', 'UsernameToken');
  if (!token) return invalid('no Header/Security/UsernameToken');
  const username = child(token, 'Username')?.text;
  const password = child(token, 'Password');
  if (!username) return invalid('UsernameToken has no Username');
  if (username.length > MAX_USERNAME_CHARS) return invalid(`Username longer than ${MAX_USERNAME_CHARS} characters`);
  // An empty <Password/> is a wrong password, not a malformed request.
  if (!password) return invalid('UsernameToken has no Password');

  const tokens = tokenRequests(child(doc, 'Body'));
  if (tokens.length === 0) return invalid('Body holds no RequestSecurityToken');
  if (tokens.length > MAX_TOKEN_REQUESTS) return invalid(`more than ${MAX_TOKEN_REQUESTS} RequestSecurityToken elements`);
  for (const [i, t] of tokens.entries()) {
    if (!t.address) return invalid(`RequestSecurityToken #${i} has no AppliesTo/EndpointReference/Address`);
    if (t.address.length > MAX_ADDRESS_CHARS) return invalid(`RequestSecurityToken #${i} has an Address over ${MAX_ADDRESS_CHARS} characters`);
  }
  // Spaces are part of a password: take it as sent, not trimmed.
  return { ok: true, request: { username, password: password.rawText, tokens } };
}

/**
 * The token requests in order: normally inside ps:RequestMultipleSecurityTokens; a lone
 * wst:RequestSecurityToken straight in the Body (plain WS-Trust) is read the same way.
 */
function tokenRequests(body: XmlElement | undefined): TokenRequest[] {
  const multiple = child(body, 'RequestMultipleSecurityTokens');
  const list = multiple ? childrenNamed(multiple, 'RequestSecurityToken') : childrenNamed(body, 'RequestSecurityToken');
  return list.map((rst) => ({
    id: attr(rst, 'Id'),
    address: path(rst, 'AppliesTo', 'EndpointReference', 'Address')?.text ?? '',
    // wsse:PolicyReference (RST.srf) or wsp:PolicyReference (RST2.srf)
    policy: attr(child(rst, 'PolicyReference'), 'URI'),
  }));
}

/** An attribute by local name, whatever its prefix (Id, wsu:Id). */
function attr(el: XmlElement | undefined, local: string): string | undefined {
  if (!el) return undefined;
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k === local || k.endsWith(`:${local}`)) return v;
  }
  return undefined;
}
