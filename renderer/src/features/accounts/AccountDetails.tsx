// One account: who it is and where it is signed in, its presence (driven from here when no real
// client is signed in as it), its contact list, and its settings.
import type { AccountInfo } from '../../../../server/panel/contract';
import { useServer } from '../../state/server-store';
import { StatusIcon } from '../../components/StatusIcon';
import { STATUS_NAMES } from '../../status';
import { PresenceEditor } from './PresenceEditor';
import { ContactsCard } from './ContactsCard';
import { AccountSettings } from './AccountSettings';
import { PictureEditor } from './DisplayPicture';

export function AccountDetails({ account }: { account: AccountInfo }) {
  const session = useServer((s) => s.sessions.find((x) => x.account === account.email));
  return (
    <div className="account-details">
      <section className="card account-hero" aria-label="Account">
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
