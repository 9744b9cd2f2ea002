// Every account as a Messenger contact list shows people: glyph, name, message; signed-in first.
import { useState } from 'react';
import { useServer } from '../../state/server-store';
import { navigate } from '../../state/route';
import { StatusIcon } from '../../components/StatusIcon';
import { Avatar } from './DisplayPicture';

export function AccountList({ selected }: { selected?: string }) {
  const accounts = useServer((s) => s.accounts);
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = q ? accounts.filter((a) => a.email.includes(q) || a.displayName.toLowerCase().includes(q)) : accounts;
  return (
    <aside className="card account-list" aria-label="Accounts">
      <div className="account-search">
        <input type="search" placeholder={`Search ${accounts.length} accounts`} value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search accounts" />
      </div>
      <ul>
        {shown.map((a) => (
          <li key={a.email}>
            <button
              type="button"
              className={`account-item${a.email === selected ? ' selected' : ''}`}
              aria-current={a.email === selected ? 'true' : undefined}
              onClick={() => navigate({ page: 'accounts', param: a.email })}
            >
              <StatusIcon status={a.status} size={20} />
              <Avatar email={a.email} picture={a.picture} />
              <span className="account-text">
                <span className="account-name">{a.displayName}</span>
                <span className="account-email">{a.email}</span>
                {a.psm && <span className="account-psm">{a.psm}</span>}
              </span>
              {a.signedIn && <span className="pill live" title="A Messenger client is signed in as this account">Signed in</span>}
            </button>
          </li>
        ))}
        {shown.length === 0 && accounts.length > 0 && <li className="muted pad">No account matches “{query}”.</li>}
      </ul>
    </aside>
  );
}
