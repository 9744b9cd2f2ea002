// Every account as a Messenger contact list shows people: glyph, name, message. Windowed like the
// traffic view: with 10,000 accounts only the rows in view (and a margin) exist in the page.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useServer } from '../../state/server-store';
import { navigate } from '../../state/route';
import { openAccount } from '../../state/live';
import { StatusIcon } from '../../components/StatusIcon';
import { formatCount } from '../../components/format-count';
import { visibleRange } from '../traffic/virtual-window';

/** Every row is this tall (name, address, message on one line each), so the window is arithmetic. */
export const ACCOUNT_ROW = 64;
import { Avatar } from './DisplayPicture';

export function AccountList({ selected }: { selected?: string }) {
  const accounts = useServer((s) => s.accounts);
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = useMemo(() => (q ? accounts.filter((a) => a.email.includes(q) || a.displayName.toLowerCase().includes(q)) : accounts), [accounts, q]);
  const ref = useRef<HTMLUListElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  useLayoutEffect(() => {
    const el = ref.current!;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);
  // A new search starts at the top.
  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setScrollTop(0);
  }, [q]);
  const { start, end } = visibleRange(scrollTop, viewport, ACCOUNT_ROW, shown.length, 6);
  return (
    <aside className="card account-list" aria-label="Accounts">
      <div className="account-search">
        <input
          type="search"
          placeholder={`Search ${formatCount(accounts.length)} accounts`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search accounts"
        />
      </div>
      <ul ref={ref} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="account-rows">
        {start > 0 && <li className="spacer" aria-hidden style={{ height: start * ACCOUNT_ROW }} />}
        {shown.slice(start, end).map((a) => (
          <li key={a.email}>
            <button
              type="button"
              className={`account-item${a.email === selected ? ' selected' : ''}`}
              aria-current={a.email === selected ? 'true' : undefined}
              onClick={() => void openAccount(a.email, () => navigate({ page: 'accounts', param: a.email }))}
            >
              <StatusIcon status={a.status} size={20} />
              <Avatar email={a.email} picture={a.picture} />
              <span className="account-text">
                <span className="account-name">{a.displayName}</span>
                <span className="account-email">{a.email}</span>
                <span className="account-psm">{a.psm}</span>
              </span>
              {a.signedIn && <span className="pill live" title="A Messenger client is signed in as this account">Signed in</span>}
            </button>
          </li>
        ))}
        {end < shown.length && <li className="spacer" aria-hidden style={{ height: (shown.length - end) * ACCOUNT_ROW }} />}
        {shown.length === 0 && accounts.length > 0 && <li className="muted pad">No account matches “{query}”.</li>}
      </ul>
    </aside>
  );
}
