// The selected line in full: where it came from and its payload, XML indented.
import type { TrafficRecord } from '../../../../server/tap/tap';
import { CopyButton } from '../../components/CopyButton';
import { formatPayload } from './pretty-xml';
import { formatTime } from './export-log';
import { formatBytes } from './TrafficRow';

const DIRECTION = { in: 'Client → server', out: 'Server → client', note: 'Server note' } as const;

export function TrafficDetail({ record: r, onClose }: { record: TrafficRecord; onClose: () => void }) {
  const payload = r.payload !== undefined ? formatPayload(r.payload) : undefined;
  return (
    <aside className="traffic-detail" aria-label="Line details">
      <header>
        <span className={`dir-label ${r.direction}`}>{DIRECTION[r.direction]}</span>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="detail-facts">
        <dt>Time</dt>
        <dd>
          {new Date(r.time).toLocaleDateString()} {formatTime(r.time)}
        </dd>
        <dt>Connection</dt>
        <dd>
          {r.service} · {r.conn}
          {r.remote ? ` · ${r.remote}` : ''}
        </dd>
        {r.account && (
          <>
            <dt>Account</dt>
            <dd>{r.account}</dd>
          </>
        )}
        <dt>Command</dt>
        <dd>
          <code>{r.command}</code>
        </dd>
      </dl>
      <div className="detail-section">
        <div className="detail-title">
          Line <CopyButton text={r.line} />
        </div>
        <pre className="detail-line">{r.line}</pre>
      </div>
      {payload && (
        <div className="detail-section grow">
          <div className="detail-title">
            Payload{r.payloadBytes !== undefined ? ` · ${formatBytes(r.payloadBytes)}` : ''}
            {payload.xml && <span className="pill">XML</span>}
            <CopyButton text={r.payload!} />
          </div>
          <pre className="detail-payload" data-testid="payload">
            {payload.head !== undefined && <span className="payload-head">{`${payload.head}\n\n`}</span>}
            {payload.body}
          </pre>
        </div>
      )}
    </aside>
  );
}
