// SOAP envelopes of the storage service (storage.msn.com/storageservice/SchematizedStore.asmx),
// namespace http://www.msn.com/webservices/storage/w10 (fact sheet §5.6). Every answer carries the
// AffinityCacheHeader with the cache key the client sends back (MSNPSharp 2.5.8 stores it from the
// first answer). No StorageUserHeader comes back: MSNPSharp's schema types its Cid as a 32-bit int,
// and a real 64-bit CID there makes its reader throw.
import { createHash } from 'node:crypto';
import { el, SOAP_NS, xmlEscape, type SoapReply } from '../soap/envelope';

export const STORAGE_NS = 'http://www.msn.com/webservices/storage/w10';
/** MSNPSharp 3.0 (and WLM 2009) speak the 2008 schema: SOAPAction …/storage/2008/GetProfile. */
export const STORAGE_NS_2008 = 'http://www.msn.com/webservices/storage/2008';
const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>';

/** Stable per user, like the address book's: "1r1:<32 chars>". */
export function storageCacheKey(seed: string): string {
  return `1r1:${createHash('sha256').update(`storage:${seed}`).digest('base64url').slice(0, 32)}`;
}

function envelope(header: string, body: string): string {
  return (
    XML_DECL +
    `<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    (header ? `<soap:Header>${header}</soap:Header>` : '') +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export function storageOk(body: string, cacheKeySeed: string, ns = STORAGE_NS): SoapReply {
  const header = `<AffinityCacheHeader xmlns="${ns}">${el('CacheKey', storageCacheKey(cacheKeySeed))}</AffinityCacheHeader>`;
  return { status: 200, xml: envelope(header, body) };
}

/**
 * A storage fault. Clients read the text: MSNPSharp creates a profile when GetProfile fails with a
 * message containing "does not exist" (StorageService.GetProfileImpl), so that wording is kept.
 *   <soap:Fault><faultcode>soap:Client</faultcode><faultstring>…</faultstring>
 *   <detail><errorcode xmlns="…/storage/w10">ItemDoesNotExist</errorcode>…</detail></soap:Fault>
 */
export function storageFault(errorcode: string, message: string): SoapReply {
  const body =
    '<soap:Fault>' +
    el('faultcode', 'soap:Client') +
    el('faultstring', message) +
    `<detail><errorcode xmlns="${STORAGE_NS}">${xmlEscape(errorcode)}</errorcode>${el('errorstring', message)}</detail>` +
    '</soap:Fault>';
  return { status: 500, xml: envelope('', body), errorcode };
}
