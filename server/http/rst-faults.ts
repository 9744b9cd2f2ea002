// The two faults Passport's token service answered with, in both SOAP dialects.
//
// Wrong name or password (what MSN 7.5 / WLM turn into their "wrong password" message):
//   RST.srf:  <S:Fault><faultcode>wsse:FailedAuthentication</faultcode><faultstring>Authentication Failure</faultstring>…
//   RST2.srf: <S:Fault><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value>…
// both inside S:Body (libpurple reads Body/Fault/faultcode; Miranda reads S:Body/S:Fault/S:Detail),
// with psf:authstate 0x80048800 (PPCRL_AUTHSTATE_E_UNAUTHENTICATED) in the psf:pp header and
// 0x80048821 as both psf:reqstatus and the detail's psf:error/psf:value.
//
// Why 0x80048821 and not the 0x80048823 of ESC's RST.authfailed.xml (fact sheet §4.2): Microsoft's
// IDCRL HRESULT table names 0x80048821 PPCRL_REQUEST_E_BAD_MEMBER_NAME_OR_PASSWORD and 0x80048823
// PPCRL_REQUEST_E_PASSWORD_LOCKED_OUT; the RST2.srf answer ESC kept from the real service uses
// 0x80048821, and Miranda's client shows "username or password is incorrect" only for that value.
//
// Why HTTP 200 and not SOAP 1.1's 500: the real service answered its faults with 200, and clients
// written against it read anything else as "server unreachable" — Miranda's RST.srf code takes
// the body for "wsse:FailedAuthentication" only on a 200 and otherwise reports that it could not
// contact Passport. A wrong password must read as a wrong password.
import { xmlEscape } from './soap/envelope';
import { PSF_NS, serverInfo, WSU_NS, type TrustDialect } from './rst-namespaces';

const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>';
/** PPCRL_AUTHSTATE_E_UNAUTHENTICATED */
export const AUTHSTATE_UNAUTHENTICATED = '0x80048800';
/** PPCRL_REQUEST_E_BAD_MEMBER_NAME_OR_PASSWORD */
export const REQSTATUS_BAD_NAME_OR_PASSWORD = '0x80048821';
/** PPCRL_REQUEST_E_AUTH_SERVER_ERROR, with the STS's own "invalid request" code inside. */
const REQSTATUS_SERVER_ERROR = '0x80048820';
const INVALID_STS_REQUEST = '0x80045C01';

/** Every Passport answer, faults included, goes out as 200 (see above). */
export const PASSPORT_FAULT_STATUS = 200;

export function rstAuthFailureDocument(d: TrustDialect, now: number): string {
  const pp =
    `<psf:pp xmlns:psf="${PSF_NS}"><psf:serverVersion>1</psf:serverVersion>` +
    `<psf:authstate>${AUTHSTATE_UNAUTHENTICATED}</psf:authstate><psf:reqstatus>${REQSTATUS_BAD_NAME_OR_PASSWORD}</psf:reqstatus>` +
    `${serverInfo(now)}<psf:cookies/><psf:response/></psf:pp>`;
  return document(d, pp, fault(d, 'FailedAuthentication', 'Authentication Failure', psfError(REQSTATUS_BAD_NAME_OR_PASSWORD)));
}

/** A request we could not use (not XML, a DTD, no UsernameToken…); `why` is our own text, escaped here. */
export function rstInvalidRequestDocument(d: TrustDialect, why: string): string {
  const detail = psfError(REQSTATUS_SERVER_ERROR, INVALID_STS_REQUEST, `Invalid STS request: ${why}`);
  return document(d, '', fault(d, 'InvalidRequest', 'Invalid Request', detail));
}

function document(d: TrustDialect, header: string, body: string): string {
  return (
    XML_DECL +
    `<S:Envelope xmlns:S="${d.soap}" xmlns:wsse="${d.wsse}" xmlns:wsu="${WSU_NS}" xmlns:wst="${d.trust}" xmlns:psf="${PSF_NS}">` +
    (header ? `<S:Header>${header}</S:Header>` : '') +
    `<S:Body>${body}</S:Body></S:Envelope>`
  );
}

/**
 * SOAP 1.1 puts the WS-Security code in faultcode (wsse:FailedAuthentication, S:Client for a bad
 * request); SOAP 1.2 nests it as a Subcode under S:Sender, with the trust prefix as RST2.srf did.
 */
function fault(d: TrustDialect, code: 'FailedAuthentication' | 'InvalidRequest', reason: string, detail: string): string {
  if (d.flavor === 'rst') {
    const faultcode = code === 'FailedAuthentication' ? 'wsse:FailedAuthentication' : 'S:Client';
    return `<S:Fault><faultcode>${faultcode}</faultcode><faultstring>${reason}</faultstring><detail>${detail}</detail></S:Fault>`;
  }
  return (
    '<S:Fault><S:Code><S:Value>S:Sender</S:Value>' +
    `<S:Subcode><S:Value>wst:${code}</S:Value></S:Subcode></S:Code>` +
    `<S:Reason><S:Text xml:lang="en-US">${reason}</S:Text></S:Reason>` +
    `<S:Detail>${detail}</S:Detail></S:Fault>`
  );
}

function psfError(value: string, internalCode?: string, text?: string): string {
  const internal =
    internalCode === undefined
      ? ''
      : `<psf:internalerror><psf:code>${internalCode}</psf:code><psf:text>${xmlEscape(text ?? '')}</psf:text></psf:internalerror>`;
  return `<psf:error><psf:value>${value}</psf:value>${internal}</psf:error>`;
}
