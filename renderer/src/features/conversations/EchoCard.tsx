// Echo mode per panel-driven contact: it says back whatever it is told, so one person can try a
// client out alone.
import { useState } from 'react';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';
import { useConversations } from '../../state/conversations-store';
import { navigate } from '../../state/route';
import { Card } from '../../components/Card';
import { StatusIcon } from '../../components/StatusIcon';

export function EchoCard() {
  const accounts = useServer((s) => s.accounts);
  const echo = useConversations((s) => s.echo);
  const [error, setError] = useState<string>();
  const driven = accounts.filter((a) => !a.signedIn);
  const toggle = async (email: string, on: boolean) => {
    setError(undefined);
    try {
      await panel().call('setEchoMode', { email, on });
      useConversations.setState({ echo: on ? [...echo, email] : echo.filter((e) => e !== email) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Card title={`Contacts this panel speaks for (${driven.length})`} label="Contacts this panel speaks for">
      <p className="muted small">With echo on, a contact answers every message with the same text, so you can try a client on your own.</p>
      {error && <p className="field-error">{error}</p>}
      {driven.length === 0 ? (
        <p className="muted">Every account is signed in from a real client. Create one on the Accounts page to have someone to talk to.</p>
      ) : (
        <ul className="mini-contacts">
          {driven.map((a) => (
            <li key={a.email}>
              <button type="button" className="link account-cell" onClick={() => navigate({ page: 'accounts', param: a.email })}>
                <StatusIcon status={a.status} />
                <span className="strong">{a.displayName}</span>
              </button>
              <label className="check small">
                <input type="checkbox" checked={echo.includes(a.email)} onChange={(e) => void toggle(a.email, e.target.checked)} />
                Echo
              </label>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
