// Who is asking: the address-book services take the Passport ticket from either place clients put it.
//   MSNP15+ (WLM 8.1+):     <ABAuthHeader><TicketToken>t=<ticket>&amp;p=<profile></TicketToken></ABAuthHeader>
//   MSNP13–14, Mac, early libpurple: no TicketToken, but   Cookie: MSPAuth=<ticket>$   (the NS profile's MSPAuth)
// The ticket must be one this server signed, unexpired, for an account that still exists; the
// answer is built only from that account (never from a name in the request).
import type { Core } from '../../core/core';
import { extractTicket } from '../../core/tickets';
import type { User } from '../../core/model';
import { soapFault, type SoapReply } from './envelope';
import { textAt, type XmlElement } from '../../xml/xml';

export type SoapAuthResult =
  | { ok: true; user: User; via: 'TicketToken' | 'MSPAuth cookie' }
  | { ok: false; fault: SoapReply; reason: string };

/**
 * Which ticket services identify a user here. Every ticket we issue is signed and bound to one
 * account, and which service a client relays varies: Messenger for Mac re-runs the Passport 1.4
 * login and sends that 'messenger' ticket as TicketToken (seed 002), MSNP13–14 send the NS's
 * MSPAuth, WLM sends an RST.srf contacts token. So any genuine ticket of ours is accepted; the
 * account it names is the only one whose data is answered.
 */
function acceptableService(_service: string): boolean {
  return true;
}

export function authenticateSoap(core: Core, envelope: XmlElement, cookieHeader: string | undefined): SoapAuthResult {
  const tried: string[] = [];
  const token = textAt(envelope, 'Header', 'ABAuthHeader', 'TicketToken');
  if (token) {
    const user = userFor(core, token);
    if (user) return { ok: true, user, via: 'TicketToken' };
    tried.push('TicketToken is not a valid ticket of this server (forged, expired or for a deleted account)');
  }
  const cookie = mspAuthCookie(cookieHeader);
  if (cookie) {
    const user = userFor(core, cookie);
    if (user) return { ok: true, user, via: 'MSPAuth cookie' };
    tried.push('MSPAuth cookie is not a valid ticket of this server');
  }
  if (tried.length === 0) tried.push('no TicketToken in ABAuthHeader and no MSPAuth cookie');
  const reason = tried.join('; ');
  return {
    ok: false,
    reason,
    fault: soapFault('soap:Client', `Passport authentication failed: ${reason}. Sign in again.`, 'PassportAuthFail'),
  };
}

export function userFor(core: Core, raw: string): User | undefined {
  const claims = core.tickets.verify(extractTicket(raw));
  if (!claims || !acceptableService(claims.service)) return undefined;
  return core.users.byId(claims.userId);
}

/** The MSPAuth value of a Cookie header ("MSPAuth=<ticket>$; MSPProf=…"), if any. */
export function mspAuthCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'mspauth') continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
