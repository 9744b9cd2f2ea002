// Presence and profile commands: CHG (status), UUX (personal message, endpoint data),
// PRP (own properties), BLP (privacy), UUN (notifications to another user's client).
import { CHOOSABLE_STATUSES, type Status } from '../../core/model';
import { intern } from '../../core/intern';
import { CoreError } from '../../core/errors';
import { normalizeMachineGuid } from '../../core/endpoints';
import { decodeParam, encodeParam, type MsnpCommand } from '../codec';
import { parseXml, child } from '../../xml/xml';
import { readUux } from './uux-payload';
import type { NsHandler, NsSession } from './ns-session';
import { challenge } from './challenge-commands';
import { deliverWaitingOfflineMessages } from './offline-delivery';

const MAX_MSNOBJ_CHARS = 4096;

/**
 *   C: CHG 8 NLN 1085276192:131088 %3Cmsnobj…%3E     S: (echo)
 * The first CHG is answered with the initial presence list (ILN + UBX per visible contact).
 */
const chg: NsHandler = (s, cmd, trid) => {
  const [, status, caps, msnobj] = cmd.args;
  if (!status || !CHOOSABLE_STATUSES.includes(status as Status)) {
    s.conn.error(201, trid, `CHG to "${status ?? ''}" (a client may choose ${CHOOSABLE_STATUSES.join(' ')})`);
    return;
  }
  // Interned: the presence keeps it as long as the client stays, and cut from the line it would keep the line.
  const capabilities = caps && /^\d{1,10}(:\d{1,10})?$/.test(caps) ? intern(caps) : '0';
  const msnObject = msnobj && msnobj !== '0' ? decodeParam(msnobj) : '';
  if (msnObject.length > MAX_MSNOBJ_CHARS) {
    s.conn.error(201, trid, 'MSN object too long');
    return;
  }
  s.send(`CHG ${cmd.args.join(' ')}`);
  s.ctx.core.presence.setPresence(s, status as Status, capabilities, msnObject);
  if (!s.live) {
    sendInitialPresence(s, trid);
    deliverWaitingOfflineMessages(s);
    challenge(s);
  }
};

function sendInitialPresence(s: NsSession, trid: string): void {
  const d = s.dialect!;
  const core = s.ctx.core;
  for (const entry of core.lists.entries(s.userId)) {
    if (!(entry.lists & 1)) continue; // only contacts on the FL
    const view = core.presence.viewFor(entry.contactId, s.userId);
    if (!view || view.status === 'FLN') continue;
    s.send(d.initialPresence(trid, view));
    const ubx = d.extendedPresence(view);
    if (ubx) s.send(ubx.line, ubx.payload);
  }
  // Then the account as its own places see it (MSNP16+): its UBX with every place it is signed in at.
  const self = core.presence.snapshot(s.userId);
  const own = core.presence.viewFor(s.userId, s.userId);
  if (self && own && s.machineGuid) for (const l of d.ownUpdate({ ...own, status: self.status }, core.presence.ownPlaces(s.userId), false)) s.send(l.line, l.payload);
  s.live = true;
}

/**
 *   C: UUX 9 53 <Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>     S: UUX 9 0
 * MSNP16 clients also send <EndpointData> and <PrivateEndpointData> separately; WLM 2009 adds
 * DDP, SignatureSound, Scene and ColorScheme to <Data>. What each means: see uux-payload.ts.
 */
