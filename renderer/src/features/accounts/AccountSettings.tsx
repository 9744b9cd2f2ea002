// Password and deletion of an account.
import { useState } from 'react';
import type { AccountInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { navigate } from '../../state/route';
import { Card } from '../../components/Card';
import { ConfirmButton } from '../../components/ConfirmButton';
import { OldMessengersChoice } from './OldMessengersChoice';

export function AccountSettings({ account }: { account: AccountInfo }) {
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const changePassword = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await panel().call('updateAccount', { email: account.email, password });
      setPassword('');
      setMessage({ ok: true, text: 'Password changed. It is needed from the next sign-in.' });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  const remove = async () => {
    try {
      await panel().call('deleteAccount', { email: account.email });
      navigate({ page: 'accounts' });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <Card title="Account" label="Account settings">
      <form className="inline-form" onSubmit={changePassword} aria-label="Change password">
        <label className="field grow">
          <span className="field-label">New password</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
        </label>
        <button type="submit">Change password</button>
      </form>
      {message && <p className={message.ok ? 'field-ok' : 'field-error'}>{message.text}</p>}
      <OldMessengersChoice key={account.email} account={account} />
      <div className="danger-zone">
        <div>
          <div className="strong">Delete this account</div>
          <div className="muted small">
            {account.signedIn ? 'Its client is signed out. ' : ''}It disappears from every contact list; this cannot be undone.
          </div>
        </div>
        <ConfirmButton label="Delete account" confirm={`Really delete ${account.email}?`} onConfirm={() => void remove()} />
      </div>
    </Card>
  );
}
