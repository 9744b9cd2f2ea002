// Signed-in clients: account, client (from CVR), dialect, address, since; "Sign out" kicks (OUT).
import { useState } from 'react';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';
import { navigate } from '../../state/route';
import { Card, EmptyState } from '../../components/Card';
import { StatusIcon } from '../../components/StatusIcon';
import { RelativeTime } from '../../components/RelativeTime';

export function SessionsCard() {
  const sessions = useServer((s) => s.sessions);
  const accounts = useServer((s) => s.accounts);
  const [error, setError] = useState<string>();
  const kick = (id: string) => {
    setError(undefined);
    panel()
      .call('kickSession', { id })
      .catch((e: Error) => setError(e.message));
  };
  return (
    <Card title={`Signed-in clients (${sessions.filter((s) => s.account).length})`} label="Signed-in clients">
      {error && <p className="field-error">{error}</p>}
      {sessions.length === 0 ? (
        <EmptyState title="No client is connected">
          Sign in from Messenger with an account from the <a href="#/accounts">Accounts</a> page; it shows up here at once.
        </EmptyState>
      ) : (
        <div className="scroll-x">
        <table className="table sessions">
          <thead>
            <tr>
              <th>Account</th>
              <th>Client</th>
              <th>Protocol</th>
              <th>Address</th>
              <th>Since</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => {
              const account = accounts.find((a) => a.email === s.account);
              return (
                <tr key={s.id} data-session={s.id}>
                  <td>
                    {s.account ? (
                      <button type="button" className="link account-cell" onClick={() => navigate({ page: 'accounts', param: s.account })}>
                        <StatusIcon status={account?.status ?? 'FLN'} />
                        <span>
                          <span className="strong">{account?.displayName ?? s.account}</span>
                          <span className="muted small block">{s.account}</span>
                        </span>
                      </button>
                    ) : (
                      <span className="muted">Signing in…</span>
                    )}
                  </td>
                  <td>{s.client ?? <span className="muted">not yet known</span>}</td>
                  <td>{s.dialect ? <span className="pill">{s.dialect}</span> : <span className="muted">—</span>}</td>
                  <td>
                    <code>{s.remote}</code>
                  </td>
                  <td>
                    <RelativeTime ms={s.since} />
                  </td>
                  <td className="actions">
                    <button type="button" onClick={() => kick(s.id)} title="Sends OUT and closes the connection">
                      Sign out
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
</div>
      )}
    </Card>
  );
}
