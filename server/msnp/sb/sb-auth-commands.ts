// Entering a switchboard: USR opens a new session with an XFR SB cookie; ANS joins one with an RNG
// cookie, after IRO lines for everyone already there.
//   C: USR 1 alice@lan;{F5…AB0} 1029384756.2837465520.4190263812     S: USR 1 OK alice@lan;{F5…AB0} Alice
//   C: ANS 1 bob@lan 1029384756.2837465520.4190263812 1846392014     S: IRO 1 1 1 alice@lan Alice   S: ANS 1 OK
import type { Dialect } from '../dialects/dialect';
import { encodeParam, type MsnpCommand } from '../codec';
import type { Grant, GrantKind } from './grants';
import type { SbHandler, SbIdentity, SbSession } from './sb-session';

/** "alice@lan" or, from MSNP16 clients, "alice@lan;{F52973B6-C926-4BAD-9BA8-7C1E840E4AB0}". */
export function parseHandle(handle: string): { email: string; guid?: string } | undefined {
  const m = /^([^;\s]+)(?:;\{?([0-9A-Fa-f-]{1,64})\}?)?$/.exec(handle);
  if (!m) return undefined;
  return { email: m[1]!.toLowerCase(), guid: m[2] };
}

/** The cookie checks both commands share; on failure the client gets 911 and is closed. */
function admit(s: SbSession, cmd: MsnpCommand, trid: string, kind: GrantKind): { grant: Grant; identity: SbIdentity } | undefined {
  const verb = cmd.verb;
  if (s.identity) {
    s.conn.error(207, trid, `${verb} on a switchboard connection that is already in a session`);
    return undefined;
  }
  const refuse = (why: string) => {
    s.conn.error(911, trid, `${verb} refused: ${why}`);
    s.conn.close('switchboard authentication failed');
    return undefined;
  };
  const handle = parseHandle(cmd.args[1] ?? '');
  const cookie = cmd.args[2];
  if (!handle || !cookie) return refuse(`${verb} needs an address and a cookie`);
  const redeemed = s.hub.grants.redeem(cookie, kind, handle.email);
  if (!redeemed.ok) return refuse(redeemed.why);
  // Bound to the GUID, not just the id: a deleted account's id may already belong to someone else.
  const found = s.core.users.byId(redeemed.grant.userId);
  const user = found && found.guid === redeemed.grant.guid && found.email === redeemed.grant.email ? found : undefined;
  // The switchboard speaks the dialect of the user's notification session, so they must have one.
  const ep = user ? s.core.presence.endpointOf(user.id, handle.guid) : undefined;
  const dialect = (ep as { dialect?: Dialect } | undefined)?.dialect;
  if (!user || !dialect) return refuse(`${handle.email} is not signed in to the notification server`);
  const identity: SbIdentity = {
    userId: user.id,
    email: user.email,
    guid: handle.guid,
    friendlyName: user.friendlyName,
    capabilities: s.core.presence.snapshot(user.id)?.capabilities ?? '0',
    dialect,
  };
  return { grant: redeemed.grant, identity };
}

/** XFR SB cookie: a new session with this client as its only member. */
const usr: SbHandler = (s, cmd, trid) => {
  const admitted = admit(s, cmd, trid, 'xfr');
  if (!admitted) return;
  const { identity } = admitted;
  s.authenticated(identity, undefined);
  const handle = identity.guid ? `${identity.email};{${identity.guid}}` : identity.email;
  s.send(`USR ${trid} OK ${handle} ${encodeParam(identity.friendlyName)}`);
  s.chat = s.hub.open(s);
  s.conn.note(`opened switchboard session ${s.chat.id}`);
};

/** RNG cookie: join the session it was issued for, if it is still going. */
const ans: SbHandler = (s, cmd, trid) => {
  const sessionId = cmd.args[3];
  const admitted = admit(s, cmd, trid, 'ring');
  if (!admitted) return;
  const { grant, identity } = admitted;
  const chat = grant.sessionId === sessionId ? s.hub.chat(sessionId) : undefined;
  if (!chat || chat.ended || chat.hasPlace(identity.userId, identity.guid)) {
    const why = grant.sessionId !== sessionId
      ? `the cookie is for session ${grant.sessionId}, not ${sessionId ?? '(none)'}`
      : chat && !chat.ended
        ? `${identity.email} is already in session ${sessionId}`
        : `session ${sessionId} has ended (everyone left)`;
    s.conn.error(911, trid, `ANS refused: ${why}`);
    s.conn.close('switchboard authentication failed');
    return;
  }
  s.authenticated(identity, chat);
  for (const line of identity.dialect.sbRoster(trid, chat.members)) s.send(line);
  s.send(`ANS ${trid} OK`);
  chat.join(s);
};

export const SB_AUTH_COMMANDS: Record<string, SbHandler> = { USR: usr, ANS: ans };