const uux: NsHandler = (s, cmd, trid) => {
  const read = readUux(cmd.payload ?? Buffer.alloc(0));
  if (!read.ok) {
    if (read.fatal) {
      // Invalid XML in UUX: the official server disconnected.
      s.conn.note(`UUX payload refused: ${read.why}`);
      s.conn.close('invalid UUX XML');
    } else s.conn.error(201, trid, `UUX refused: ${read.why}`);
    return;
  }
  const presence = s.ctx.core.presence;
  try {
    // The reply goes before what the change tells this session (its own UBX).
    s.hold(() => {
      const u = read.update;
      if (u.psm !== undefined || u.currentMedia !== undefined) {
        const user = s.ctx.core.users.byId(s.userId)!;
        s.ctx.core.directory.setPersonalMessage(s.userId, u.psm ?? user.psm, u.currentMedia ?? user.currentMedia);
      }
      if (u.extras) presence.setExtras(s.userId, u.extras);
      if (u.place) presence.updatePlace(s, u.place);
    });
    // The panel lists places by machine name.
    if (read.update.place?.name !== undefined) s.onDescribed();
  } catch (e) {
    if (e instanceof CoreError) {
      s.conn.error(201, trid, e.message);
      s.release();
      return;
    }
    throw e;
  }
  s.send(`UUX ${trid} 0`);
  s.release();
};

/** Own properties: MFN is the friendly name; phone numbers and mobile settings are kept per user. */
const PROPERTY_KEYS = new Set(['MFN', 'PHH', 'PHW', 'PHM', 'MOB', 'MBE', 'WWE', 'HSB']);
const MAX_PHONE_BYTES = 95;

/**   C: PRP 6 MFN Me%20Myself     S: PRP 6 MFN Me%20Myself */
const prp: NsHandler = (s, cmd, trid) => {
  const [, key, value] = cmd.args;
  if (!key || !PROPERTY_KEYS.has(key)) {
    s.conn.error(715, trid, `PRP ${key ?? ''} is not a property the server keeps`);
    return;
  }
  const decoded = decodeParam(value ?? '');
  if (key === 'MFN' && decoded.trim() === '') return keepFriendlyName(s, trid);
  try {
    if (key === 'MFN') s.ctx.core.directory.setFriendlyName(s.userId, decoded);
    else {
      if (Buffer.byteLength(decoded) > MAX_PHONE_BYTES) {
        s.conn.error(201, trid, `${key} longer than ${MAX_PHONE_BYTES} bytes`);
        return;
      }
      s.ctx.core.directory.setProperty(s.userId, key, decoded);
    }
  } catch (e) {
    if (e instanceof CoreError) {
      s.conn.error(e.code === 'invalid-name' ? 209 : 201, trid, e.message);
      return;
    }
    throw e;
  }
  const version = s.ctx.core.users.byId(s.userId)!.listVersion;
  s.send(`PRP ${s.dialect!.versioned(trid, version)} ${key}${value === undefined ? '' : ` ${value}`}`);
};

/**
 * An empty name is no name change: MSNPSharp 2.5.8 sends "PRP 8 MFN " at every sign-in when it has not
 * learnt its name yet, and reads the name back from the reply (NSMessageHandler.OnPRPReceived takes the
 * third word), so the reply carries the name the account keeps. A 209 there was shown at every sign-in.
 *   C: PRP 8 MFN      S: PRP 8 MFN Me%20Myself
 */
function keepFriendlyName(s: NsSession, trid: string): void {
  const user = s.ctx.core.users.byId(s.userId)!;
  s.conn.note('PRP MFN with an empty name: the name is kept');
  s.send(`PRP ${s.dialect!.versioned(trid, user.listVersion)} MFN ${encodeParam(user.friendlyName)}`);
}

/**
 *   C: BLP 7 AL     S: BLP 7 AL        (MSNP8-9: "BLP 7 16 AL", with the list version)
 * AL: people on neither list see me; BL: they don't.
 */
const blp: NsHandler = (s, cmd, trid) => {
  const policy = cmd.args[1];
  if (policy !== 'AL' && policy !== 'BL') {
    s.conn.error(201, trid, `BLP takes AL or BL, not "${policy ?? ''}"`);
    return;
  }
  // Unchanged is confirmed, not refused, on every version: libpurple re-sends its privacy setting at
  // every sign-in ("BLP 8 AL" while already AL) and msn-pecan signs out on any error but 913/208,
  // yet it used the real service for years (issue 12). Nothing changes, so no new list version.
  if (s.ctx.core.users.byId(s.userId)!.blp !== policy) s.ctx.core.directory.setPrivacy(s.userId, { blp: policy });
  s.send(`BLP ${s.dialect!.versioned(trid, s.ctx.core.users.byId(s.userId)!.listVersion)} ${policy}`);
};

