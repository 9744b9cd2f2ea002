// QRY: the client's answer to our CHL. A wrong answer from a known product id is refused (540, then
// the connection closes); an unknown product id is let through and noted, never locked out.
//   S: CHL 0 22210219642164014968     C: QRY 10 PROD0090YUAUV{2B 32 <32 hex>     S: QRY 10
import { newChallenge, PRODUCT_KEYS } from '../challenge';
import type { NsHandler, NsSession } from './ns-session';

const pending = new WeakMap<NsSession, string>();

/** Sends "CHL 0 <challenge>" where the dialect challenges its clients. */
export function challenge(s: NsSession): void {
  if (!s.dialect?.sendsChallenge) return;
  const c = newChallenge();
  pending.set(s, c);
  s.send(`CHL 0 ${c}`);
}

const qry: NsHandler = (s, cmd, trid) => {
  const productId = cmd.args[1] ?? '';
  const answer = (cmd.payload ?? Buffer.alloc(0)).toString('latin1').trim().toLowerCase();
  const c = pending.get(s);
  if (!c) {
    s.conn.error(715, trid, 'QRY without a challenge');
    return;
  }
  pending.delete(s);
  const key = PRODUCT_KEYS[productId];
  if (!key) {
    s.conn.note(`QRY from unknown product id ${productId}: accepted without checking`);
  } else if (answer !== s.dialect!.challengeAnswer(c, productId, key)) {
    s.conn.error(540, trid, `wrong challenge answer for ${productId}`);
    s.conn.close('challenge failed');
    return;
  }
  s.send(`QRY ${trid}`);
};

export const CHALLENGE_COMMANDS: Record<string, NsHandler> = { QRY: qry };
