// "Allow MSN Messenger 1.0–4.7": a per-account choice, off by default. Those clients (and Windows
// Messenger 4.x) prove the password with MD5, which only works if the server keeps the password
// itself, so turning it on asks for the password again and the text says plainly what that means.
import { useState } from 'react';
import type { AccountInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { loadAccounts } from '../../state/live';

export function OldMessengersChoice({ account }: { account: AccountInfo }) {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  // What the server last said, until the account list catches up.
  const [allowed, setAllowed] = useState(account.allowsOldMessengers);
  const save = async (allow: boolean, pw?: string) => {
    if (!allow) setAllowed(false);
    try {
      setAllowed((await panel().call('setOldMessengers', { email: account.email, allow, password: pw })).allowsOldMessengers);
      setAsking(false);
      setPassword('');
      setMessage({ ok: true, text: allow ? 'MSN Messenger 1.0–4.7 can sign in to this account now.' : 'Turned off; the kept password is deleted.' });
      void loadAccounts();
    } catch (err) {
      setAllowed(account.allowsOldMessengers);
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <div className="old-messengers" aria-label="MSN Messenger 1.0–4.7">
      <label className="check">
        <input
          type="checkbox"
          checked={allowed || asking}
          onChange={(e) => (e.target.checked ? setAsking(true) : asking ? setAsking(false) : void save(false))}
        />
        Allow MSN Messenger 1.0–4.7 (and Windows Messenger 4.x)
      </label>
      <p className="muted small">
        These old versions prove the password in a way that only works if Butterfly keeps the password itself, not
        just a scrambled check of it. With this on, Butterfly keeps it locked with a key stored in its data folder,
        apart from the database. Someone who copies both the database and that key file could read this password, so
        use one you don't use anywhere else. Off: newer Messengers still sign in, and nothing extra is kept.
      </p>
      {asking && (
        <form
          className="inline-form"
          aria-label="Confirm the password"
          onSubmit={(e) => {
            e.preventDefault();
            void save(true, password);
          }}
        >
          <label className="field grow">
            <span className="field-label">This account's password</span>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          </label>
          <button type="submit">Turn on</button>
        </form>
      )}
      {message && <p className={message.ok ? 'field-ok' : 'field-error'}>{message.text}</p>}
    </div>
  );
}