/**
 *   C: UUN 15 bob@x 1 9 <payload>     S: UUN 15 OK     (bob gets: UBN me@x 1 9 <payload>)
 * To one's own address it reaches the account's other places: "sign out there" is
 *   C: UUN 16 me@x;{G} 4 14 goawyplzthxbye   (that place gets UBN me@x;{mine} 4 14 and disconnects)
 *   C: UUN 17 me@x 8 4 gtfo                  (every place: "sign out everywhere")
 * (MSNPSharp 3.0 Owner.SignoutFrom / SignoutFromEverywhere and OnUBNReceived; ESC _m_uun.)
 * Mac 8 sends one to itself at sign-in ("ignore me"); with no other place it is simply acknowledged.
 */
const uun: NsHandler = (s, cmd: MsnpCommand, trid) => {
  const [, target, type] = cmd.args;
  if (!target || !type || !/^\d{1,4}$/.test(type)) {
    s.conn.error(201, trid, 'UUN needs an address, a type and a length');
    return;
  }
  // "bob@x", "bob@x;{guid}", and from MSNP18 clients "1:bob@x" all name bob.
  const [address, placeGuid] = target.replace(/^1:/, '').split(';') as [string, string | undefined];
  const email = address.toLowerCase();
  const place = placeGuid === undefined ? undefined : normalizeMachineGuid(placeGuid);
  if (placeGuid !== undefined && !place) {
    s.conn.error(201, trid, `UUN to "${target.slice(0, 80)}": the part after ";" must be a machine GUID`);
    return;
  }
  const self = s.ctx.core.users.byId(s.userId)!;
  const presence = s.ctx.core.presence;
  const payload = cmd.payload ?? Buffer.alloc(0);
  const event = { kind: 'user-notification' as const, from: self.email, fromGuid: s.machineGuid, type, payload };
  if (email === self.email) {
    for (const ep of presence.endpointsOf(self.id)) {
      if (ep === s || (place && ep.machineGuid !== place)) continue;
      ep.notify(event);
      if (isSignOutRequest(type, payload)) signOutLater(ep);
    }
  } else {
    const other = s.ctx.core.users.byEmail(email);
    // Only to someone online who lets us see them (a blocked sender gets 217 like an offline one).
    const view = other ? presence.viewFor(other.id, s.userId) : undefined;
    const targets = other ? presence.endpointsOf(other.id).filter((ep) => !place || ep.machineGuid === place) : [];
    if (!other || targets.length === 0 || !view || view.status === 'FLN') {
      s.conn.error(217, trid, `${email} is not online`);
      return;
    }
    for (const ep of targets) ep.notify(event);
  }
  s.send(`UUN ${trid} OK`);
};

/** Types 4 and 8 with these words ask a place to sign out (MSNPSharp 3.0 OnUBNReceived). */
function isSignOutRequest(type: string, payload: Buffer): boolean {
  const text = payload.toString('utf8');
  return (type === '4' || type === '8') && (text.startsWith('goawyplzthxbye') || text === 'gtfo');
}

/**
 * The client is asked to sign itself out and does; one that ignores the request (an older build,
 * a stuck one) is signed out by the server a moment later, so "sign out there" always works.
 */
function signOutLater(ep: { kick(reason: 'KICK'): void }): void {
  setTimeout(() => ep.kick('KICK'), SIGN_OUT_GRACE_MS).unref();
}
export const SIGN_OUT_GRACE_MS = 3_000;

export const PRESENCE_COMMANDS: Record<string, NsHandler> = { CHG: chg, UUX: uux, PRP: prp, BLP: blp, UUN: uun };
