// One traffic line: time, service, connection, direction, the line itself (for HTTP: the request
// with its status), how long an HTTP exchange took, and the payload size. Errors are coloured and
// every line's tooltip says what it means.
import { memo } from 'react';
import type { TrafficRecord } from '../../../../server/tap/tap';
import { formatTime } from './export-log';
import { exchangeDuration, type ViewRecord } from './traffic-buffer';
import { explain } from './explain';

export const ARROW = { in: '→', out: '←', note: '•' } as const;
export const DIRECTION = { in: 'client to server', out: 'server to client', note: 'server note' } as const;

/** The column titles, in the rows' order (TrafficList draws them above the rows). */
export const COLUMNS = [
  ['Time', 't-time'],
  ['Service', 't-service-head'],
  ['Connection', 't-conn'],
  ['', 't-dir'],
  ['Line', 't-line'],
  ['Status', 't-status'],
  ['Took', 't-took'],
  ['Size', 't-size'],
] as const;

export const TrafficRow = memo(function TrafficRow(props: {
  record: ViewRecord;
  response?: TrafficRecord;
  top: number;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  const { record: r, top, selected, onSelect } = props;
  const meaning = explain(r);
  const status = r.response ? r.response.command : r.service === 'HTTP' && r.direction === 'in' ? '…' : r.service === 'HTTP' && r.direction === 'out' ? r.command : '';
  const took = exchangeDuration(r);
  const bytes = (r.payloadBytes ?? r.payload?.length ?? 0) + (r.response ? (r.response.payloadBytes ?? r.response.payload?.length ?? 0) : 0);
  return (
    <div
      role="listitem"
      className={`traffic-row ${r.direction}${meaning?.error ? ' error' : ''}${selected ? ' selected' : ''}`}
      style={{ top }}
      data-seq={r.seq}
      onClick={() => onSelect(r.seq)}
      title={`${DIRECTION[r.direction]}${r.account ? ` · ${r.account}` : ''}${meaning ? `\n${meaning.title}: ${meaning.meaning}` : ''}`}
    >
      <span className="t-time">{formatTime(r.time)}</span>
      <span className={`t-service ${r.service}`}>{r.service}</span>
      <span className="t-conn">{r.conn}</span>
      <span className="t-dir" aria-label={DIRECTION[r.direction]}>
        {r.response ? '⇄' : ARROW[r.direction]}
      </span>
      <span className="t-line">{r.line}</span>
      <span className="t-status">{status}</span>
      <span className="t-took">{took === undefined ? '' : formatDuration(took)}</span>
      <span className="t-size">{bytes > 0 ? formatBytes(bytes) : ''}</span>
    </div>
  );
});

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
