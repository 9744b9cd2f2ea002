// Sign-in: VER (agree a version), CVR (client version report), USR (Tweener authentication).
//   C: USR 3 TWN I me@local          S: GCF 0 <len> (MSNP13+)   S: USR 3 TWN S ct=…,rver=…,…
//   C: USR 4 TWN S t=<ticket>&p=…     S: USR 4 OK me@local 1 0   S: SBS 0 null   S: MSG Hotmail Hotmail <len>
import { randomBytes } from 'node:crypto';
import { intern } from '../../core/intern';
import { extractTicket } from '../../core/tickets';
import { proofKeysFor } from '../../http/rst-secrets';
import { ssoNonce, verifySsoBlob } from '../sso';
import { isValidEmail } from '../../core/model';
import { normalizeMachineGuid } from '../../core/endpoints';
import { negotiate } from '../dialects';
import type { MsnpCommand } from '../codec';
import type { NsHandler, NsSession } from './ns-session';
import { httpBase } from './context';
import { policiesDocument, profileMessage } from './profile';
import { md5Usr } from './md5-login-commands';
import { circleTicketProblem } from './circle-ticket';

const ver: NsHandler = (s, cmd, trid) => {
  if (s.dialect) {
    s.conn.error(715, trid, 'VER sent twice');
    return;
  }
  const offered = cmd.args.slice(1);
  const dialect = negotiate(offered);
  if (!dialect) {
    s.send(`VER ${trid} 0`);
    s.conn.close(`no common protocol version: the client offered ${offered.join(' ') || 'nothing'}`);
    return;
  }
  s.dialect = dialect;
  // Real servers echoed CVR0 after the version; clients accept it either way.
  s.send(`VER ${trid} ${dialect.name}${offered.includes('CVR0') ? ' CVR0' : ''}`);
};

/** C: CVR 2 0x0409 mac 10.14.6 i386 macmsgs 8.0.1 macmsgs me@local -> recommended, minimum, download, info. */
const cvr: NsHandler = (s, cmd, trid) => {
  const [, locale, os, osVersion, , clientName, clientVersion] = cmd.args;
  // Interned: kept for the session's life, and alike for every client of one version (core/intern.ts).
  s.clientInfo = {
    locale: locale === undefined ? undefined : intern(locale),
    client: intern([clientName, clientVersion].filter(Boolean).join(' ') + (os ? ` (${os} ${osVersion ?? ''})`.trimEnd() : '')),
  };
  const version = clientVersion ?? '1.0.0000';
  const base = httpBase(s.ctx.addresses());
  s.send(`CVR ${trid} ${version} ${version} ${version} ${base}/url/DOWNLOAD ${base}/`);
};

const usr: NsHandler = (s, cmd, trid) => {
  if (cmd.args[1] === 'SHA' && s.signedIn && s.dialect!.acceptsCircleTicket) {
    const problem = circleTicketProblem(s.ctx.core.tickets, s.userId, cmd.args[3]);
    if (problem) s.conn.error(911, trid, problem);
    else s.send(`USR ${trid} OK ${s.user!.email} 0 0`);
    return;
  }
  if (s.signedIn) {
    s.conn.error(207, trid, 'USR after signing in');
    return;
  }
  // MSNP2-7 (MSN 1.0-4.7) sign in with MD5 instead.
  if (s.dialect!.usesMd5SignIn) return md5Usr(s, cmd, trid);
  const [, method, stage] = cmd.args;
  // TWN on every version (Messenger for Mac 8 keeps it on MSNP15/16); SSO from MSNP15 (WLM 8.1+).
  if (method !== 'TWN' && !(method === 'SSO' && s.dialect!.acceptsSso)) {
    s.conn.error(911, trid, `sign-in method ${method ?? '(none)'} is not one ${s.dialect!.name} clients use`);
    s.conn.close('unsupported sign-in method');
    return;
  }
  if (stage === 'I') return usrInitial(s, cmd, trid, method);
  if (stage === 'S') return usrSubsequent(s, cmd, trid, method);
  s.conn.error(200, trid, `USR ${method} needs stage I or S, got ${stage ?? 'nothing'}`);
};

function usrInitial(s: NsSession, cmd: MsnpCommand, trid: string, method: 'TWN' | 'SSO'): void {
  const email = cmd.args[3]?.toLowerCase();
  if (!email || !isValidEmail(email)) {
    s.conn.error(205, trid, `"${email ?? ''}" is not a valid sign-in address`);
    return;
  }
  if (sentThroughDispatch(s, trid, email)) return;
  s.pendingEmail = email;
  if (s.dialect!.pushesPolicies) {
    const policies = policiesDocument();
    s.send(`GCF 0 ${Buffer.byteLength(policies)}`, policies);
  }
  if (method === 'SSO') {
    const nonce = ssoNonce();
    ssoNonces.set(s, nonce);
    s.send(`USR ${trid} SSO S MBI_KEY_OLD ${nonce}`);
    return;
  }
  s.send(`USR ${trid} TWN S ${twnChallenge()}`);
}

/**
 * Like the real dispatch server: the first "USR … I" is answered with XFR NS to the notification
 * server (ourselves), and the connection closes. True when that happened.
 */
export function sentThroughDispatch(s: NsSession, trid: string, email: string): boolean {
  if (!s.ctx.dispatchRedirect || redirectsOf(s).take(`${s.conn.remote}|${email}`)) return false;
  const a = s.ctx.addresses();
  redirectsOf(s).add(`${s.conn.remote}|${email}`);
  s.send(s.dialect!.xfrNs(trid, `${a.host}:${a.nsPort}`));
  s.conn.close('sent to the notification server (dispatch)');
  return true;
}

