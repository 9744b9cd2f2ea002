// SYN: the server-side contact list of MSNP8-12, once per session.
//   C: SYN 8 14        S: SYN 8 15 1 1   GTC A   BLP AL   PRP PHH …   LSG 0 Other%20Contacts 0   LST bob@x Bob 11 0   BPR …
// When the client's cached version is current, only the header comes back ("SYN 8 15") and it uses its cache.
//   C: GTC 9 N         S: GTC 9 16 N      (whether to ask when someone adds me)
import { List, type Group } from '../../core/model';
import { encodeParam } from '../codec';
import type { ListedContact } from '../dialects/dialect';
import type { NsHandler, NsSession } from './ns-session';

/** Own properties SYN sends as PRP, and contacts' as BPR (MSNP8: only those that are set). */
const PHONE_KEYS = ['PHH', 'PHW', 'PHM', 'MOB', 'MBE', 'WWE', 'HSB'];

const synced = new WeakSet<NsSession>();

const syn: NsHandler = (s, cmd, trid) => {
  if (synced.has(s)) {
    s.conn.error(715, trid, 'SYN sent twice in one session');
    return;
  }
  synced.add(s);
  const d = s.dialect!;
  const core = s.ctx.core;
  const user = core.users.byId(s.userId)!;
  const stamp = d.listStamp(user);
  const cached = cmd.args.slice(1, 1 + stamp.length);
  if (cached.length === stamp.length && cached.every((v, i) => v === stamp[i])) {
    s.send(`SYN ${trid} ${stamp.join(' ')}`);
    return;
  }
  const groups = core.groups.all(s.userId);
  const byId = new Map(groups.map((g) => [g.id, g]));
  const contacts: ListedContact[] = core.lists.entries(s.userId).map((entry) => ({
    entry,
    name: entry.nickname || core.users.byId(entry.contactId)!.friendlyName,
    groups: entry.groups.map((id) => byId.get(id)).filter((g): g is Group => g !== undefined),
  }));
  // MSNP2-7 write the whole reply their own way (one LST per entry and list, with counters).
  const legacy = d.legacySyn(trid, { user, contacts, groups, properties: (id) => core.users.properties(id) });
  if (legacy) {
    for (const line of legacy) s.send(line);
    return;
  }
  const lsgLines = [
    ...(d.implicitOtherContacts ? [`LSG 0 ${encodeParam('Other Contacts')} 0`] : []),
    ...groups.map((g) => d.lsg(g)),
  ];
  s.send(`SYN ${trid} ${stamp.join(' ')} ${contacts.length} ${lsgLines.length}`);
  s.send(`GTC ${user.gtc}`);
  s.send(`BLP ${user.blp}`);
  const own = core.users.properties(s.userId);
  if (d.abchMigrated) s.send(`PRP MFN ${encodeParam(user.friendlyName)}`);
  for (const key of PHONE_KEYS) if (own[key]) s.send(`PRP ${key} ${encodeParam(own[key]!)}`);
  for (const line of lsgLines) s.send(line);
  for (const c of contacts) {
    s.send(d.lst(c));
    if (!(c.entry.lists & List.FL)) continue;
    // Each BPR follows the LST it belongs to; unset properties are left out.
    const theirs = core.users.properties(c.entry.contactId);
    for (const key of PHONE_KEYS) if (theirs[key]) s.send(`BPR ${key} ${encodeParam(theirs[key]!)}`);
  }
};

const gtc: NsHandler = (s, cmd, trid) => {
  const value = cmd.args[1];
  if (value !== 'A' && value !== 'N') {
    s.conn.error(201, trid, `GTC takes A or N, not "${value ?? ''}"`);
    return;
  }
  // Unchanged is confirmed like BLP (see presence-commands.ts): libpurple restates it at sign-in.
  if (s.ctx.core.users.byId(s.userId)!.gtc !== value) s.ctx.core.directory.setPrivacy(s.userId, { gtc: value });
  s.send(`GTC ${s.dialect!.versioned(trid, s.ctx.core.users.byId(s.userId)!.listVersion)} ${value}`);
};

export const SYNC_COMMANDS: Record<string, NsHandler> = { SYN: syn, GTC: gtc };
