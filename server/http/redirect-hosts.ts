// The two redirection hosts, byrdr.omega.contacts.msn.com (address book) and tkrdr.storage.msn.com
// (storage), which Butterfly's hosts file and DNS mode point here like every other Microsoft name.
// Two clients use them differently, and both must work:
// - MSNPSharp 2.5.8 (MSNService.ChangeCacheKeyAndPreferredHostForSpecifiedMethod) sends the first call
//   of each method there only to learn a cache key and a preferred host. It expects that call to FAIL
//   and reads <CacheKey> and <PreferredHostName> out of the exception text — text .NET and Mono fill
//   with the response body only when the response is not a SOAP response (Mono: "Not supported
//   Content-Type in the response: '…'" + the body). An ordinary text/xml 200 makes it throw
//   KeyNotFoundException (no preferred host recorded) and it never signs in.
// - Messenger for Mac 8 (seed 002) posts its real FindMembership/ABFindAll there and reads the answer.
// So the answer there is the ordinary document, labelled application/xml: an XML type that a client
// reading XML takes as it is, and that .NET/Mono SOAP clients refuse with the body in the message.
// What the real redirection hosts sent is not recorded anywhere we could find.
import type { HttpExchange } from './exchange';

const REDIRECTION_HOSTS = new Set(['byrdr.omega.contacts.msn.com', 'tkrdr.storage.msn.com']);

/** The Content-Type of a SOAP answer on this exchange's host. */
export function soapContentType(ex: HttpExchange): string {
  const host = (ex.header('host') ?? '').replace(/:\d+$/, '').trim().toLowerCase();
  return REDIRECTION_HOSTS.has(host) ? 'application/xml; charset=utf-8' : 'text/xml; charset=utf-8';
}