/** The nonce each SSO sign-in was challenged with. */
const ssoNonces = new WeakMap<NsSession, string>();

/**
 * SSO proof: the blob must be made with the proof key RST.srf issued with this very ticket.
 * MSNP15 clients patched to skip MSIDCRL send no blob; MSNP16+ always do. Returns why it failed.
 */
function ssoProblem(s: NsSession, ticket: string, blob: string | undefined): string | undefined {
  if (!blob) return s.dialect!.requiresSsoBlob ? 'USR SSO S without the MBI_KEY_OLD answer' : undefined;
  const key = proofKeysFor(s.ctx.core).secretFor(ticket);
  const nonce = ssoNonces.get(s);
  if (!key || !nonce) return 'no proof key for this ticket (ask RST.srf again)';
  if (!verifySsoBlob(key, nonce, blob)) return 'the MBI_KEY_OLD answer does not match the proof key';
  proofKeysFor(s.ctx.core).forget(ticket);
  return undefined;
}

function usrSubsequent(s: NsSession, cmd: MsnpCommand, trid: string, method: 'TWN' | 'SSO'): void {
  const email = s.pendingEmail;
  const ticket = extractTicket(cmd.args[3] ?? '');
  const claims = email ? s.ctx.core.tickets.verify(ticket) : undefined;
  const user = claims ? s.ctx.core.users.byId(claims.userId) : undefined;
  if (!email || !claims || !user || user.email !== email || claims.service !== 'messenger') {
    const why = !email
      ? `USR ${method} S before USR ${method} I`
      : !claims
        ? 'the ticket is not one this server issued, or it expired (sign in again)'
        : `the ticket belongs to another account than ${email}`;
    s.conn.error(911, trid, why);
    s.conn.close('authentication failed');
    return;
  }
  const problem = (method === 'SSO' ? ssoProblem(s, ticket, cmd.args[4]) : undefined) ?? machineGuidProblem(s, cmd);
  if (problem) {
    s.conn.error(911, trid, problem);
    s.conn.close('authentication failed');
    return;
  }
  const d = s.dialect!;
  const refused = s.attach(user);
  if (refused) {
    // Too many places: this sign-in only; the account's other endpoints are left alone.
    s.conn.error(800, trid, refused);
    s.conn.close('too many places signed in');
    return;
  }
  s.send(d.usrOk(trid, user.email, user.friendlyName));
  if (d.sendsSbs) s.send('SBS 0 null');
  const profile = profileMessage(d, user, ticket, s.conn.remote, s.conn.remotePort, s.machineGuid !== undefined);
  s.send(`MSG Hotmail Hotmail ${Buffer.byteLength(profile)}`, profile);
  const self = d.selfUbx(user.email);
  if (self) s.send(self.line, self.payload);
}

/**
 * MSNP16+ SSO names the machine after the blob: "USR 4 SSO S t=… <blob> {765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}"
 * (LOG-MSNP18; ESC refuses a malformed one with 911). Without one the client gets one session per
 * account and "MPOPEnabled: 0". TWN sign-ins (Messenger for Mac on MSNP15/16) never carry one.
 */
function machineGuidProblem(s: NsSession, cmd: MsnpCommand): string | undefined {
  const [, method, , , , raw] = cmd.args;
  if (method !== 'SSO' || !s.dialect!.announcesMpop || raw === undefined) return undefined;
  const guid = normalizeMachineGuid(raw);
  if (!guid) return `"${raw.slice(0, 60)}" is not a machine GUID ({8-4-4-4-12 hex digits})`;
  s.machineGuid = guid;
  return undefined;
}

/**
 * The opaque string the client hands to Passport. WLM 8.0 rejects arbitrary text here, so it has
 * the shape real servers sent: "ct=1201030427,rver=5.0.3270.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,…"
 */
function twnChallenge(): string {
  return [
    `ct=${Math.floor(Date.now() / 1000)}`,
    'rver=5.0.3270.0',
    'wp=FS_40SEC_0_COMPACT',
    'lc=1033',
    'id=507',
    'ru=http:%2F%2Fmessenger.msn.com',
    'tw=0',
    'kpp=1',
    'kv=4',
    'ver=2.1.6000.1',
    `rn=${randomBytes(6).toString('base64url')}`,
    `tpf=${randomBytes(16).toString('hex')}`,
  ].join(',');
}

/** Clients we just sent through XFR NS; their next USR I (within a minute) is answered directly. */
class RecentRedirects {
  private readonly until = new Map<string, number>();

  add(key: string): void {
    const now = Date.now();
    for (const [k, t] of this.until) if (t < now) this.until.delete(k);
    this.until.set(key, now + 60_000);
  }

  take(key: string): boolean {
    const t = this.until.get(key);
    this.until.delete(key);
    return t !== undefined && t >= Date.now();
  }
}
const redirectsByServer = new WeakMap<object, RecentRedirects>();
function redirectsOf(s: NsSession): RecentRedirects {
  let r = redirectsByServer.get(s.ctx);
  if (!r) redirectsByServer.set(s.ctx, (r = new RecentRedirects()));
  return r;
}

export const LOGIN_COMMANDS: Record<string, NsHandler> = { VER: ver, CVR: cvr, USR: usr };
