// One account: who it is and where it is signed in, its presence (driven from here when no real
// client is signed in as it), its contact list, and its settings.
import { useMemo } from 'react';
import type { AccountInfo } from '../../../../server/panel/contract';
import { useServer } from '../../state/server-store';
import { StatusIcon } from '../../components/StatusIcon';
import { STATUS_NAMES } from '../../status';
import { PresenceEditor } from './PresenceEditor';
import { ContactsCard } from './ContactsCard';
import { AccountSettings } from './AccountSettings';
import { PlacesList } from './PlacesList';
import { PictureEditor } from './DisplayPicture';

export function AccountDetails({ account }: { account: AccountInfo }) {
  // Select the stored list itself (a new array from the selector would re-render forever).
  const all = useServer((s) => s.sessions);
  const sessions = useMemo(() => all.filter((x) => x.account === account.email), [all, account.email]);
  const session = sessions[0];
  return (
    <div className="account-details">
      <section className="card account-hero" aria-label="Account">
        {account.profilePicture && <img className="account-picture" src={account.profilePicture} alt="Display picture" width={48} height={48} />}
        <StatusIcon status={account.status} size={48} />
        <div className="hero-text">
          <h2>{account.displayName}</h2>
          <div className="muted">{account.email}</div>
          {account.psm && <div className="hero-psm">“{account.psm}”</div>}
        </div>
        <div className="hero-where">
          {account.signedIn ? (
            <>
              <span className="pill live">Signed in</span>
              <div className="muted small">
                {session?.client ?? 'a Messenger client'}
                {session?.dialect ? ` · ${session.dialect}` : ''}
                {session ? ` · ${session.remote}` : ''}
              </div>
              {sessions.some((x) => x.machineGuid) && <PlacesList sessions={sessions} />}
            </>
          ) : (
            <>
              <span className="pill">Driven from this panel</span>
              <div className="muted small">{STATUS_NAMES[account.status]} to its contacts</div>
            </>
          )}
        </div>
      </section>
      <PresenceEditor account={account} />
      <PictureEditor account={account} />
      <ContactsCard owner={account} />
      <AccountSettings account={account} />
    </div>
  );
}
