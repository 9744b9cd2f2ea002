// Where a WLM 2009 account is signed in at once (MPOP): one row per place, machine name and client,
// each with its own "Sign out" (the other places stay signed in).
import { useState } from 'react';
import type { SessionInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';

export function PlacesList({ sessions }: { sessions: SessionInfo[] }) {
  const [error, setError] = useState<string>();
  const signOut = (id: string) => {
    setError(undefined);
    panel()
      .call('kickSession', { id })
      .catch((e: Error) => setError(`${e.message} Refresh the page and try again.`));
  };
  return (
    <div className="places" aria-label="Signed in at">
      <div className="muted small">Signed in at {sessions.length} {sessions.length === 1 ? 'place' : 'places'}:</div>
      <ul className="places-list">
        {sessions.map((s) => (
          <li key={s.id} data-place={s.machineGuid ?? s.id}>
            <span className="strong">{s.machineName || 'a computer with no name yet'}</span>{' '}
            <span className="muted small">
              {s.client ?? 'Messenger'} · {s.remote}
            </span>{' '}
            <button type="button" className="link" onClick={() => signOut(s.id)}>
              Sign out
            </button>
          </li>
        ))}
      </ul>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
