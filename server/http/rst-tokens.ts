// Which token each requested address gets. Every token is one of our signed, expiring tickets
// (core.tickets), bound to the account whose password was checked; the address only decides the
// ticket's service and the token's form:
//   http://Passport.NET/tb   → service 'passport', legacy form: base64 of the ticket as the
//                              "encrypted" DA token, plus a proof key (WLM signs Hotmail links with it)
//   messenger.msn.com        → service 'messenger': the NS's "USR n TWN S t=…&p=…" accepts only that
//   messengerclear.live.com  → service 'messenger' too (MSNP15+ SSO), plus the proof key the SSO
//                              answer is built from, kept in the ProofKeyStore for the NS
//   contacts.msn.com, …      → the first label of the host ('contacts', 'storage', 'spaces', …);
//                              the SOAP services accept any genuine ticket of ours
import { randomBytes } from 'node:crypto';
import type { Core } from '../core/core';
import { MESSENGER_TICKET_SERVICE } from './passport';
import type { TokenRequest } from './rst-request';
import type { IssuedToken } from './rst-response';
import { proofKeysFor } from './rst-secrets';

export const PASSPORT_TB = 'http://passport.net/tb';
const MESSENGER_CLEAR = 'messengerclear.live.com';
/** 24 random bytes, 32 base64 characters, as the SSO key derivation expects (fact sheet §4.2). */
const PROOF_KEY_BYTES = 24;

/** The ticket service for a requested address (compared case-insensitively, as host names are). */
export function serviceFor(address: string): string {
  const a = address.trim().toLowerCase();
  if (a === PASSPORT_TB) return 'passport';
  if (a === MESSENGER_CLEAR) return MESSENGER_TICKET_SERVICE;
  // "messenger.msn.com" → "messenger"; tolerate a scheme, port or path ("https://storage.msn.com/x").
  const host = a.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/:?#]/)[0] ?? '';
  const label = (host.split('.')[0] ?? '').replace(/[^a-z0-9-]/g, '').slice(0, 63);
  return label || 'other';
}

/**
 * Issues one token per request, in order. `expiresAt` is when the tickets expire (ms), also
 * written as the answer's wsu:Expires.
 */
export function issueTokens(core: Core, userId: number, requests: TokenRequest[], ttlMs: number): { tokens: IssuedToken[]; expiresAt: number } {
  const expiresAt = Date.now() + ttlMs;
  const keys = proofKeysFor(core);
  const tokens = requests.map((r): IssuedToken => {
    const normalized = r.address.trim().toLowerCase();
    const ticket = core.tickets.issue(userId, serviceFor(r.address), ttlMs);
    if (normalized === PASSPORT_TB) {
      const proofKey = randomBytes(PROOF_KEY_BYTES);
      keys.remember(ticket, proofKey, expiresAt);
      return { address: r.address, kind: 'legacy', value: Buffer.from(ticket).toString('base64'), proofKey: proofKey.toString('base64') };
    }
    // p= (the profile, MSPProf) is opaque to the clients and checked by nobody.
    const value = `t=${ticket}&p=${randomBytes(24).toString('base64url')}`;
    if (normalized !== MESSENGER_CLEAR) return { address: r.address, kind: 'compact', value };
    const proofKey = randomBytes(PROOF_KEY_BYTES);
    keys.remember(ticket, proofKey, expiresAt);
    return { address: r.address, kind: 'compact', value, proofKey: proofKey.toString('base64') };
  });
  return { tokens, expiresAt };
}
