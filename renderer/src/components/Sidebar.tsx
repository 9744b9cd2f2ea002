// The navigation: Butterfly's name and state at the top, then the pages.
import { navigate, useRoute, type Page } from '../state/route';
import { useServer } from '../state/server-store';
import { NavIcon } from './NavIcons';
import { useUnread } from '../state/unread-store';
import icon from '../../../assets/icon.svg';

const ITEMS: { page: Page; label: string }[] = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'accounts', label: 'Accounts' },
  { page: 'conversations', label: 'Conversations' },
  { page: 'traffic', label: 'Live traffic' },
  { page: 'certificates', label: 'Certificates' },
  { page: 'setup', label: 'Client setup' },
];

export function Sidebar() {
  const page = useRoute((r) => r.page);
  const connection = useServer((s) => s.connection);
  const sessions = useServer((s) => s.sessions.filter((x) => x.account).length);
  const accounts = useServer((s) => s.accounts.length);
  const unread = useUnread((s) => s.count);
  const badge: Partial<Record<Page, number>> = { dashboard: sessions, accounts, conversations: unread };
  const state =
    connection.state === 'connected'
      ? { cls: 'ok', text: 'Server running' }
      : connection.state === 'connecting'
        ? { cls: 'wait', text: 'Connecting…' }
        : { cls: 'bad', text: connection.state === 'lost' ? 'Server unreachable' : 'Access refused' };
  return (
    <nav className="sidebar" aria-label="Pages">
      <div className="brand">
        <img src={icon} alt="" width={40} height={40} />
        <div>
          <div className="brand-name">Butterfly</div>
          <div className={`server-state ${state.cls}`} title={state.text}>
            <span className="dot" aria-hidden />
            {state.text}
          </div>
        </div>
      </div>
      <ul>
        {ITEMS.map(({ page: p, label }) => {
          const Icon = NavIcon[p];
          return (
            <li key={p}>
              <a
                href={`#/${p}`}
                className={p === page ? 'active' : undefined}
                aria-current={p === page ? 'page' : undefined}
                title={label}
                onClick={(e) => {
                  e.preventDefault();
                  navigate({ page: p });
                }}
              >
                <Icon />
                <span className="nav-label">{label}</span>
                {badge[p] ? (
                  <span className={`count${p === 'conversations' ? ' unread' : ''}`} aria-label={p === 'conversations' ? `${badge[p]} unread` : undefined}>
                    {badge[p]}
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
      <div className="sidebar-foot">Messenger servers for your home network</div>
    </nav>
  );
}
