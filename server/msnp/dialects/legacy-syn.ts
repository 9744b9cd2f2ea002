// The contact list as MSNP2-7 download it: every line carries the TrID and the list version, and
// each list (FL, AL, BL, RL) is sent on its own with "index total" counters; an empty list still
// gets one line with "0 0" so the client knows it is complete. MSNP8 dropped all of that.
//   C: SYN 8 0     S: SYN 8 15   GTC 8 15 A   BLP 8 15 AL   PRP 8 15 PHH 555%200123       (PRP: MSNP5+)
//   S: LSG 8 15 1 2 0 Other%20Contacts 0   LSG 8 15 2 2 1 Friends 0                       (MSNP7)
//   S: LST 8 FL 15 1 1 bob@x Bob 1   BPR 15 bob@x PHH 555%200190   LST 8 AL 15 1 1 bob@x Bob   LST 8 BL 15 0 0
// Sources: hypothetic.org MSNP7 "Lists" notes; Escargot msnp_ns.py (_m_syn, dialect < 8).
import { encodeParam } from '../codec';
import { List, type Group, type User } from '../../core/model';
import type { ListedContact } from './dialect';

export interface SyncSnapshot {
  user: User;
  contacts: ListedContact[];
  groups: Group[];
  /** Set phone properties of an account (own ones go out as PRP, contacts' as BPR). */
  phones: (userId: number) => [string, string][];
}

export interface LegacySynOptions {
  /** MSNP5 added phone numbers (PRP, BPR). */
  phones: boolean;
  /** MSNP7 added groups (LSG, the group field of FL entries). */
  groups: boolean;
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
  if (o.phones) for (const [k, v] of snap.phones(snap.user.id)) out.push(`PRP ${trid} ${ver} ${k} ${encodeParam(v)}`);
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
        for (const [k, v] of snap.phones(c.entry.contactId)) out.push(`BPR ${ver} ${c.entry.email} ${k} ${encodeParam(v)}`);
      }
    });
  }
  return out;
}
