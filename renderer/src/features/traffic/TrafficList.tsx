// The traffic lines, virtualised: only the rows in view exist in the page. Follows the newest
// line while scrolled to the bottom; scrolling up stops that until "Newest" is pressed.
// Arrow keys move the selection.
import { useLayoutEffect, useRef, useState } from 'react';
import { atBottom, visibleRange } from './virtual-window';
import { COLUMNS, TrafficRow } from './TrafficRow';
import type { ViewRecord } from './traffic-buffer';

export const ROW_HEIGHT = 22;

export function TrafficList(props: { records: readonly ViewRecord[]; version: number; selectedSeq?: number; onSelect: (seq: number) => void }) {
  const { records, version, selectedSeq, onSelect } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const [following, setFollowing] = useState(true);
  const followRef = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current!;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // New lines (or a new size) while following: stay at the bottom.
  useLayoutEffect(() => {
    const el = ref.current!;
    if (followRef.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [version, records.length, viewport]);

  const onScroll = () => {
    const el = ref.current!;
    followRef.current = atBottom(el.scrollTop, el.clientHeight, el.scrollHeight, ROW_HEIGHT);
    setFollowing(followRef.current);
    setScrollTop(el.scrollTop);
  };

  const jumpToNewest = () => {
    followRef.current = true;
    setFollowing(true);
    const el = ref.current!;
    el.scrollTop = el.scrollHeight;
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = selectedSeq === undefined ? -1 : records.findIndex((r) => r.seq === selectedSeq);
    const next = Math.max(0, Math.min(records.length - 1, at < 0 ? records.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1)));
    const r = records[next];
    if (!r) return;
    onSelect(r.seq);
    const el = ref.current!;
    const top = next * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const { start, end } = visibleRange(scrollTop, viewport, ROW_HEIGHT, records.length);
  const rows = [];
  for (let i = start; i < end; i++) {
    const r = records[i]!;
    rows.push(<TrafficRow key={r.seq} record={r} response={r.response} top={i * ROW_HEIGHT} selected={r.seq === selectedSeq} onSelect={onSelect} />);
  }
  return (
    <div className="traffic-list-wrap">
      <div className="traffic-row traffic-head" role="presentation" aria-hidden>
        {COLUMNS.map(([title, cls]) => (
          <span key={cls} className={cls}>
            {title}
          </span>
        ))}
      </div>
      <div className="traffic-scroll" ref={ref} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown} role="list" aria-label="Traffic lines">
        <div className="traffic-canvas" style={{ height: records.length * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
      {!following && records.length > 0 && (
        <button type="button" className="jump-newest" onClick={jumpToNewest}>
          ↓ Newest
        </button>
      )}
    </div>
  );
}
