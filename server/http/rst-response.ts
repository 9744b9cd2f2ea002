// The answer to a successful token request (fact sheet §4.2): a psf:pp header describing the
// sign-in, and one wst:RequestSecurityTokenResponse per requested address, in request order.
//   Passport.NET/tb → urn:passport:legacy, <EncryptedData Id="BinaryDAToken0">…</EncryptedData> + a proof key
//   anything else   → urn:passport:compact, <wsse:BinarySecurityToken Id="Compact1">t=…&amp;p=…</wsse:BinarySecurityToken>
// The client XML-decodes the messenger.msn.com token and hands it to the NS as it is:
//   USR 4 TWN S t=<ticket>&p=<profile>
import { createHash } from 'node:crypto';
import { el, xmlEscape } from './soap/envelope';
import { cidOf } from './soap/ids';
import { passportTime, PSF_NS, SAML_NS, serverInfo, WSU_NS, XMLDSIG_NS, XMLENC_NS, type TrustDialect } from './rst-namespaces';

const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>';
/** The config/UI versions login.live.com reported in its last years; clients only compare them to cached values. */
const CONFIG_VERSION = '16.000.26889.00';
const UI_VERSION = '3.100.2179.0';
/** PPCRL_AUTHSTATE_S_AUTHENTICATED_PASSWORD: signed in with a password. */
export const AUTHSTATE_PASSWORD = '0x48803';

export interface IssuedToken {
  /** wsa:Address exactly as the client sent it: clients find their token by comparing it. */
  address: string;
  kind: 'legacy' | 'compact';
  /** legacy: the base64 CipherValue; compact: "t=<ticket>&p=<profile>" (escaped here). */
  value: string;
  /** Base64 wst:BinarySecret: always with the legacy token, and for messengerclear.live.com. */
  proofKey?: string;
}

export interface RstAccount {
  email: string;
  guid: string;
  friendlyName: string;
}

export interface RstSuccess {
  account: RstAccount;
  /** The client's IP as we saw it (credProperty IP). */
  remote: string | undefined;
  created: number;
  expires: number;
  tokens: IssuedToken[];
}

/**
 * A user's CID as 16 lower-case hex digits: the same 64-bit number cidOf() writes in decimal in
 * the address book, so every service names the user by one id.
 */
export function cidHex(guid: string): string {
  return BigInt.asUintN(64, BigInt(cidOf(guid))).toString(16).padStart(16, '0');
}

/** The PUID in the psf:pp header: 16 upper-case hex digits, from the same GUID bits as the CID. */
export function puidOf(guid: string): string {
  return cidHex(guid).toUpperCase();
}

export function rstSuccessDocument(d: TrustDialect, s: RstSuccess): string {
  const responses = s.tokens.map((t, i) => tokenResponse(d, t, i, s)).join('');
  return (
    XML_DECL +
    envelopeOpen(d) +
    `<S:Header>${d.flavor === 'rst2' ? addressingHeaders(s.created) : ''}${ppHeader(s)}</S:Header>` +
    '<S:Body>' +
    `<wst:RequestSecurityTokenResponseCollection xmlns:S="${d.soap}" xmlns:wst="${d.trust}" xmlns:wsse="${d.wsse}" ` +
    `xmlns:wsu="${WSU_NS}" xmlns:saml="${SAML_NS}" xmlns:wsp="${d.wsp}" xmlns:psf="${PSF_NS}">` +
    responses +
    '</wst:RequestSecurityTokenResponseCollection></S:Body></S:Envelope>'
  );
}

function envelopeOpen(d: TrustDialect): string {
  // RST2's header elements (wsa:Action, wsse:Security) need their prefixes declared up front.
  return d.flavor === 'rst2'
    ? `<S:Envelope xmlns:S="${d.soap}" xmlns:wsse="${d.wsse}" xmlns:wsu="${WSU_NS}" xmlns:wsa="${d.wsa}">`
    : `<S:Envelope xmlns:S="${d.soap}">`;
}

/** WS-Addressing and the timestamp RST2.srf answers carry before psf:pp. */
function addressingHeaders(now: number): string {
  return (
    '<wsa:Action wsu:Id="Action" S:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue</wsa:Action>' +
    '<wsa:To wsu:Id="To" S:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>' +
    '<wsse:Security S:mustUnderstand="1"><wsu:Timestamp wsu:Id="TS">' +
    `<wsu:Created>${passportTime(now)}</wsu:Created><wsu:Expires>${passportTime(now + 5 * 60_000)}</wsu:Expires>` +
    '</wsu:Timestamp></wsse:Security>'
  );
}

