// An account's contact list, grouped as the client shows it, with adding and removing contacts.
// Windowed: a group title or a contact is one row, and only the rows near the screen exist in
// the page (300 contacts open as fast as 8).
import { useMemo } from 'react';
import type { AccountInfo } from '../../../../server/panel/contract';
import { useServer } from '../../state/server-store';
import { Card, EmptyState } from '../../components/Card';
import { WindowedList } from '../../components/WindowedList';
import { contactRows, type ContactListRow } from './group-contacts';
import { AddContactForm } from './AddContactForm';
import { ContactRow } from './ContactRow';

/** Assumed heights until a row is drawn (as drawn at 1280 px: a contact's actions on a line of their own). */
const ESTIMATE: Record<ContactListRow['kind'], number> = { title: 31, contact: 82, empty: 26 };
const keyOf = (r: ContactListRow) => r.key;
const estimate = (r: ContactListRow) => ESTIMATE[r.kind];

export function ContactsCard({ owner }: { owner: AccountInfo }) {
  const list = useServer((s) => (s.openList?.owner === owner.email ? s.openList : undefined));
  const contacts = list?.contacts;
  const groups = list?.groups;
  const loaded = list?.loaded === true;
  const rows = useMemo(() => (loaded && contacts && contacts.length > 0 ? contactRows(contacts, groups ?? []) : []), [loaded, contacts, groups]);
  const onFlEmails = useMemo(() => (contacts ?? []).filter((c) => c.lists.includes('FL')).map((c) => c.email), [contacts]);
  return (
    <Card title={`Contacts (${onFlEmails.length})`} label="Contacts">
      <AddContactForm owner={owner.email} existing={onFlEmails} />
      {!list?.loaded && <p className="muted pad">Loading the contact list…</p>}
      {list?.loaded && list.contacts.length === 0 && (
        <EmptyState title="No contacts yet">
          Add an account above. With “Both ways”, each sees the other, as after accepting an invitation in Messenger.
        </EmptyState>
      )}
      {/* In the page while the list loads, so it knows where it is when the rows arrive. */}
      <WindowedList
        className="contact-list"
        data-testid="contact-rows"
        items={rows}
        keyOf={keyOf}
        estimate={estimate}
        render={(r, measure) =>
          r.kind === 'title' ? (
            <li ref={measure} className="contact-group-title">
              <h3>
                {r.section.title}{' '}
                <span className="muted">({r.section.key === 'not-on-fl' ? r.section.contacts.length : `${r.section.online}/${r.section.contacts.length}`})</span>
              </h3>
            </li>
          ) : r.kind === 'empty' ? (
            <li ref={measure} className="muted small pad-left">
              Nobody in this group.
            </li>
          ) : (
            <ContactRow measure={measure} owner={owner.email} ownerDriven={!owner.signedIn} contact={r.contact} />
          )
        }
      />
    </Card>
  );
}
