// Switchboard cookies: the CKI value of XFR SB and RNG. Random, usable once, expiring, and bound to
// the account they were issued to, so a cookie seen on the wire is worth nothing to anyone else.
//   S: XFR 10 SB 10.0.0.2:1864 CKI 4190263812.2837465520.1029384756
//   C: USR 1 alice@lan 4190263812.2837465520.1029384756       (same account, within two minutes)
import { randomInt } from 'node:crypto';

/** xfr: opens a new session (USR); ring: joins the session it names (ANS). */
export type GrantKind = 'xfr' | 'ring';

export interface Grant {
  kind: GrantKind;
  userId: number;
  email: string;
  /** The account's GUID: users.id is reused after a delete, the GUID never is. */
  guid: string;
  /** The session an invitation is for (ring grants). */
  sessionId?: string;
  expires: number;
}

export type Redeemed = { ok: true; grant: Grant } | { ok: false; why: string };

export class GrantBook {
  private readonly grants = new Map<string, Grant>();
  /** Unused XFR grants per user, so one client cannot pile up thousands of them. */
  private readonly pendingXfr = new Map<number, number>();
  private lastSweep = Date.now();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.grants.size;
  }

  /** Unused, unexpired XFR grants of a user. */
  pendingSessions(userId: number): number {
    this.sweepIfDue();
    return this.pendingXfr.get(userId) ?? 0;
  }

  issue(kind: GrantKind, holder: { id: number; email: string; guid: string }, sessionId?: string): string {
    const { id: userId, email, guid } = holder;
    this.sweepIfDue();
    let cookie: string;
    do cookie = `${randomInt(1e9, 2 ** 32)}.${randomInt(1e9, 2 ** 32)}.${randomInt(1e9, 2 ** 32)}`;
    while (this.grants.has(cookie));
    this.grants.set(cookie, { kind, userId, email, guid, sessionId, expires: this.now() + this.ttlMs });
    if (kind === 'xfr') this.pendingXfr.set(userId, (this.pendingXfr.get(userId) ?? 0) + 1);
    return cookie;
  }

  /**
   * Uses a cookie up. It must exist, be of the expected kind, be unexpired and belong to `email`;
   * a cookie presented by the wrong account is burnt anyway (it has been seen where it should not be).
   */
  redeem(cookie: string, kind: GrantKind, email: string): Redeemed {
    const grant = this.grants.get(cookie);
    if (!grant) return { ok: false, why: 'a cookie this server did not issue, or one already used' };
    this.remove(cookie, grant);
    if (grant.expires <= this.now()) return { ok: false, why: 'the cookie expired (it lives two minutes)' };
    if (grant.kind !== kind) return { ok: false, why: `a ${grant.kind === 'xfr' ? 'XFR' : 'RNG'} cookie used with the wrong command` };
    if (grant.email !== email) return { ok: false, why: `the cookie was issued to ${grant.email}, not ${email}` };
    return { ok: true, grant };
  }

  /** The account is gone: its unused cookies go with it. */
  revokeUser(userId: number): void {
    for (const [cookie, g] of this.grants) if (g.userId === userId) this.remove(cookie, g);
  }

  sweep(): void {
    const now = this.now();
    this.lastSweep = now;
    for (const [cookie, g] of this.grants) if (g.expires <= now) this.remove(cookie, g);
  }

  private sweepIfDue(): void {
    if (this.now() - this.lastSweep >= 10_000) this.sweep();
  }

  private remove(cookie: string, g: Grant): void {
    if (!this.grants.delete(cookie)) return;
    if (g.kind !== 'xfr') return;
    const left = (this.pendingXfr.get(g.userId) ?? 1) - 1;
    if (left > 0) this.pendingXfr.set(g.userId, left);
    else this.pendingXfr.delete(g.userId);
  }
}
