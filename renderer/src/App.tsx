// The control panel: server status, accounts with live status, signed-in clients, live traffic.
import { useEffect, useState } from 'react';
import type { PanelClient } from './panel-client';
import { usePanel } from './store';
import type { Status } from '../../server/core/model';

const STATUS_NAMES: Record<Status, string> = {
  NLN: 'Online', BSY: 'Busy', IDL: 'Idle', BRB: 'Be Right Back', AWY: 'Away',
  PHN: 'On the Phone', LUN: 'Out to Lunch', HDN: 'Appear Offline', FLN: 'Offline',
};

export function App({ client }: { client: PanelClient }) {
  const { connected, problem, status, accounts, sessions, traffic } = usePanel();
  return (
    <main>
      <header>
        <h1>Butterfly</h1>
        <span className={connected ? 'ok' : 'bad'}>{connected ? 'Server running' : problem ?? 'Connecting…'}</span>
      </header>
      {status && (
        <section>
          <h2>Server</h2>
          <p>Clients connect to <strong>{status.publicHost}</strong>. Addresses of this computer: {status.lanAddresses.join(', ') || 'none found'}.</p>
          <ul className="listeners">
            {status.listeners.map((l) => <li key={l.name}>{l.name.toUpperCase()} <code>{l.port}</code></li>)}
          </ul>
        </section>
      )}
      <section>
        <h2>Accounts</h2>
        <CreateAccount client={client} />
        <table>
          <thead><tr><th>Account</th><th>Name</th><th>Status</th><th>Personal message</th></tr></thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.email}>
                <td>{a.email}{a.signedIn ? ' (signed in)' : ''}</td>
                <td>{a.displayName}</td>
                <td><AccountStatus client={client} email={a.email} status={a.status} disabled={a.signedIn} /></td>
                <td>{a.psm}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>Signed-in clients</h2>
        {sessions.length === 0 ? <p>No client is connected.</p> : (
          <table>
            <thead><tr><th>Account</th><th>Client</th><th>Protocol</th><th>From</th><th></th></tr></thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.account ?? '(signing in)'}</td><td>{s.client ?? ''}</td><td>{s.dialect ?? ''}</td><td>{s.remote}</td>
                  <td><button onClick={() => void client.call('kickSession', { id: s.id })}>Sign out</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h2>Traffic</h2>
        <pre className="traffic">
          {traffic.slice(-300).map((r) => (
            <div key={r.seq} className={r.direction}>{`${r.service} ${r.conn} ${r.direction === 'in' ? '←' : r.direction === 'out' ? '→' : '·'} ${r.line}`}</div>
          ))}
        </pre>
      </section>
    </main>
  );
}

function AccountStatus({ client, email, status, disabled }: { client: PanelClient; email: string; status: Status; disabled: boolean }) {
  return (
    <select value={status} disabled={disabled} onChange={(e) => void client.call('setPresence', { email, status: e.target.value as Status })}>
      {(Object.keys(STATUS_NAMES) as Status[]).map((s) => <option key={s} value={s}>{STATUS_NAMES[s]}</option>)}
    </select>
  );
}

function CreateAccount({ client }: { client: PanelClient }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => setError(undefined), [email, password]);
  return (
    <form onSubmit={(e) => {
      e.preventDefault();
      client.call('createAccount', { email, password }).then(() => { setEmail(''); setPassword(''); }, (err: Error) => setError(err.message));
    }}>
      <input placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
      <input placeholder="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit">Create account</button>
      {error && <span className="bad">{error}</span>}
    </form>
  );
}
