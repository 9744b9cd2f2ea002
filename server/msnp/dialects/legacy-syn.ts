// The contact list as MSNP2-7 download it: every line carries the TrID and the list version, and
// each list (FL, AL, BL, RL) is sent on its own with "index total" counters; an empty list still
// gets one line with "0 0" so the client knows it is complete. MSNP8 dropped all of that.
// From MSNP5 the phone properties follow GTC/BLP, every one of them even when unset (MSNP8 began
// leaving unset ones out): an empty value is a bare key, MOB and MBE default to N.
//   C: SYN 8 0     S: SYN 8 15   GTC 8 15 A   BLP 8 15 AL
//   S: PRP 8 15 PHH 555%200123   PRP 8 15 PHW   PRP 8 15 PHM   PRP 8 15 MOB N   PRP 8 15 MBE N   (MSNP5+)
//   S: LSG 8 15 1 2 0 Other%20Contacts 0   LSG 8 15 2 2 1 Friends 0                             (MSNP7)
//   S: LST 8 FL 15 1 1 bob@x Bob 1   BPR 15 bob@x PHH 555%200190   BPR 15 bob@x PHW   …   BPR 15 bob@x MOB N
//   S: LST 8 AL 15 1 1 bob@x Bob   LST 8 BL 15 0 0   LST 8 RL 15 1 1 bob@x Bob
// Sources: NINA-G msnp-wiki syn.md ("first/second generation" examples), msnp5.md, msnp7.md;
// Escargot msnp_ns.py (_m_syn and _m_add for dialect < 8).
import { encodeParam } from '../codec';
import { List, type Group, type User } from '../../core/model';
import type { ListedContact } from './dialect';

export interface SyncSnapshot {
  user: User;
  contacts: ListedContact[];
  groups: Group[];
  /** An account's properties (own ones go out as PRP, contacts' as BPR). */
  properties: (userId: number) => Readonly<Record<string, string | undefined>>;
}

export interface LegacySynOptions {
  /** MSNP5 added phone numbers (PRP, BPR). */
  phones: boolean;
  /** MSNP7 added groups (LSG, the group field of FL entries). */
  groups: boolean;
}

const OWN_KEYS = ['PHH', 'PHW', 'PHM', 'MOB', 'MBE'];
const CONTACT_KEYS = ['PHH', 'PHW', 'PHM', 'MOB'];

/** "PHH 555%200123", "PHW" (unset), "MOB N" (unset yes/no). */
function property(props: Readonly<Record<string, string | undefined>>, key: string): string {
  const value = props[key] || (key === 'MOB' || key === 'MBE' ? 'N' : '');
  return value ? `${key} ${encodeParam(value)}` : key;
}

const LISTS: [string, number][] = [
  ['FL', List.FL],
  ['AL', List.AL],
  ['BL', List.BL],
  ['RL', List.RL],
];

export function legacySynLines(trid: string, snap: SyncSnapshot, o: LegacySynOptions): string[] {
  const ver = snap.user.listVersion;
  const out = [`SYN ${trid} ${ver}`, `GTC ${trid} ${ver} ${snap.user.gtc}`, `BLP ${trid} ${ver} ${snap.user.blp}`];
  if (o.phones) {
    const own = snap.properties(snap.user.id);
    for (const k of OWN_KEYS) out.push(`PRP ${trid} ${ver} ${property(own, k)}`);
  }
  if (o.groups) {
    const rows: [number, string][] = [[0, 'Other Contacts'], ...snap.groups.map((g): [number, string] => [g.number, g.name])];
    rows.forEach(([id, name], i) => out.push(`LSG ${trid} ${ver} ${i + 1} ${rows.length} ${id} ${encodeParam(name)} 0`));
  }
  for (const [name, bit] of LISTS) {
    const on = snap.contacts.filter((c) => c.entry.lists & bit);
    if (on.length === 0) out.push(`LST ${trid} ${name} ${ver} 0 0`);
    on.forEach((c, i) => {
      const groups = o.groups && bit === List.FL ? ` ${c.groups.map((g) => g.number).join(',') || '0'}` : '';
      out.push(`LST ${trid} ${name} ${ver} ${i + 1} ${on.length} ${c.entry.email} ${encodeParam(c.name)}${groups}`);
      if (o.phones && bit === List.FL) {
        const theirs = snap.properties(c.entry.contactId);
        for (const k of CONTACT_KEYS) out.push(`BPR ${ver} ${c.entry.email} ${property(theirs, k)}`);
      }
    });
  }
  return out;
}
