// Starting a conversation as a panel-driven contact: the signed-in client is rung and, once it
// answers, gets the first message. Then the Conversations page shows it.
import { useState } from 'react';
import { panel } from '../../api/current';
import { navigate } from '../../state/route';

export function StartChatForm({ from, to, onDone }: { from: string; to: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await panel().call('startConversation', { from, to, text });
      onDone();
      navigate({ page: 'conversations' });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="start-chat" onSubmit={submit} aria-label={`Start a conversation with ${to}`}>
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder={`First message to ${to}`} aria-label="First message" required autoFocus />
      <button type="submit" className="primary small" disabled={busy}>
        {busy ? 'Ringing…' : 'Send'}
      </button>
      <button type="button" className="small" onClick={onDone}>
        Cancel
      </button>
      {error && <p className="field-error full">{error}</p>}
    </form>
  );
}
