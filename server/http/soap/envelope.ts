// SOAP 1.1 response envelopes for the address-book (ABCH) services: the ServiceHeader every
// answer carries, faults in the AddressBook namespace, and XML escaping of every value we insert.
// The XML declaration is the very first byte (ESC's templates put a blank line before it; a
// strict parser rejects that).
import { createHash, randomUUID } from 'node:crypto';

export const AB_NS = 'http://www.msn.com/webservices/AddressBook';
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>';
/** The ABCH build the last real servers reported. */
const SERVICE_VERSION = '15.01.1408.0000';

/** What a SOAP handler answers: HTTP status and the whole XML document. */
export interface SoapReply {
  status: number;
  xml: string;
  /** For faults: the errorcode, so the router can note it in the tap. */
  errorcode?: string;
}

/** Escapes text and attribute values: & < > " ' and drops characters XML 1.0 cannot carry. */
export function xmlEscape(value: string | number | boolean | bigint): string {
  return String(value)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** <name>escaped value</name>; a tiny helper so builders read like the XML they produce. */
export function el(name: string, value: string | number | boolean | bigint): string {
  return `<${name}>${xmlEscape(value)}</${name}>`;
}

export interface ServiceHeaderInfo {
  /** Our host as clients reach it (PreferredHostName): clients send later requests there. */
  host: string;
  /** Stable per user, so WLM 2009's CacheKey echo keeps matching. */
  cacheKeySeed?: string;
}

/**
 *   <ServiceHeader xmlns="…/AddressBook"><Version>15.01.1408.0000</Version><CacheKey>12r1:…</CacheKey>
 *   <CacheKeyChanged>true</CacheKeyChanged><PreferredHostName>10.0.0.5</PreferredHostName><SessionId>guid</SessionId></ServiceHeader>
 */
export function serviceHeader(info: ServiceHeaderInfo): string {
  const key = createHash('sha256')
    .update(info.cacheKeySeed ?? 'anonymous')
    .digest('base64url')
    .slice(0, 32);
  return (
    `<ServiceHeader xmlns="${AB_NS}">` +
    el('Version', SERVICE_VERSION) +
    el('CacheKey', `12r1:${key}`) +
    el('CacheKeyChanged', 'true') +
    el('PreferredHostName', info.host) +
    el('SessionId', randomUUID()) +
    '</ServiceHeader>'
  );
}

/** A whole response document around `body` (already XML, built from escaped values). */
export function soapEnvelope(body: string, header: ServiceHeaderInfo): string {
  return (
    XML_DECL +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `<soap:Header>${serviceHeader(header)}</soap:Header>` +
    `<soap:Body>${body}</soap:Body>` +
    '</soap:Envelope>'
  );
}

export function soapOk(body: string, header: ServiceHeaderInfo): SoapReply {
  return { status: 200, xml: soapEnvelope(body, header) };
}

/**
 * A SOAP 1.1 fault (HTTP 500, as SOAP 1.1 requires) whose detail carries the AddressBook
 * errorcode the clients switch on (PAPYON: ABDoesNotExist → ABAdd, FullSyncRequired → full sync).
 *   <soap:Fault><faultcode>soap:Client</faultcode><faultstring>…</faultstring><detail>
 *   <errorcode xmlns="…/AddressBook">PassportAuthFail</errorcode><errorstring>…</errorstring></detail></soap:Fault>
 */
export function soapFault(
  code: 'soap:Client' | 'soap:Server',
  message: string,
  detailErrorcode: string,
  status = 500,
  /** More <detail> content, already XML (e.g. additionalDetails/conflictObjectId). */
  extraDetail = '',
): SoapReply {
  const xml =
    XML_DECL +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    '<soap:Body><soap:Fault>' +
    el('faultcode', code) +
    el('faultstring', message) +
    '<detail>' +
    `<errorcode xmlns="${AB_NS}">${xmlEscape(detailErrorcode)}</errorcode>` +
    el('errorstring', message) +
    extraDetail +
    '</detail></soap:Fault></soap:Body></soap:Envelope>';
  return { status, xml, errorcode: detailErrorcode };
}
