// Accounts: the list on the left; on the right the open account (presence, contacts, settings)
// or the form for a new one. The open account is part of the address: #/accounts/<email>.
import { useEffect } from 'react';
import { useServer } from '../../state/server-store';
import { navigate, useRoute } from '../../state/route';
import { openList } from '../../state/live';
import { PageHeader, EmptyState } from '../../components/Card';
import { AccountList } from './AccountList';
import { AccountDetails } from './AccountDetails';
import { NewAccountForm } from './NewAccountForm';

export const NEW = 'new';

// The contact list is asked for the moment the address names an account, before the page is drawn
// (drawing a big page first would delay the request by as long as the drawing takes).
useRoute.subscribe((r) => {
  if (r.page === 'accounts' && r.param && r.param !== NEW) openList(r.param);
});

export function AccountsPage({ selected }: { selected?: string }) {
  const accounts = useServer((s) => s.accounts);
  const loaded = useServer((s) => s.accountsLoaded);
  const account = accounts.find((a) => a.email === selected);
  const showing = account?.email;

  useEffect(() => openList(showing), [showing]);
  // The open account was deleted (here or in another window): back to the list.
  useEffect(() => {
    if (loaded && selected && selected !== NEW && !account) navigate({ page: 'accounts' });
  }, [loaded, selected, account]);

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="Everyone who can sign in to this server. Accounts no real client is signed in as are driven from here: their status, name and message change live for everyone watching."
        actions={
          <button type="button" className="primary" onClick={() => navigate({ page: 'accounts', param: NEW })}>
            New account
          </button>
        }
      />
      <div className="accounts-layout">
        <AccountList selected={selected} />
        <div className="accounts-detail">
          {selected === NEW ? (
            <NewAccountForm key={NEW} />
          ) : account ? (
            // Keyed by the account: what a form said about one account ("Password changed", an
            // add-contact error) is gone when another is opened.
            <AccountDetails key={account.email} account={account} />
          ) : (
            <div className="card">
              <EmptyState title={loaded && accounts.length === 0 ? 'No accounts yet' : 'Pick an account'}>
                {loaded && accounts.length === 0
                  ? 'Create the accounts people sign in with, and the contacts they will see. Start with "New account".'
                  : 'Choose an account on the left to see its contacts and change its status, name and personal message.'}
              </EmptyState>
            </div>
          )}
        </div>
      </div>
    </>
  );
}
