// Password guessing is slowed down per address and per account, on every path that checks a
// password (login2.srf, RST.srf, RST2.srf). Before issue 13 one address could try 18–22 passwords
// a second, and the scrypt work slowed everyone else's sign-in from 50 ms to 1.1 s.
//
// The rules, chosen so the owner is never locked out for long on their own LAN:
//  - a few wrong passwords are free; after that each one doubles the wait before the next try,
//    from 1 s up to a cap (30 s per address, 15 s per account): a wait, never a lock;
//  - the account's wait does not apply to an address that has signed in to that account before
//    (kept in memory): someone guessing alice's password elsewhere cannot keep alice out of her PC;
//  - a right password clears that address's and that account's count;
//  - an address may have only a few password checks running at once (the flood of parallel
//    guesses that took the CPU).
// A refused try is not checked at all (no scrypt work), answered as a failed sign-in, and the
// traffic view says "Throttled …" with the wait; the connection check shows it.

export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxAddressDelayMs: number;
  maxAccountDelayMs: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs: number;
  maxInFlightPerAddress: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxAddressDelayMs: 30_000,
  maxAccountDelayMs: 15_000,
  forgetAfterMs: 15 * 60_000,
  maxInFlightPerAddress: 4,
};

interface Count {
  failures: number;
  last: number;
  /** No try before this time (ms). */
  until: number;
}

export type ThrottleVerdict = { ok: true; done(outcome: 'right' | 'wrong'): void } | { ok: false; retryAfterMs: number; why: string };

/** Entries kept at most per map; the oldest go first (a flood of made-up names cannot grow it). */
const MAX_ENTRIES = 10_000;

export class SignInThrottle {
  private readonly byAddress = new Map<string, Count>();
  private readonly byAccount = new Map<string, Count>();
  private readonly inFlight = new Map<string, number>();
  /** "account address" pairs that have signed in successfully. */
  private readonly trusted = new Set<string>();

  constructor(
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a password check may run now; when it may, call done() with its outcome. */
  attempt(account: string, address: string): ThrottleVerdict {
    const acct = account.trim().toLowerCase();
    const now = this.now();
    const a = this.current(this.byAddress, address, now);
    if (a && a.until > now) {
      return this.refuse(a.until - now, `${a.failures} wrong passwords from ${address}`);
    }
    const b = this.trusted.has(`${acct} ${address}`) ? undefined : this.current(this.byAccount, acct, now);
    if (b && b.until > now) {
      return this.refuse(b.until - now, `${b.failures} wrong passwords for ${acct}`);
    }
    const running = this.inFlight.get(address) ?? 0;
    if (running >= this.policy.maxInFlightPerAddress) {
      return this.refuse(1_000, `${running} sign-ins from ${address} already being checked`);
    }
    this.inFlight.set(address, running + 1);
    let finished = false;
    return {
      ok: true,
      done: (outcome) => {
        if (finished) return;
        finished = true;
        const left = (this.inFlight.get(address) ?? 1) - 1;
        if (left > 0) this.inFlight.set(address, left);
        else this.inFlight.delete(address);
        if (outcome === 'right') this.succeeded(acct, address);
        else this.failed(acct, address);
      },
    };
  }

  /** For the traffic view and tests: the wait an address has now (0 when none). */
  waitFor(address: string): number {
    const c = this.current(this.byAddress, address, this.now());
    return c ? Math.max(0, c.until - this.now()) : 0;
  }

  private refuse(ms: number, cause: string): ThrottleVerdict {
    const s = Math.ceil(ms / 1000);
    return { ok: false, retryAfterMs: ms, why: `${cause}; the next try is allowed in ${s} s` };
  }

  private succeeded(account: string, address: string): void {
    this.byAddress.delete(address);
    this.byAccount.delete(account);
    this.trusted.add(`${account} ${address}`);
    if (this.trusted.size > MAX_ENTRIES) this.trusted.delete(this.trusted.values().next().value!);
  }

  private failed(account: string, address: string): void {
    const now = this.now();
    this.bump(this.byAddress, address, now, this.policy.maxAddressDelayMs);
    this.bump(this.byAccount, account, now, this.policy.maxAccountDelayMs);
  }

  private bump(map: Map<string, Count>, key: string, now: number, maxDelay: number): void {
    const c = this.current(map, key, now) ?? { failures: 0, last: now, until: 0 };
    c.failures++;
    c.last = now;
    const over = c.failures - this.policy.freeFailures;
    if (over > 0) c.until = now + Math.min(maxDelay, this.policy.baseDelayMs * 2 ** Math.min(over - 1, 20));
    map.delete(key);
    map.set(key, c);
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
  }

  private current(map: Map<string, Count>, key: string, now: number): Count | undefined {
    const c = map.get(key);
    if (c && now - c.last > this.policy.forgetAfterMs) {
      map.delete(key);
      return undefined;
    }
    return c;
  }
}
