// The selected line in full: what it means (from the protocol dictionary), where it came from, and
// its payload, XML indented. An HTTP exchange shows its request and its answer. "Follow this
// connection" narrows the view to the line's connection; Escape closes the pane.
import { useEffect } from 'react';
import type { TrafficRecord } from '../../../../server/tap/tap';
import { CopyButton } from '../../components/CopyButton';
import { formatPayload } from './pretty-xml';
import { formatTime } from './export-log';
import { formatBytes, formatDuration } from './TrafficRow';
import { exchangeDuration, type ViewRecord } from './traffic-buffer';
import { explain } from './explain';

const DIRECTION = { in: 'Client → server', out: 'Server → client', note: 'Server note' } as const;

export function TrafficDetail(props: { record: ViewRecord; following: boolean; onFollow: (conn: string | undefined) => void; onClose: () => void }) {
  const { record: r, following, onFollow, onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const meaning = explain(r);
  const took = exchangeDuration(r);
  return (
    <aside className="traffic-detail" aria-label="Line details">
      <header>
        <span className={`dir-label ${r.direction}`}>{r.response ? 'HTTP exchange' : DIRECTION[r.direction]}</span>
        <button type="button" className="icon-button" aria-label="Close details" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      {meaning && (
        <div className={`detail-meaning${meaning.error ? ' error' : ''}`} data-testid="meaning">
          <div className="strong">{meaning.title}</div>
          <div>{meaning.meaning}</div>
        </div>
      )}
      <dl className="detail-facts">
        <dt>Time</dt>
        <dd>
          {new Date(r.time).toLocaleDateString()} {formatTime(r.time)}
          {took !== undefined && ` · answered in ${formatDuration(took)}`}
        </dd>
        <dt>Connection</dt>
        <dd>
          {r.service} · {r.conn}
          {r.remote ? ` · ${r.remote}` : ''}{' '}
          <button type="button" className="link-button" onClick={() => onFollow(following ? undefined : r.conn)}>
            {following ? 'Show every connection' : 'Follow this connection'}
          </button>
        </dd>
        {(r.account ?? r.response?.account) && (
          <>
            <dt>Account</dt>
            <dd>{r.account ?? r.response?.account}</dd>
          </>
        )}
        <dt>Command</dt>
        <dd>
          <code>{r.command}</code>
          {r.response && (
            <>
              {' → '}
              <code>{r.response.command}</code>
            </>
          )}
        </dd>
      </dl>
      <RecordBody title={r.response ? 'Request' : 'Line'} record={r} />
      {r.response && <RecordBody title="Answer" record={r.response} />}
    </aside>
  );
}

function RecordBody({ title, record: r }: { title: string; record: TrafficRecord }) {
  const payload = r.payload !== undefined ? formatPayload(r.payload) : undefined;
  return (
    <>
      <div className="detail-section">
        <div className="detail-title">
          {title} <CopyButton text={r.line} />
        </div>
        <pre className="detail-line">{r.line}</pre>
      </div>
      {payload && (
        <div className="detail-section grow">
          <div className="detail-title">
            {title === 'Answer' ? 'Answer payload' : 'Payload'}
            {r.payloadBytes !== undefined ? ` · ${formatBytes(r.payloadBytes)}` : ''}
            {payload.xml && <span className="pill">XML</span>}
            <CopyButton text={r.payload!} />
          </div>
          <pre className="detail-payload" data-testid={title === 'Answer' ? 'answer-payload' : 'payload'}>
            {payload.head !== undefined && <span className="payload-head">{`${payload.head}\n\n`}</span>}
            {payload.body}
          </pre>
        </div>
      )}
    </>
  );
}
