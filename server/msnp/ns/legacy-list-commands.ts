// List editing of MSNP8-12 (server-side lists). MSNP8-9 name contacts by address and groups by
// number, and replies carry the new list version; MSNP10-12 use ADC, contact and group GUIDs.
//   C: ADD 3 FL bob@x bob@x 0            S: ADD 3 FL 16 bob@x bob@x 0          (MSNP8-9)
//   C: ADC 3 FL N=bob@x F=bob@x          S: ADC 3 FL N=bob@x F=bob@x C=<guid>  (MSNP10-12)
//   C: REM 4 FL <guid> [<group-guid>]    C: ADG 5 Friends     C: RMG 6 <id>     C: REG 7 <id> Family
import { CoreError } from '../../core/errors';
import { List, isValidEmail, type ContactEntry, type User } from '../../core/model';
import { decodeParam } from '../codec';
import type { NsHandler, NsSession } from './ns-session';

/** The MSNP error code for each core refusal. */
const CODES: Partial<Record<CoreError['code'], number>> = {
  'already-on-list': 215,
  'not-on-list': 216,
  'in-opposite-list': 219,
  'list-full': 210,
  'too-many-groups': 223,
  'no-such-group': 224,
  'not-in-group': 225,
  'group-exists': 228,
  'group-name-too-long': 229,
  'cannot-remove-group': 230,
  'invalid-name': 209,
};

const EDITABLE: Record<string, number> = { FL: List.FL, AL: List.AL, BL: List.BL };

/** Runs a change, answering a core refusal with its MSNP code; the reply goes before any presence it causes. */
function apply(s: NsSession, trid: string, change: () => string | undefined): void {
  let reply: string | undefined;
  try {
    reply = s.hold(change);
  } catch (e) {
    if (e instanceof CoreError && CODES[e.code]) {
      s.conn.error(CODES[e.code]!, trid, e.message);
      return;
    }
    throw e;
  }
  if (reply) s.send(reply);
  s.release();
}

function fail(code: CoreError['code'], message: string): never {
  throw new CoreError(code, message);
}

/** The account behind an address, with the error each version uses for an unknown one (205 before MSNP10, 208 after). */
function account(s: NsSession, email: string | undefined): User {
  if (!email || !isValidEmail(email)) throw new RefusedWith(201, `"${email ?? ''}" is not a valid address`);
  const user = s.ctx.core.users.byEmail(email.toLowerCase());
  if (!user) throw new RefusedWith(s.dialect!.abchMigrated ? 208 : 205, `${email} has no account on this server`);
  return user;
}

class RefusedWith extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Wraps a handler so RefusedWith becomes its MSNP error. */
function handler(fn: NsHandler): NsHandler {
  return (s, cmd, trid) => {
    try {
      return fn(s, cmd, trid);
    } catch (e) {
      if (e instanceof RefusedWith) return s.conn.error(e.code, trid, e.message);
      throw e;
    }
  };
}

const version = (s: NsSession) => s.ctx.core.users.byId(s.userId)!.listVersion;
const entryOf = (s: NsSession, contactId: number): ContactEntry | undefined => s.ctx.core.lists.entry(s.userId, contactId);

/** MSNP8-9: ADD <list> <address> <name> [<group>] */
const add: NsHandler = handler((s, cmd, trid) => {
  const [, listName, email, name, groupArg] = cmd.args;
  const bit = EDITABLE[listName ?? ''];
  if (!bit) throw new RefusedWith(201, `ADD to list "${listName ?? ''}" (a client may add to FL, AL or BL)`);
  const contact = account(s, email);
  const core = s.ctx.core;
  const d = s.dialect!;
  apply(s, trid, () => {
    const group = bit === List.FL && d.hasGroups && groupArg && groupArg !== '0' ? core.groups.require(s.userId, groupArg) : undefined;
    const already = (entryOf(s, contact.id)?.lists ?? 0) & bit;
    if (already && !(group && !entryOf(s, contact.id)!.groups.includes(group.id))) fail('already-on-list', `${contact.email} is already on ${listName}`);
    if (!already) core.directory.addToLists(s.userId, contact.id, bit);
    if (group) core.groups.addMember(s.userId, contact.id, group.id);
    const shown = name ?? contact.email;
    const groupPart = bit === List.FL && d.hasGroups ? ` ${group ? d.groupRef(group) : '0'}` : '';
    return `ADD ${d.listVersioned(trid, listName!, version(s))} ${contact.email} ${shown}${groupPart}`;
  });
});

