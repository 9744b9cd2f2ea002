// The Store2 lock key: the service hands a sender a challenge (LockKeyChallenge in an
// AuthenticationFailed fault); the client answers it with the MSNP11 challenge algorithm keyed by
// its product id (the Ticket's appid) and sends that answer as lockkey= on every later Store2.
//   <Ticket passport="t=…&amp;p=…" appid="PROD0119GSJUC$18" lockkey="f5cd2d4d1ea8c2ba1c4a5e8f9bc1b30e" />
// Challenges live in memory: after a restart the client's old lock key fails once, it gets a new
// challenge and retries, as it did when the real service rolled its keys.
import { answerMsnp11, newChallenge, PRODUCT_KEYS } from '../../msnp/challenge';

export type LockKeyCheck = 'ok' | 'ok-unverifiable' | 'missing' | 'wrong';

export class LockKeys {
  private readonly challenges = new Map<number, string>();

  /** A fresh challenge for this sender (replacing any earlier one). */
  challenge(userId: number): string {
    const c = newChallenge();
    this.challenges.set(userId, c);
    return c;
  }

  /**
   * Is `lockKey` the answer to the challenge this sender was given? A product whose private key
   * was never published (Messenger for Mac's) cannot be checked: any well-formed answer to an
   * issued challenge passes, and the caller notes it in the traffic view.
   */
  check(userId: number, appId: string, lockKey: string): LockKeyCheck {
    if (!lockKey) return 'missing';
    const challenge = this.challenges.get(userId);
    if (!challenge) return 'wrong';
    const key = PRODUCT_KEYS[appId];
    if (!key) return /^[0-9a-f]{32}$/i.test(lockKey) ? 'ok-unverifiable' : 'wrong';
    return answerMsnp11(challenge, appId, key) === lockKey.toLowerCase() ? 'ok' : 'wrong';
  }
}
