// The one way the HTTP sign-in paths (login2.srf, RST.srf, RST2.srf) check a password: through
// the sign-in throttle, with a "Throttled …" note in the traffic view when a try is held back.
//   note  "Throttled sign-in for alice@lan from 10.0.0.7: 6 wrong passwords from 10.0.0.7; the next try is allowed in 2 s"
import type { Core } from '../core/core';
import type { User } from '../core/model';
import type { HttpExchange } from '../http/exchange';
import { DEFAULT_THROTTLE, SignInThrottle, type ThrottlePolicy } from './sign-in-throttle';

export type PasswordCheck = { ok: true; user: User } | { ok: false; throttled?: { retryAfterMs: number } };

// One throttle per Core, as the proof keys are: every HTTP front end shares the Core already.
const throttles = new WeakMap<Core, SignInThrottle>();

export function signInThrottleFor(core: Core): SignInThrottle {
  let t = throttles.get(core);
  if (!t) throttles.set(core, (t = new SignInThrottle(DEFAULT_THROTTLE)));
  return t;
}

/** Sets the policy (app.ts, from ServerLimits.signIn); resets what was counted. */
export function configureSignInThrottle(core: Core, policy: ThrottlePolicy): void {
  throttles.set(core, new SignInThrottle(policy));
}

export async function checkPassword(core: Core, ex: HttpExchange, account: string, password: string): Promise<PasswordCheck> {
  const address = (ex.remote ?? '?').replace(/^::ffff:/, '');
  const verdict = signInThrottleFor(core).attempt(account, address);
  if (!verdict.ok) {
    ex.note(`Throttled sign-in for ${JSON.stringify(account.slice(0, 129)).slice(1, -1)} from ${address}: ${verdict.why} (password not checked)`);
    return { ok: false, throttled: { retryAfterMs: verdict.retryAfterMs } };
  }
  let user: User | undefined;
  try {
    user = await core.directory.authenticate(account, password);
  } finally {
    verdict.done(user ? 'right' : 'wrong');
  }
  return user ? { ok: true, user } : { ok: false };
}
