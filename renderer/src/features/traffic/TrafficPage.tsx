// Live traffic: every line of every connection as it happens, filterable, with the selected
// line's payload beside the list.
import { selectRecord, setTrafficFilter, trafficBuffer, useTraffic } from '../../state/traffic-store';
import { PageHeader, EmptyState } from '../../components/Card';
import { isFiltering } from './filter';
import { TrafficToolbar } from './TrafficToolbar';
import { TrafficList } from './TrafficList';
import { TrafficDetail } from './TrafficDetail';
import { formatCount } from '../../components/format-count';

export function TrafficPage() {
  const { version, selectedSeq, filter, paused } = useTraffic();
  const shown = trafficBuffer.shown;
  const total = trafficBuffer.all.length;
  const selected = selectedSeq === undefined ? undefined : findBySeq(trafficBuffer.all, selectedSeq);
  return (
    <div className="traffic-page">
      <PageHeader
        title="Live traffic"
        subtitle={
          <span data-testid="traffic-count">
            {isFiltering(filter) ? `${formatCount(shown.length)} of ${lines(total)}` : lines(total)}
            {paused ? ' · paused' : ''}
          </span>
        }
      />
      <TrafficToolbar />
      <div className={`traffic-main${selected ? ' with-detail' : ''}`}>
        {shown.length === 0 ? (
          <div className="traffic-empty">
            <EmptyState title={total === 0 ? 'No traffic yet' : 'No line matches the filters'}>
              {total === 0 ? 'Lines appear here the moment a Messenger client connects.' : 'Change or clear the filters above to see more.'}
            </EmptyState>
          </div>
        ) : (
          <TrafficList records={shown} version={version} selectedSeq={selectedSeq} onSelect={selectRecord} />
        )}
        {selected && (
          <TrafficDetail record={selected} following={filter.conn === selected.conn} onFollow={(conn) => setTrafficFilter({ conn })} onClose={closeDetail} />
        )}
      </div>
    </div>
  );
}

const closeDetail = () => selectRecord(undefined);

function lines(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'line' : 'lines'}`;
}

/** Records are in seq order: binary search. */
function findBySeq<T extends { seq: number }>(list: readonly T[], seq: number): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!.seq;
    if (s === seq) return list[mid];
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
