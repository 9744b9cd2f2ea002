// Passport tickets: signed (HMAC-SHA256), bound to one account and one service, expiring.
// Wire form is base64url so it survives MSNP lines, HTTP headers and XML untouched:
//   t=<payload>.<signature>   where payload = base64url("v1|<userId>|<service>|<expiresMs>|<nonce>")
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TicketClaims {
  userId: number;
  service: string;
  expiresAt: number;
}

export const DEFAULT_TICKET_TTL_MS = 24 * 60 * 60 * 1000;

export class TicketIssuer {
  constructor(private readonly secret: Buffer) {}

  issue(userId: number, service: string, ttlMs = DEFAULT_TICKET_TTL_MS): string {
    const body = ['v1', userId, service, Date.now() + ttlMs, randomBytes(9).toString('base64url')].join('|');
    const payload = Buffer.from(body).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claims of a genuine, unexpired ticket; undefined for anything else. */
  verify(ticket: string): TicketClaims | undefined {
    const dot = ticket.indexOf('.');
    if (dot <= 0 || ticket.length > 512) return undefined;
    const payload = ticket.slice(0, dot);
    const sig = Buffer.from(ticket.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return undefined;
    const [v, userId, service, expires] = Buffer.from(payload, 'base64url').toString().split('|');
    if (v !== 'v1') return undefined;
    const claims = { userId: Number(userId), service: service ?? '', expiresAt: Number(expires) };
    if (!Number.isSafeInteger(claims.userId) || !(claims.expiresAt > Date.now())) return undefined;
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/**
 * Pulls the ticket out of the forms clients send it in:
 *   "t=<ticket>&p=<profile>" (USR TWN S, TicketToken), "<ticket>$" (MSPAuth cookie), or the bare ticket.
 */
export function extractTicket(raw: string): string {
  let s = raw.trim().replace(/&amp;/g, '&');
  if (s.startsWith('t=')) s = s.slice(2);
  const amp = s.indexOf('&');
  if (amp >= 0) s = s.slice(0, amp);
  return s.replace(/\$+$/, '');
}
