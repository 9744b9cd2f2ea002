// Presence and profile commands: CHG (status), UUX (personal message, endpoint data),
// PRP (own properties), BLP (privacy), UUN (notifications to another user's client).
import { CHOOSABLE_STATUSES, type Status } from '../../core/model';
import { CoreError } from '../../core/errors';
import { decodeParam, type MsnpCommand } from '../codec';
import { parseXml, child } from '../../xml/xml';
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
  const capabilities = caps && /^\d{1,10}(:\d{1,10})?$/.test(caps) ? caps : '0';
  const msnObject = msnobj && msnobj !== '0' ? decodeParam(msnobj) : '';
  if (msnObject.length > MAX_MSNOBJ_CHARS) {
    s.conn.error(201, trid, 'MSN object too long');
    return;
  }
  s.send(`CHG ${cmd.args.join(' ')}`);
  s.ctx.core.presence.setSessionPresence(s.userId, status as Status, capabilities, msnObject);
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
  s.live = true;
}

/**
 *   C: UUX 9 53 <Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>     S: UUX 9 0
 * MSNP16 clients also send <EndpointData> and <PrivateEndpointData> separately.
 */
const uux: NsHandler = (s, cmd, trid) => {
  let doc;
  try {
    doc = parseXml((cmd.payload ?? Buffer.alloc(0)).toString('utf8'), { maxChars: 16 * 1024, maxDepth: 8, maxElements: 200 });
  } catch (e) {
    // Invalid XML in UUX: the official server disconnected.
    s.conn.note(`UUX payload refused: ${(e as Error).message}`);
    s.conn.close('invalid UUX XML');
    return;
  }
  try {
    if (doc.name === 'Data') {
      const user = s.ctx.core.users.byId(s.userId)!;
      const psm = child(doc, 'PSM')?.text ?? user.psm;
      const media = child(doc, 'CurrentMedia')?.text ?? user.currentMedia;
      s.ctx.core.directory.setPersonalMessage(s.userId, psm, media);
    } else if (doc.name === 'EndpointData') {
      const caps = child(doc, 'Capabilities')?.text;
      if (caps && /^\d{1,10}(:\d{1,10})?$/.test(caps)) {
        const snap = s.ctx.core.presence.snapshot(s.userId)!;
        s.ctx.core.presence.setSessionPresence(s.userId, snap.status, caps, snap.msnObject);
      }
    }
    // PrivateEndpointData (machine name, client type) is only for the user's own endpoints.
  } catch (e) {
    if (e instanceof CoreError) {
      s.conn.error(201, trid, e.message);
      return;
    }
    throw e;
  }
  s.send(`UUX ${trid} 0`);
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
 *   C: BLP 7 AL     S: BLP 7 AL        (MSNP8-9: "BLP 7 16 AL", with the new list version)
 * AL: people on neither list see me; BL: they don't.
 */
const blp: NsHandler = (s, cmd, trid) => {
  const policy = cmd.args[1];
  if (policy !== 'AL' && policy !== 'BL') {
    s.conn.error(201, trid, `BLP takes AL or BL, not "${policy ?? ''}"`);
    return;
  }
  if (s.dialect!.refusesUnchangedPrivacy && s.ctx.core.users.byId(s.userId)!.blp === policy) {
    s.conn.error(218, trid, `BLP is already ${policy}`);
    return;
  }
  s.ctx.core.directory.setPrivacy(s.userId, { blp: policy });
  s.send(`BLP ${s.dialect!.versioned(trid, s.ctx.core.users.byId(s.userId)!.listVersion)} ${policy}`);
};

/**
 *   C: UUN 15 bob@x 1 9 <payload>     S: UUN 15 OK     (bob gets: UBN me@x 1 9 <payload>)
 * Mac 8 sends one to itself at sign-in ("ignore me"); that is simply acknowledged.
 */
const uun: NsHandler = (s, cmd: MsnpCommand, trid) => {
  const [, target, type] = cmd.args;
  if (!target || !type || !/^\d{1,4}$/.test(type)) {
    s.conn.error(201, trid, 'UUN needs an address, a type and a length');
    return;
  }
  const email = target.split(';')[0]!.toLowerCase();
  const self = s.ctx.core.users.byId(s.userId)!;
  if (email !== self.email) {
    const other = s.ctx.core.users.byEmail(email);
    const ep = other ? s.ctx.core.presence.endpointOf(other.id) : undefined;
    // Only to someone online who lets us see them (a blocked sender gets 217 like an offline one).
    const view = other ? s.ctx.core.presence.viewFor(other.id, s.userId) : undefined;
    if (!other || !ep || !view || view.status === 'FLN') {
      s.conn.error(217, trid, `${email} is not online`);
      return;
    }
    ep.notify({ kind: 'user-notification', from: self.email, type, payload: cmd.payload ?? Buffer.alloc(0) });
  }
  s.send(`UUN ${trid} OK`);
};

export const PRESENCE_COMMANDS: Record<string, NsHandler> = { CHG: chg, UUX: uux, PRP: prp, BLP: blp, UUN: uun };
