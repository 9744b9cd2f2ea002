// An account's contact list, grouped as the client shows it, with adding and removing contacts.
import type { AccountInfo } from '../../../../server/panel/contract';
import { useServer } from '../../state/server-store';
import { Card, EmptyState } from '../../components/Card';
import { groupContacts } from './group-contacts';
import { AddContactForm } from './AddContactForm';
import { ContactRow } from './ContactRow';

export function ContactsCard({ owner }: { owner: AccountInfo }) {
  const list = useServer((s) => (s.openList?.owner === owner.email ? s.openList : undefined));
  const contacts = list?.contacts ?? [];
  const sections = groupContacts(contacts, list?.groups ?? []);
  const onFl = contacts.filter((c) => c.lists.includes('FL')).length;
  return (
    <Card title={`Contacts (${onFl})`} label="Contacts">
      <AddContactForm owner={owner.email} existing={contacts.filter((c) => c.lists.includes('FL')).map((c) => c.email)} />
      {!list?.loaded ? (
        <p className="muted pad">Loading the contact list…</p>
      ) : contacts.length === 0 ? (
        <EmptyState title="No contacts yet">
          Add an account above. With “Both ways”, each sees the other, as after accepting an invitation in Messenger.
        </EmptyState>
      ) : (
        <div className="contact-list">
          {sections.map((s) => (
            <section key={s.key} className="contact-group" aria-label={s.title}>
              <h3>
                {s.title} <span className="muted">({s.key === 'not-on-fl' ? s.contacts.length : `${s.online}/${s.contacts.length}`})</span>
              </h3>
              {s.contacts.length === 0 ? (
                <p className="muted small pad-left">Nobody in this group.</p>
              ) : (
                <ul>
                  {s.contacts.map((c) => (
                    <ContactRow key={`${s.key}:${c.email}`} owner={owner.email} ownerDriven={!owner.signedIn} contact={c} />
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}