/**
 *   <psf:pp><psf:serverVersion>1</psf:serverVersion><psf:PUID>0A1B…</psf:PUID>…<psf:authstate>0x48803</psf:authstate>
 *   <psf:reqstatus>0x0</psf:reqstatus><psf:serverInfo …/><psf:cookies/><psf:credProperties>…</psf:credProperties><psf:response/></psf:pp>
 */
function ppHeader(s: RstSuccess): string {
  const cred = (name: string, value: string) => `<psf:credProperty Name="${name}">${xmlEscape(value)}</psf:credProperty>`;
  return (
    `<psf:pp xmlns:psf="${PSF_NS}">` +
    el('psf:serverVersion', 1) +
    el('psf:PUID', puidOf(s.account.guid)) +
    el('psf:configVersion', CONFIG_VERSION) +
    el('psf:uiVersion', UI_VERSION) +
    el('psf:authstate', AUTHSTATE_PASSWORD) +
    el('psf:reqstatus', '0x0') +
    serverInfo(s.created) +
    '<psf:cookies/>' +
    '<psf:credProperties>' +
    cred('MainBrandID', 'MSFT') +
    cred('BrandIDList', '') +
    cred('IsWinLiveUser', 'true') +
    cred('CID', cidHex(s.account.guid)) +
    cred('AuthMembername', s.account.email) +
    cred('Country', 'US') +
    cred('Language', '1033') +
    cred('FirstName', s.account.friendlyName) +
    cred('LastName', '') +
    cred('ChildFlags', '00000001') +
    cred('Flags', '40100643') +
    cred('FlagsV2', '00000000') +
    cred('IP', (s.remote ?? '').replace(/^::ffff:/, '')) +
    cred('AssociatedForStrongAuth', '0') +
    '</psf:credProperties>' +
    '<psf:response/>' +
    '</psf:pp>'
  );
}

function tokenResponse(d: TrustDialect, t: IssuedToken, index: number, s: RstSuccess): string {
  const legacy = t.kind === 'legacy';
  const id = legacy ? `BinaryDAToken${index}` : `Compact${index}`;
  const token = legacy
    ? `<EncryptedData xmlns="${XMLENC_NS}" Id="${id}" Type="${XMLENC_NS}Element">` +
      `<EncryptionMethod Algorithm="${XMLENC_NS}tripledes-cbc"></EncryptionMethod>` +
      `<ds:KeyInfo xmlns:ds="${XMLDSIG_NS}"><ds:KeyName>http://Passport.NET/STS</ds:KeyName></ds:KeyInfo>` +
      `<CipherData>${el('CipherValue', t.value)}</CipherData></EncryptedData>`
    : `<wsse:BinarySecurityToken Id="${id}">${xmlEscape(t.value)}</wsse:BinarySecurityToken>`;
  return (
    '<wst:RequestSecurityTokenResponse>' +
    el('wst:TokenType', legacy ? 'urn:passport:legacy' : 'urn:passport:compact') +
    `<wsp:AppliesTo xmlns:wsa="${d.wsa}"><wsa:EndpointReference>${el('wsa:Address', t.address)}</wsa:EndpointReference></wsp:AppliesTo>` +
    `<wst:${d.lifetime}>${el('wsu:Created', passportTime(s.created))}${el('wsu:Expires', passportTime(s.expires))}</wst:${d.lifetime}>` +
    `<wst:RequestedSecurityToken>${token}</wst:RequestedSecurityToken>` +
    tokenReference(d, legacy, id, t.value) +
    (t.proofKey === undefined ? '' : `<wst:RequestedProofToken>${el('wst:BinarySecret', t.proofKey)}</wst:RequestedProofToken>`) +
    '</wst:RequestSecurityTokenResponse>'
  );
}

/**
 * How the answer points at its token. 2004: by Id (#Compact1). 2005: by a digest of the token
 * in both attached and unattached forms, as RST2.srf did (a base64 SHA-1):
 *   <wst:RequestedAttachedReference><wsse:SecurityTokenReference><wsse:Reference URI="/DaES…Md0k="/>…
 */
function tokenReference(d: TrustDialect, legacy: boolean, id: string, value: string): string {
  if (d.flavor === 'rst') {
    return (
      '<wst:RequestedTokenReference>' +
      `<wsse:KeyIdentifier ValueType="${legacy ? 'urn:passport' : 'urn:passport:compact'}"></wsse:KeyIdentifier>` +
      `<wsse:Reference URI="#${id}"></wsse:Reference>` +
      '</wst:RequestedTokenReference>'
    );
  }
  const ref = `<wsse:SecurityTokenReference><wsse:Reference URI="${createHash('sha1').update(value).digest('base64')}"></wsse:Reference></wsse:SecurityTokenReference>`;
  return `<wst:RequestedAttachedReference>${ref}</wst:RequestedAttachedReference><wst:RequestedUnattachedReference>${ref}</wst:RequestedUnattachedReference>`;
}
