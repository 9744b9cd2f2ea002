// Sign-in of MSN Messenger 1.0–4.7 and Windows Messenger 4.x (MSNP2–7): INF names the method,
// USR MD5 I sends a fresh salt, USR MD5 S carries MD5(salt + password) in hex.
//   C: INF 2                  S: INF 2 MD5
//   C: USR 3 MD5 I bob@x      S: USR 3 MD5 S 1013928519.693957190
//   C: USR 4 MD5 S 2ad0a4fcbd8c4bd5d1e6a0af2b6a7c3e    S: USR 4 OK bob@x Bob%20N [1]   (or 911 and the line closes)
// Sources: NINA-G msnp-wiki (msnp5.md, msnp6.md sign-in examples); Escargot msnp_ns.py (_m_inf, _m_usr MD5, _m_ims).
import { isValidEmail } from '../../core/model';
import { newMd5Salt } from '../../core/md5-signin';
import type { MsnpCommand } from '../codec';
import type { NsHandler, NsSession } from './ns-session';
import { profileMessage } from './profile';
import { sentThroughDispatch } from './login-commands';
import { signInThrottleFor } from '../../limits/password-check';

/** The salt each connection was sent, with the address it was for; used once. */
const salts = new WeakMap<NsSession, { email: string; salt: string }>();

const inf: NsHandler = (s, _cmd, trid) => {
  if (!s.dialect!.usesMd5SignIn) {
    // MSNP8 removed INF, and the official server disconnected a client that sent it (seed 003).
    s.conn.close(`INF on ${s.dialect!.name}: INF was removed in MSNP8 (these clients sign in with TWN)`);
    return;
  }
  s.send(`INF ${trid} MD5`);
};

function refuse(s: NsSession, trid: string, why: string): void {
  s.conn.error(911, trid, why);
  s.conn.close('authentication failed');
}

/** USR on an MD5 dialect (login-commands hands it over). */
export function md5Usr(s: NsSession, cmd: MsnpCommand, trid: string): void {
  const [, method, stage, value] = cmd.args;
  if (method !== 'MD5') return refuse(s, trid, `${s.dialect!.name} clients sign in with MD5, not ${method ?? '(nothing)'}`);
  if (stage === 'I') return md5Initial(s, trid, value);
  if (stage === 'S') return md5Answer(s, trid, value);
  s.conn.error(200, trid, `USR MD5 needs stage I or S, got ${stage ?? 'nothing'}`);
}

function md5Initial(s: NsSession, trid: string, address: string | undefined): void {
  const email = address?.toLowerCase();
  if (!email || !isValidEmail(email)) {
    s.conn.error(205, trid, `"${(email ?? '').slice(0, 80)}" is not a valid sign-in address`);
    return;
  }
  if (sentThroughDispatch(s, trid, email)) return;
  // A salt for every USR I, even for addresses without an account: the answer to USR S is the only
  // place an account's existence shows, and there it looks like any wrong password.
  const salt = newMd5Salt();
  salts.set(s, { email, salt });
  s.pendingEmail = email;
  s.send(`USR ${trid} MD5 S ${salt}`);
}

function md5Answer(s: NsSession, trid: string, answer: string | undefined): void {
  const pending = salts.get(s);
  salts.delete(s);
  if (!pending) return refuse(s, trid, 'USR MD5 S before USR MD5 I (no salt was sent)');
  if (!answer || !/^[0-9a-fA-F]{32}$/.test(answer)) {
    return refuse(s, trid, `malformed MD5 answer: expected 32 hex digits, got ${answer ? `${answer.length} characters` : 'nothing'}`);
  }
  const core = s.ctx.core;
  const user = core.users.byEmail(pending.email);
  if (!user) return refuse(s, trid, `no account ${pending.email} on this server (create it in the panel)`);
  // The one place an MSN 1.0–4.7 password is judged, behind the same sign-in throttle as the
  // Passport paths: a held-back try is refused (911) without looking at the answer.
  const address = s.conn.remote.replace(/^::ffff:/, '');
  const gate = signInThrottleFor(core).attempt(user.email, address);
  if (!gate.ok) return refuse(s, trid, `Throttled sign-in for ${user.email} from ${address}: ${gate.why} (answer not checked)`);
  const verdict = core.md5.check(user.id, pending.salt, answer);
  gate.done(verdict === 'ok' ? 'right' : 'wrong');
  if (verdict === 'not-allowed') {
    return refuse(
      s,
      trid,
      `${user.email} does not allow MSN Messenger 1.0–4.7 sign-in: turn on "Allow MSN Messenger 1.0–4.7" ` +
        'for this account in the panel (Accounts, edit; it asks for the password), then sign in again',
    );
  }
  if (verdict === 'wrong') return refuse(s, trid, `wrong password for ${user.email} (the MD5 answer does not match)`);
  const d = s.dialect!;
  // The profile's MSPAuth is a ticket like the Passport one: it opens the server's web pages.
  const ticket = core.tickets.issue(user.id, 'messenger');
  s.send(d.usrOk(trid, user.email, user.friendlyName));
  s.attach(user);
  const profile = profileMessage(d, user, ticket, s.conn.remote, s.conn.remotePort);
  s.send(`MSG Hotmail Hotmail ${Buffer.byteLength(profile)}`, profile);
}

export const MD5_LOGIN_COMMANDS: Record<string, NsHandler> = { INF: inf };
