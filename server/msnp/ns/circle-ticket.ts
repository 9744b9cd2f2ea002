// USR SHA A: after ABFindContactsPaged, WLM 2009 and MSNPSharp 3.0 hand the CircleTicket back to the
// notification server, base64 of its UTF-8 text (MSNPSharp NSMessageHandler.SendSHAAMessage):
//   C: USR 12 SHA A PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0idXRmLTE2Ij8+PFNpZ25lZFRpY2tldCDigKY=
//   S: USR 12 OK me@x 0 0                     (ESC _m_usr; a wrong ticket: 911 12, connection kept)
// It unlocks circles (group chats), which this server does not have; the ticket is still checked,
// so a forged or someone else's ticket is refused.
import { parseXml, textAt } from '../../xml/xml';
import type { TicketIssuer } from '../../core/tickets';

/** Longest base64 ticket accepted (ours are under 1 KB; the service's were about 2 KB). */
const MAX_TICKET_CHARS = 8192;

/** Why a circle ticket is not this account's, or undefined when it is. */
export function circleTicketProblem(tickets: TicketIssuer, userId: number, b64: string | undefined): string | undefined {
  if (!b64 || b64.length > MAX_TICKET_CHARS || !/^[A-Za-z0-9+/=]+$/.test(b64)) return 'USR SHA A needs the base64 circle ticket';
  let sig: string | undefined;
  try {
    const doc = parseXml(Buffer.from(b64, 'base64').toString('utf8').replace(/^<\?xml[^>]*\?>/, ''), {
      maxChars: MAX_TICKET_CHARS,
      maxDepth: 4,
      maxElements: 16,
    });
    sig = doc.name === 'SignedTicket' ? textAt(doc, 'Sig') : undefined;
  } catch {
    return 'the circle ticket is not a SignedTicket document';
  }
  const claims = sig ? tickets.verify(sig) : undefined;
  if (!claims || claims.service !== 'circle') return 'the circle ticket was not issued by this server, or it expired';
  if (claims.userId !== userId) return 'the circle ticket belongs to another account';
  return undefined;
}
