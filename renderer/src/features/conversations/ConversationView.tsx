// One conversation as Messenger showed it ("Name says:" and the text), and a box to answer as
// the panel-driven contact (as which one, when two are in it). Enter sends; Shift+Enter breaks.
import { useEffect, useRef, useState } from 'react';
import type { ConversationInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';
import { StatusIcon } from '../../components/StatusIcon';
import { formatTime } from '../traffic/export-log';

export function ConversationView({ conversation: c }: { conversation: ConversationInfo }) {
  const accounts = useServer((s) => s.accounts);
  const driven = c.participants.filter((p) => p.panelDriven && p.present);
  const [from, setFrom] = useState(driven[0]?.email);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const transcript = useRef<HTMLDivElement>(null);
  const name = (email: string) => c.participants.find((p) => p.email === email)?.displayName ?? email;
  const status = (email: string) => accounts.find((a) => a.email === email)?.status ?? 'FLN';

  useEffect(() => {
    const el = transcript.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [c.messages.length]);

  const send = async () => {
    if (!text.trim()) return;
    setError(undefined);
    try {
      await panel().call('sendAsContact', { conversationId: c.id, text, from: from ?? driven[0]?.email });
      setText('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="card conversation" aria-label="Conversation">
      <header className="conversation-header">
        {c.participants.map((p) => (
          <span key={p.email} className={`participant${p.present ? '' : ' left'}`} title={p.present ? p.email : `${p.email} left`}>
            <StatusIcon status={p.present ? status(p.email) : 'FLN'} size={16} />
            {p.displayName}
            {p.panelDriven && <span className="pill">panel</span>}
          </span>
        ))}
      </header>
      <div className="transcript" ref={transcript} role="log" aria-label="Messages">
        {c.messages.length === 0 && <p className="muted pad">Nothing said yet.</p>}
        {c.messages.map((m, i) => (
          <div key={i} className={`message ${c.participants.find((p) => p.email === m.from)?.panelDriven ? 'mine' : 'theirs'}`}>
            {m.kind === 'text' ? (
              <>
                <div className="says">
                  {name(m.from)} says: <time className="muted small">{formatTime(m.time).slice(0, 5)}</time>
                </div>
                <div className="text">{m.text}</div>
              </>
            ) : (
              <div className="event">
                {name(m.from)} {m.kind === 'nudge' ? 'sent a nudge.' : 'sent a wink.'}
              </div>
            )}
          </div>
        ))}
      </div>
      {c.active && driven.length > 0 ? (
        <form
          className="reply"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          {driven.length > 1 && (
            <select aria-label="Answer as" value={from} onChange={(e) => setFrom(e.target.value)}>
              {driven.map((p) => (
                <option key={p.email} value={p.email}>
                  {p.displayName}
                </option>
              ))}
            </select>
          )}
          <textarea
            aria-label={`Message as ${name(from ?? driven[0]!.email)}`}
            placeholder={`Answer as ${name(from ?? driven[0]!.email)}`}
            value={text}
            rows={2}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                void send();
              }
            }}
          />
          <button type="submit" className="primary" disabled={!text.trim()}>
            Send
          </button>
          {error && <p className="field-error full">{error}</p>}
        </form>
      ) : (
        <p className="muted small pad">{c.active ? 'No panel-driven contact is in this conversation any more.' : 'This conversation has ended.'}</p>
      )}
    </section>
  );
}
