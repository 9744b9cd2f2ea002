// The two WS-Trust dialects Passport's token service spoke, and what differs between them.
//   RST.srf  (MSN 7.5, WLM 8.x):  SOAP 1.1, WS-Trust 2004/04, <wst:LifeTime>, <wst:RequestedTokenReference>
//   RST2.srf (WLM 2009):          SOAP 1.2, WS-Trust 2005/02, <wst:Lifetime>, Requested(Un)AttachedReference
// The prefixes are the ones login.live.com used (S:, wst:, wsse:, psf:): some clients look
// elements up by prefixed name (Miranda's ezxml_get(xml, "S:Body", …, "wst:RequestSecurityTokenResponse")),
// so they are part of the contract, not a matter of taste.

export type RstFlavor = 'rst' | 'rst2';

export interface TrustDialect {
  flavor: RstFlavor;
  /** For the tap and fault texts. */
  endpoint: 'RST.srf' | 'RST2.srf';
  soap: string;
  trust: string;
  wsse: string;
  wsp: string;
  wsa: string;
  /** LifeTime (2004) or Lifetime (2005). */
  lifetime: string;
  contentType: string;
}

export const PSF_NS = 'http://schemas.microsoft.com/Passport/SoapServices/SOAPFault';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
export const SAML_NS = 'urn:oasis:names:tc:SAML:1.0:assertion';
export const XMLENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const RST_DIALECT: TrustDialect = {
  flavor: 'rst',
  endpoint: 'RST.srf',
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  trust: 'http://schemas.xmlsoap.org/ws/2004/04/trust',
  wsse: 'http://schemas.xmlsoap.org/ws/2003/06/secext',
  wsp: 'http://schemas.xmlsoap.org/ws/2002/12/policy',
  wsa: 'http://schemas.xmlsoap.org/ws/2004/03/addressing',
  lifetime: 'LifeTime',
  contentType: 'text/xml; charset=utf-8',
};

export const RST2_DIALECT: TrustDialect = {
  flavor: 'rst2',
  endpoint: 'RST2.srf',
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  trust: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  wsa: 'http://www.w3.org/2005/08/addressing',
  lifetime: 'Lifetime',
  // SOAP 1.2's media type (SOAP 1.1 used text/xml).
  contentType: 'application/soap+xml; charset=utf-8',
};

/**
 * The psf:serverInfo every psf:pp header carries; its text named the login server and build.
 *   <psf:serverInfo Path="Live1" RollingUpgradeState="ExclusiveNew" LocVersion="0" ServerTime="2024-09-14T13:52:40Z">…</psf:serverInfo>
 */
export function serverInfo(now: number): string {
  return (
    `<psf:serverInfo Path="Live1" RollingUpgradeState="ExclusiveNew" LocVersion="0" ServerTime="${passportTime(now)}">` +
    'BUTTERFLY1 LAN Passport</psf:serverInfo>'
  );
}

/**
 * Passport timestamps: UTC, whole seconds.
 *   1726321960123 → 2024-09-14T13:52:40Z
 */
export function passportTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
