// A contact list laid out as Messenger lays it out: one section per group, "Other Contacts" for
// the rest of the forward list, online people first in each; then those who are only on the
// other lists (they added this account, or are allowed or blocked without being a contact).
import type { ContactInfo, GroupInfo } from '../../../../server/panel/contract';

export interface ContactSection {
  key: string;
  title: string;
  contacts: ContactInfo[];
  online: number;
}

/**
 * By name, ignoring case, without localeCompare: its first use in a page builds an ICU collator
 * (tens of ms in Chromium, measured in `npm run bench -- panel`), and it came with the click that
 * opens an account. Ties (same name) go by address, so the order is stable.
 */
function byName(a: ContactInfo, b: ContactInfo): number {
  const x = a.displayName.toLowerCase();
  const y = b.displayName.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
}

export function groupContacts(contacts: readonly ContactInfo[], groups: readonly GroupInfo[]): ContactSection[] {
  const onFl = contacts.filter((c) => c.lists.includes('FL'));
  const known = new Set(groups.map((g) => g.id));
  const section = (key: string, title: string, list: ContactInfo[]): ContactSection => {
    const sorted = [...list].sort((a, b) => Number(a.status === 'FLN') - Number(b.status === 'FLN') || byName(a, b));
    return { key, title, contacts: sorted, online: list.filter((c) => c.status !== 'FLN').length };
  };
  const out = groups.map((g) => section(g.id, g.name, onFl.filter((c) => c.groups.includes(g.id))));
  const ungrouped = onFl.filter((c) => !c.groups.some((id) => known.has(id)));
  if (ungrouped.length > 0 || groups.length === 0) out.push(section('other', 'Other Contacts', ungrouped));
  const others = contacts.filter((c) => !c.lists.includes('FL'));
  if (others.length > 0) out.push(section('not-on-fl', 'Not on the contact list', others));
  return out;
}

/** One row of the windowed list: a group's title, a contact in it, or "nobody in this group". */
export type ContactListRow =
  | { kind: 'title'; key: string; section: ContactSection }
  | { kind: 'contact'; key: string; section: ContactSection; contact: ContactInfo }
  | { kind: 'empty'; key: string; section: ContactSection };

/** The sections as rows, in the order they are drawn (a contact in two groups is a row in each). */
export function contactRows(contacts: readonly ContactInfo[], groups: readonly GroupInfo[]): ContactListRow[] {
  const rows: ContactListRow[] = [];
  for (const section of groupContacts(contacts, groups)) {
    rows.push({ kind: 'title', key: `${section.key}#`, section });
    if (section.contacts.length === 0) rows.push({ kind: 'empty', key: `${section.key}#empty`, section });
    for (const contact of section.contacts) rows.push({ kind: 'contact', key: `${section.key}:${contact.email}`, section, contact });
  }
  return rows;
}

/** What each list means for the owner, for the badges' tooltips. */
export const LIST_MEANING: Record<string, string> = {
  FL: 'Forward list: on this account\'s contact list',
  AL: 'Allow list: may see this account\'s status',
  BL: 'Block list: sees this account as offline',
  RL: 'Reverse list: has this account on their contact list',
  PL: 'Pending list: added this account, waiting for a decision',
};
