// Adding a contact: any other account, one way or both (mutual: each on the other's FL/AL/RL).
import { useState } from 'react';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';

const MAX_SUGGESTIONS = 30;

export function AddContactForm({ owner, existing }: { owner: string; existing: string[] }) {
  const accounts = useServer((s) => s.accounts);
  const [email, setEmail] = useState('');
  const [mutual, setMutual] = useState(true);
  const [error, setError] = useState<string>();
  // Suggestions for what is typed, a few at a time: with 10,000 accounts a full list would be 10,000 options.
  const typed = email.trim().toLowerCase();
  const taken = new Set(existing);
  const candidates: typeof accounts = [];
  for (const a of accounts) {
    if (candidates.length >= MAX_SUGGESTIONS) break;
    if (a.email === owner || taken.has(a.email)) continue;
    if (typed && !a.email.includes(typed) && !a.displayName.toLowerCase().includes(typed)) continue;
    candidates.push(a);
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await panel().call('addContact', { owner, email: email.trim(), mutual });
      setEmail('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const listId = `candidates-${owner}`;
  return (
    <form className="add-contact" onSubmit={submit} aria-label="Add a contact">
      <input
        list={listId}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        placeholder="Add a contact: their sign-in address"
        aria-label="Contact's sign-in address"
        required
      />
      <datalist id={listId}>
        {candidates.map((a) => (
          <option key={a.email} value={a.email}>
            {a.displayName}
          </option>
        ))}
      </datalist>
      <label className="check" title="Both accounts get each other on their contact lists">
        <input type="checkbox" checked={mutual} onChange={(e) => setMutual(e.target.checked)} />
        Both ways
      </label>
      <button type="submit" className="primary">
        Add contact
      </button>
      {error && <p className="field-error full">{error}</p>}
    </form>
  );
}
