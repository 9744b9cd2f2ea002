// Leave an offline message as any account: the recipient's client gets it when it next signs in
// (MSN 5-7.5 as a conversation, newer ones in their offline-message list), or at once if signed in.
import { useState } from 'react';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';
import { Card } from '../../components/Card';

export function OfflineMessageCard() {
  const accounts = useServer((s) => s.accounts);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const send = async () => {
    setResult(undefined);
    try {
      const r = await panel().call('leaveOfflineMessage', { from, to, text });
      setResult({ ok: true, text: `Left for ${r.to}.` });
      setText('');
    } catch (e) {
      setResult({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <Card title="Leave an offline message" label="Leave an offline message">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label>
          From{' '}
          <select aria-label="Offline message from" value={from} onChange={(e) => setFrom(e.target.value)} required>
            <option value="">choose an account</option>
            {accounts.map((a) => (
              <option key={a.email} value={a.email}>
                {a.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          To{' '}
          <select aria-label="Offline message to" value={to} onChange={(e) => setTo(e.target.value)} required>
            <option value="">choose an account</option>
            {accounts.filter((a) => a.email !== from).map((a) => (
              <option key={a.email} value={a.email}>
                {a.email}
              </option>
            ))}
          </select>
        </label>
        <input aria-label="Offline message text" value={text} onChange={(e) => setText(e.target.value)} placeholder="Message" required maxLength={4000} />
        <button type="submit" disabled={!from || !to || !text.trim()}>
          Leave message
        </button>
      </form>
      {result && <p className={result.ok ? 'muted small' : 'field-error'}>{result.text}</p>}
    </Card>
  );
}