/** MSNP10-12: ADC <list> N=<address> [F=<name>]  |  ADC FL C=<contact-guid> <group-guid> */
const adc: NsHandler = handler((s, cmd, trid) => {
  const [, listName, ...rest] = cmd.args;
  const field = (k: string) => rest.find((w) => w.startsWith(`${k}=`))?.slice(k.length + 1);
  const core = s.ctx.core;
  const contactGuid = field('C');
  if (listName === 'FL' && contactGuid && !field('N')) {
    const entry = core.lists.entryByGuid(s.userId, contactGuid);
    if (!entry || !(entry.lists & List.FL)) throw new RefusedWith(208, `no contact ${contactGuid} on the list`);
    const groupGuid = rest.find((w) => !w.includes('='));
    if (!groupGuid) throw new RefusedWith(201, 'ADC FL C=… needs a group');
    apply(s, trid, () => {
      core.groups.addMember(s.userId, entry.contactId, core.groups.require(s.userId, groupGuid).id);
      return `ADC ${trid} FL C=${contactGuid} ${groupGuid}`;
    });
    return;
  }
  if (listName === 'RL') return acceptPending(s, trid, account(s, field('N')));
  const bit = EDITABLE[listName ?? ''];
  if (!bit) throw new RefusedWith(201, `ADC to list "${listName ?? ''}"`);
  const contact = account(s, field('N'));
  apply(s, trid, () => {
    if ((entryOf(s, contact.id)?.lists ?? 0) & bit) fail('already-on-list', `${contact.email} is already on ${listName}`);
    core.directory.addToLists(s.userId, contact.id, bit);
    if (bit !== List.FL) return `ADC ${trid} ${listName} N=${contact.email}`;
    const name = field('F') ?? contact.email;
    return `ADC ${trid} FL N=${contact.email} F=${name} C=${entryOf(s, contact.id)!.guid}`;
  });
});

/** "ADC t RL N=alice@x": the user saw "alice has added you"; she leaves the pending list. */
function acceptPending(s: NsSession, trid: string, contact: User): void {
  const bits = entryOf(s, contact.id)?.lists ?? 0;
  if (!(bits & List.PL)) {
    s.conn.error(bits & List.RL ? 215 : 216, trid, `${contact.email} is not waiting for an answer`);
    return;
  }
  apply(s, trid, () => {
    s.ctx.core.directory.removeFromLists(s.userId, contact.id, List.PL);
    return `ADC ${trid} RL N=${contact.email}`;
  });
}

/** REM <list> <address|contact-guid> [<group>] */
const rem: NsHandler = handler((s, cmd, trid) => {
  const [, listName, who, groupArg] = cmd.args;
  const core = s.ctx.core;
  const d = s.dialect!;
  const bit = listName === 'PL' && d.abchMigrated ? List.PL : EDITABLE[listName ?? ''];
  if (!bit) throw new RefusedWith(201, `REM from list "${listName ?? ''}" (the reverse list is the server's)`);
  // MSNP10+ name FL contacts by GUID, everything else by address.
  const entry =
    d.abchMigrated && bit === List.FL
      ? core.lists.entryByGuid(s.userId, who ?? '')
      : entryOf(s, core.users.byEmail((who ?? '').toLowerCase())?.id ?? -1);
  if (!entry || !(entry.lists & bit)) throw new RefusedWith(216, `${who ?? ''} is not on ${listName}`);
  apply(s, trid, () => {
    if (bit === List.FL && groupArg) {
      const group = core.groups.require(s.userId, groupArg);
      core.groups.removeMember(s.userId, entry.contactId, group.id);
      return `REM ${d.listVersioned(trid, 'FL', version(s))} ${who} ${groupArg}`;
    }
    core.directory.removeFromLists(s.userId, entry.contactId, bit);
    return `REM ${d.listVersioned(trid, listName!, version(s))} ${who}`;
  });
});

