// One traffic line: time, service, connection, direction, the line itself and its payload size.
import { memo } from 'react';
import type { TrafficRecord } from '../../../../server/tap/tap';
import { formatTime } from './export-log';

const ARROW = { in: '→', out: '←', note: '•' } as const;
const DIRECTION = { in: 'client to server', out: 'server to client', note: 'server note' } as const;

export const TrafficRow = memo(function TrafficRow(props: { record: TrafficRecord; top: number; selected: boolean; onSelect: (seq: number) => void }) {
  const { record: r, top, selected, onSelect } = props;
  return (
    <div
      role="listitem"
      className={`traffic-row ${r.direction}${selected ? ' selected' : ''}`}
      style={{ top }}
      data-seq={r.seq}
      onClick={() => onSelect(r.seq)}
      title={`${DIRECTION[r.direction]}${r.account ? ` · ${r.account}` : ''}`}
    >
      <span className="t-time">{formatTime(r.time)}</span>
      <span className={`t-service ${r.service}`}>{r.service}</span>
      <span className="t-conn">{r.conn}</span>
      <span className="t-dir" aria-label={DIRECTION[r.direction]}>
        {ARROW[r.direction]}
      </span>
      <span className="t-line">{r.line}</span>
      <span className="t-size">{r.payload !== undefined ? `▸ ${formatBytes(r.payloadBytes ?? r.payload.length)}` : ''}</span>
    </div>
  );
});

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`;
}
