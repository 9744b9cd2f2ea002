// Proof keys (wst:BinarySecret) handed out by RST.srf, kept so the NS can check the SSO answer.
// WLM 8.1+ (MSNP15+) asks RST.srf for a messengerclear.live.com token; its answer carries a
// 24-byte key next to the ticket. The NS then challenges with "USR n SSO S MBI_KEY_OLD <nonce>",
// and the client proves it holds that key by answering with a blob derived from it (fact sheet
// §4.3). So the NS must find the key again from the ticket the client sends:
//   C: USR 8 SSO S t=<ticket>&p= HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAA…
//   NS: proofKeysFor(core).secretFor(extractTicket('t=<ticket>&p=')) → the 24 key bytes
// In memory only: a key is as short-lived as its ticket, and a client signing in again after a
// restart simply asks RST.srf again (it does so on every sign-in).
import type { Core } from '../core/core';

/** Well above what a LAN's clients hold at once; the oldest keys go first beyond it. */
const DEFAULT_MAX_KEYS = 10_000;

interface Entry {
  secret: Buffer;
  expiresAt: number;
}

export class ProofKeyStore {
  // A Map iterates in insertion order, so the first entries are the oldest.
  private readonly keys = new Map<string, Entry>();

  constructor(
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps `secret` for the bare ticket (no "t=", no "&p=…") until `expiresAt` (ms). */
  remember(ticket: string, secret: Buffer, expiresAt: number): void {
    if (expiresAt <= this.now()) return;
    this.keys.delete(ticket); // re-inserted below, so it counts as the newest
    if (this.keys.size >= this.maxKeys) this.prune();
    while (this.keys.size >= this.maxKeys) {
      const oldest = this.keys.keys().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
    this.keys.set(ticket, { secret: Buffer.from(secret), expiresAt });
  }

  /** The key issued with this bare ticket; undefined when unknown or expired. A copy, so callers can't alter ours. */
  secretFor(ticket: string): Buffer | undefined {
    const entry = this.keys.get(ticket);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.keys.delete(ticket);
      return undefined;
    }
    return Buffer.from(entry.secret);
  }

  /** Drops a key, e.g. once the NS has accepted the sign-in it belonged to. */
  forget(ticket: string): void {
    this.keys.delete(ticket);
  }

  get size(): number {
    return this.keys.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [ticket, entry] of this.keys) if (entry.expiresAt <= now) this.keys.delete(ticket);
  }
}

// One store per Core: the HTTP front end fills it and the NS reads it, and both already share
// the Core, so neither needs new wiring to find the other.
const stores = new WeakMap<Core, ProofKeyStore>();

export function proofKeysFor(core: Core): ProofKeyStore {
  let store = stores.get(core);
  if (!store) stores.set(core, (store = new ProofKeyStore()));
  return store;
}
