// Passport tickets: signed (HMAC-SHA256), bound to one account and one service, expiring.
// Wire form is base64url so it survives MSNP lines, HTTP headers and XML untouched:
//   t=<payload>.<signature>   where payload = base64url("v2|<guid>|<generation>|<service>|<expiresMs>|<nonce>")
// The account is named by its GUID, which is never reused (users.id is: SQLite hands a deleted
// account's id to the next one created), and by its credential generation, which a password
// change bumps; so a deleted account's or an old password's tickets name nobody (CredentialStamps).
// The signature is accepted in one canonical form only: exactly 43 base64url characters, compared
// as text. (Decoding first let "…=" or "…~~" appended to a genuine ticket still verify.)
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CredentialStamps } from '../store/credential-stamps';

export interface TicketClaims {
  userId: number;
  guid: string;
  service: string;
  expiresAt: number;
}

export const DEFAULT_TICKET_TTL_MS = 24 * 60 * 60 * 1000;

/** payload "." signature: both base64url without padding; a SHA-256 HMAC is 43 such characters. */
const CANONICAL_TICKET = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;

export class TicketIssuer {
  constructor(
    private readonly secret: Buffer,
    private readonly stamps: CredentialStamps,
  ) {}

  issue(userId: number, service: string, ttlMs = DEFAULT_TICKET_TTL_MS): string {
    const stamp = this.stamps.stampOf(userId);
    if (!stamp) throw new Error(`no account ${userId} to issue a ticket for`);
    const nonce = randomBytes(9).toString('base64url');
    const body = ['v2', stamp.guid, stamp.generation, service, Date.now() + ttlMs, nonce].join('|');
    const payload = Buffer.from(body).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /**
   * The claims of a genuine, unexpired ticket whose account still exists with the same password
   * generation; undefined for anything else (forged, altered, expired, revoked).
   */
  verify(ticket: string): TicketClaims | undefined {
    const m = CANONICAL_TICKET.exec(ticket);
    if (!m) return undefined;
    const [, payload, sig] = m as unknown as [string, string, string];
    const expected = this.sign(payload);
    if (!timingSafeEqual(Buffer.from(sig, 'latin1'), Buffer.from(expected, 'latin1'))) return undefined;
    const [v, guid, generation, service, expires] = Buffer.from(payload, 'base64url').toString().split('|');
    if (v !== 'v2' || !guid) return undefined;
    const expiresAt = Number(expires);
    if (!(expiresAt > Date.now())) return undefined;
    const holder = this.stamps.holder(guid);
    if (!holder || String(holder.generation) !== generation) return undefined;
    return { userId: holder.id, guid, service: service ?? '', expiresAt };
  }

  /** Every ticket of this account stops working now (its password changed). */
  revokeAll(userId: number): void {
    this.stamps.revoke(userId);
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
