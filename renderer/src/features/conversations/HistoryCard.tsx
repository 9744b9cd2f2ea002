// Past conversations, kept across restarts: search them, read one, save it as a text file, and
// choose how long they are kept.
import { useEffect, useState } from 'react';
import type { HistoryConversation, HistorySummary } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { useConversations } from '../../state/conversations-store';
import { Card } from '../../components/Card';
import { RelativeTime } from '../../components/RelativeTime';

const RETENTION_CHOICES = [0, 7, 30, 90, 365];

export function HistoryCard() {
  const [query, setQuery] = useState('');
  const [list, setList] = useState<HistorySummary[]>();
  const [open, setOpen] = useState<HistoryConversation>();
  const [days, setDays] = useState<number>();
  const [error, setError] = useState<string>();
  // A live conversation changed: what is kept may have changed too.
  const liveChanges = useConversations((s) => s.list);
  const offlineTick = useConversations((s) => s.offlineTick);

  useEffect(() => {
    let stale = false;
    const t = setTimeout(() => {
      panel()
        .call('listHistory', query.trim() ? { query: query.trim() } : {})
        .then((l) => !stale && setList(l))
        .catch((e: Error) => !stale && setError(e.message));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [query, liveChanges, offlineTick]);

  useEffect(() => {
    panel().call('getHistoryRetention', {}).then((r) => setDays(r.days)).catch((e: Error) => setError(e.message));
  }, []);

  const show = async (id: string) => {
    setError(undefined);
    try {
      setOpen(await panel().call('getHistory', { id }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const exportText = async (id: string) => {
    setError(undefined);
    try {
      const { fileName, text } = await panel().call('exportHistory', { id });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const changeRetention = async (value: number) => {
    setError(undefined);
    try {
      setDays((await panel().call('setHistoryRetention', { days: value })).days);
      setOpen(undefined);
      setList(await panel().call('listHistory', query.trim() ? { query: query.trim() } : {}));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Card
      title="Past conversations"
      label="Past conversations"
      actions={
        <label className="small">
          Keep for{' '}
          <select aria-label="Keep conversations for" value={days ?? ''} onChange={(e) => void changeRetention(Number(e.target.value))}>
            {RETENTION_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d === 0 ? 'off (keep nothing)' : `${d} days`}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <p className="muted small">
        Every conversation on this server — between clients, with contacts this panel speaks for, and offline messages — is kept here
        {days === 0 ? ' when keeping is switched on.' : ` for ${days ?? '…'} days, also after a restart.`}
      </p>
      {error && <p className="field-error">{error}</p>}
      <input
        type="search"
        aria-label="Search past conversations"
        placeholder="Search words, names or addresses"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {list === undefined ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 ? (
        <p className="muted">{query.trim() ? `Nothing kept mentions “${query.trim()}”.` : 'Nothing kept yet.'}</p>
      ) : (
        <ul className="history-list" aria-label="Past conversation list">
          {list.map((c) => (
            <li key={c.id}>
              <button type="button" className={`conversation-item${open?.id === c.id ? ' selected' : ''}`} onClick={() => void show(c.id)}>
                <span className="conversation-top">
                  <span className="strong">{c.participants.map((p) => p.displayName || p.email).join(', ')}</span>
                  <span className="pill">{c.kind === 'offline' ? 'Offline message' : `${c.messageCount} message${c.messageCount === 1 ? '' : 's'}`}</span>
                </span>
                <span className="conversation-preview muted small">{c.preview || 'A nudge or a wink'}</span>
                <span className="muted small">
                  <RelativeTime ms={c.endedAt ?? c.startedAt} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <section aria-label="Past conversation" className="history-open">
          <div className="conversation-top">
            <span className="strong">{open.participants.map((p) => p.displayName || p.email).join(', ')}</span>
            <button type="button" onClick={() => void exportText(open.id)}>
              Export as text
            </button>
          </div>
          <ol className="messages" aria-label="Past messages">
            {open.messages.map((m, i) => (
              <li key={i}>
                <span className="muted small">{new Date(m.time).toLocaleString()} </span>
                <span className="strong">{m.from}</span>
                {m.kind === 'offline' ? <span className="muted small"> (offline message)</span> : null}:{' '}
                {m.kind === 'nudge' ? 'Nudge!' : m.kind === 'wink' ? 'A wink' : m.text}
              </li>
            ))}
          </ol>
        </section>
      )}
    </Card>
  );
}
