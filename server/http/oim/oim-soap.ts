// SOAP envelopes of the OIM services: the faults Store2 clients switch on by faultcode (WLM and
// MSNPSharp read the local name: AuthenticationFailed → answer the LockKeyChallenge or fetch a new
// ticket; SystemUnavailable / InvalidContent → "could not be delivered"), and the RSI answers.
//   <faultcode xmlns:q0="http://messenger.live.com/ws/2006/09/oim/">q0:AuthenticationFailed</faultcode>
//   <detail><TweenerChallenge …>ct=…</TweenerChallenge><LockKeyChallenge …>72236723</LockKeyChallenge></detail>
// (ESC tmpl/oim/Fault.*.xml; fact sheet §10.3.)
import { xmlEscape, SOAP_NS, type SoapReply } from '../soap/envelope';

export const OIM_NS_2006 = 'http://messenger.live.com/ws/2006/09/oim/';
export const OIM_NS_2004 = 'http://messenger.msn.com/ws/2004/09/oim/';
export const RSI_NS = 'http://www.hotmail.msn.com/ws/2004/09/oim/rsi';
const RM_NS = 'http://schemas.xmlsoap.org/ws/2003/03/rm';
const UTILITY_NS = 'http://schemas.xmlsoap.org/ws/2002/07/utility';

const DECL = '<?xml version="1.0" encoding="utf-8"?>';
const OPEN =
  `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema">';

export type OimFaultCode = 'AuthenticationFailed' | 'SystemUnavailable' | 'InvalidContent' | 'SenderThrottleLimitExceeded';

/** A Store2 fault in the namespace the client posted with; `detail` is already XML. */
export function oimFault(ns: string, code: OimFaultCode, message: string, detail = ''): SoapReply {
  const xml =
    DECL + OPEN + '<soap:Body><soap:Fault>' +
    `<faultcode xmlns:q0="${ns}">q0:${code}</faultcode>` +
    `<faultstring>${xmlEscape(message)}</faultstring>` +
    '<faultactor>https://ows.messenger.msn.com/OimWS/oim.asmx</faultactor>' +
    `<detail>${detail}</detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>';
  return { status: 500, xml, errorcode: code };
}

/** The detail of an AuthenticationFailed: a new lock-key challenge, and/or a Passport challenge (ticket refused). */
export function authDetail(ns: string, opts: { lockKeyChallenge?: string; tweenerChallenge?: string }): string {
  return (
    (opts.tweenerChallenge ? `<TweenerChallenge xmlns="${ns}">${xmlEscape(opts.tweenerChallenge)}</TweenerChallenge>` : '') +
    (opts.lockKeyChallenge ? `<LockKeyChallenge xmlns="${ns}">${xmlEscape(opts.lockKeyChallenge)}</LockKeyChallenge>` : '')
  );
}

/** Store2's answer: the sequence number acknowledged in the header, StoreResponse in the body. */
export function storeResponse(ns: string, seq: number): SoapReply {
  const xml =
    DECL + OPEN +
    '<soap:Header>' +
    `<SequenceAcknowledgment xmlns="${RM_NS}"><Identifier xmlns="${UTILITY_NS}">http://messenger.msn.com</Identifier>` +
    `<AcknowledgmentRange Upper="${seq}" Lower="${seq}" /></SequenceAcknowledgment>` +
    '</soap:Header>' +
    `<soap:Body><StoreResponse xmlns="${ns}"><PointsConsumed>0</PointsConsumed></StoreResponse></soap:Body>` +
    '</soap:Envelope>';
  return { status: 200, xml };
}

/** An RSI answer: `inner` (already XML) inside <{action}Response>. */
export function rsiResponse(action: string, inner: string): SoapReply {
  return { status: 200, xml: `${DECL}${OPEN}<soap:Body><${action}Response xmlns="${RSI_NS}">${inner}</${action}Response></soap:Body></soap:Envelope>` };
}

/** RSI refuses what it cannot read or does not know as a client fault (ESC: "Schema validation error"). */
export function rsiFault(message: string, errorcode = 'soap:Client'): SoapReply {
  // A refused ticket is AuthenticationFailed with a TweenerChallenge (rsi_faulttypes.xsd): sign in again.
  const auth = errorcode === 'AuthenticationFailed';
  const xml =
    DECL + OPEN + '<soap:Body><soap:Fault>' +
    (auth ? `<faultcode xmlns:q0="${RSI_NS}">q0:AuthenticationFailed</faultcode>` : '<faultcode>soap:Client</faultcode>') +
    `<faultstring>${xmlEscape(message)}</faultstring>` +
    '<faultactor>https://rsi.hotmail.com/rsi/rsi.asmx</faultactor>' +
    (auth
      ? `<detail><AuthenticationFailed xmlns="${RSI_NS}"><TweenerChallenge>ct=1,rver=5.0.3270.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507</TweenerChallenge></AuthenticationFailed></detail>`
      : '<detail />') +
    '</soap:Fault></soap:Body></soap:Envelope>';
  return { status: 500, xml, errorcode };
}