/** ADG <name> [0]  ->  "ADG t 16 Friends 1 0" (MSNP8-9) / "ADG t Friends <guid>" */
const adg: NsHandler = (s, cmd, trid) => {
  const name = decodeParam(cmd.args[1] ?? '');
  const d = s.dialect!;
  apply(s, trid, () => {
    const g = s.ctx.core.groups.add(s.userId, name);
    return d.abchMigrated ? `ADG ${trid} ${cmd.args[1]} ${g.id}` : `ADG ${trid} ${version(s)} ${cmd.args[1]} ${g.number} 0`;
  });
};

/** RMG <id|guid>. MSN 7.0 sometimes names the group instead: "RMG 9 New%20Group". */
const rmg: NsHandler = (s, cmd, trid) => {
  const ref = cmd.args[1] ?? '';
  const core = s.ctx.core;
  const byName = core.groups.all(s.userId).find((g) => g.name === decodeParam(ref));
  apply(s, trid, () => {
    const g = core.groups.remove(s.userId, core.groups.find(s.userId, ref) ? ref : (byName?.id ?? ref));
    return `RMG ${s.dialect!.versioned(trid, version(s))} ${s.dialect!.groupRef(g)}`;
  });
};

/** REG <id|guid> <new name> [0] */
const reg: NsHandler = (s, cmd, trid) => {
  const [, ref, encoded] = cmd.args;
  const d = s.dialect!;
  apply(s, trid, () => {
    const g = s.ctx.core.groups.rename(s.userId, ref ?? '', decodeParam(encoded ?? ''));
    return d.abchMigrated ? `REG ${trid} ${g.id} ${encoded}` : `REG ${trid} ${version(s)} ${g.number} ${encoded} 0`;
  });
};

/** MSNP8-9: REA <address> <name>: your own friendly name, or what you call a contact. */
const rea: NsHandler = handler((s, cmd, trid) => {
  const [, email, encoded] = cmd.args;
  const name = decodeParam(encoded ?? '');
  const self = s.ctx.core.users.byId(s.userId)!;
  apply(s, trid, () => {
    if (email?.toLowerCase() === self.email) {
      s.ctx.core.directory.setFriendlyName(s.userId, name);
    } else {
      const contact = account(s, email);
      if (!entryOf(s, contact.id)) fail('not-on-list', `${contact.email} is not on your list`);
      if (!name || Buffer.byteLength(name) > 387) fail('invalid-name', 'name too long');
      s.ctx.core.lists.setNickname(s.userId, contact.id, name);
      s.ctx.core.users.bumpListVersion(s.userId);
    }
    return `REA ${trid} ${version(s)} ${email} ${encoded}`;
  });
});

/** MSNP10-12: SBP <contact-guid> MFN <name>: what you call a contact. */
const sbp: NsHandler = (s, cmd, trid) => {
  const [, guid, key, encoded] = cmd.args;
  const entry = s.ctx.core.lists.entryByGuid(s.userId, guid ?? '');
  if (!entry) return s.conn.error(208, trid, `no contact ${guid ?? ''}`);
  if (key !== 'MFN') return s.conn.error(201, trid, `SBP ${key ?? ''} is not kept (only MFN)`);
  const name = decodeParam(encoded ?? '');
  if (!name || Buffer.byteLength(name) > 387) return s.conn.error(209, trid, 'name too long');
  s.ctx.core.lists.setNickname(s.userId, entry.contactId, name);
  s.ctx.core.users.bumpListVersion(s.userId);
  s.send(`SBP ${trid} ${guid} MFN ${encoded}`);
};

export const LEGACY_LIST_COMMANDS: Record<string, NsHandler> = {
  ADD: add,
  ADC: adc,
  REM: rem,
  ADG: adg,
  RMG: rmg,
  REG: reg,
  REA: rea,
  SBP: sbp,
};
