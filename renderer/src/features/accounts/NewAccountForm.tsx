// Creating an account: address, friendly name, password. Errors (exists, invalid) say what to fix.
import { useState } from 'react';
import { panel } from '../../api/current';
import { navigate } from '../../state/route';
import { upsertAccount } from '../../state/live';
import { Card } from '../../components/Card';

export function NewAccountForm() {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await panel().call('createAccount', { email, password, displayName: displayName || undefined });
      upsertAccount(created);
      navigate({ page: 'accounts', param: created.email });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="New account">
      <form className="form" onSubmit={submit} aria-label="New account">
        <label className="field">
          <span className="field-label">Sign-in address</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@home.lan" required autoFocus />
          <span className="field-help">Any address-like name works; it does not need a real mailbox.</span>
        </label>
        <label className="field">
          <span className="field-label">Friendly name</span>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder="What contacts see (optional)" />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
          <span className="field-help">Typed into Messenger when signing in. Stored only as a hash.</span>
        </label>
        {error && <p className="field-error" role="alert">{error}</p>}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create account'}
          </button>
          <button type="button" onClick={() => navigate({ page: 'accounts' })}>
            Cancel
          </button>
        </div>
      </form>
    </Card>
  );
}
