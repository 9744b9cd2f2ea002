// Status, friendly name and personal message of an account no real client is signed in as.
// Each change reaches every contact watching it at once (NLN/UBX/FLN in their own dialect).
import { useState } from 'react';
import type { AccountInfo } from '../../../../server/panel/contract';
import type { Status } from '../../../../server/core/model';
import { panel } from '../../api/current';
import { Card } from '../../components/Card';
import { StatusPicker } from '../../components/StatusPicker';
import { TextCommit } from '../../components/TextCommit';

export function setPresence(email: string, change: { status?: Status; psm?: string; displayName?: string }) {
  return panel().call('setPresence', { email, ...change });
}

export function PresenceEditor({ account }: { account: AccountInfo }) {
  const [error, setError] = useState<string>();
  const locked = account.signedIn;
  return (
    <Card title="Presence" label="Presence">
      {locked && (
        <p className="hint">A Messenger client is signed in as this account, so its status, name and message are set in that client. They show here as they change.</p>
      )}
      <div className="presence-grid">
        <div className="field">
          <span className="field-label">Status</span>
          <StatusPicker
            label="Status"
            value={account.status}
            disabled={locked}
            onChange={(status) => {
              setError(undefined);
              setPresence(account.email, { status }).catch((e: Error) => setError(e.message));
            }}
          />
        </div>
        <TextCommit label="Friendly name" value={account.displayName} disabled={locked} onCommit={(displayName) => setPresence(account.email, { displayName })} />
        <TextCommit
          label="Personal message"
          value={account.psm}
          placeholder="Share a quick message"
          disabled={locked}
          onCommit={(psm) => setPresence(account.email, { psm })}
        />
      </div>
      {error && <p className="field-error">{error}</p>}
    </Card>
  );
}
