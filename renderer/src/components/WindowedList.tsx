// A long list whose rows differ in height (a contact list: group titles, contact rows that wrap on
// a narrow window or open an editor) where only the rows in view exist in the page. It scrolls with
// the page, not in a box of its own: the window is computed from the page's scroll position. Rows
// start at an estimated height and are measured once drawn, so the spacers stay right.
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { offsetsOf, rowsInView } from './windowed-range';

export interface WindowedListProps<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  /** Height (px) to assume until the row has been drawn once. */
  estimate: (item: T) => number;
  /** `measure` goes on the row's root element (an <li>). */
  render: (item: T, measure: (el: HTMLElement | null) => void) => ReactNode;
  className?: string;
  /** Drawn beyond the visible part, above and below. */
  overscanPx?: number;
  'data-testid'?: string;
}

/** The nearest ancestor that scrolls (the page area), or the document. */
function scrollParent(el: HTMLElement): HTMLElement | undefined {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowY;
    if (o === 'auto' || o === 'scroll') return p;
  }
  return undefined;
}

export function WindowedList<T>({ items, keyOf, estimate, render, className, overscanPx = 600, ...rest }: WindowedListProps<T>) {
  const listRef = useRef<HTMLUListElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  // Until the layout effect knows where the list is, assume it starts at the bottom of the screen
  // (as on an account's page): the first render draws only the overscan, not a screenful more
  // that the layout effect would take out again before the first paint.
  const [view, setView] = useState({ top: 0, bottom: 0 });

  const keys = useMemo(() => items.map(keyOf), [items, keyOf]);
  const offsets = useMemo(
    () => offsetsOf(items.map((item, i) => heights.current.get(keys[i]!) ?? estimate(item))),
    // `measured` changes when a drawn row's height differs from what was assumed.
    [items, keys, estimate, measured],
  );

  // Which part of the list is on screen, from the page's scroll position.
  useLayoutEffect(() => {
    const list = listRef.current!;
    const scroller = scrollParent(list);
    const update = () => {
      const listTop = list.getBoundingClientRect().top;
      const viewTop = scroller ? scroller.getBoundingClientRect().top : 0;
      const viewHeight = scroller ? scroller.clientHeight : window.innerHeight;
      const top = viewTop - listTop;
      setView((v) => (v.top === top && v.bottom === top + viewHeight ? v : { top, bottom: top + viewHeight }));
    };
    update();
    const target: HTMLElement | Window = scroller ?? window;
    target.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    const ro = new ResizeObserver(update);
    ro.observe(list);
    return () => {
      target.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      ro.disconnect();
    };
  }, []);

  // Drawn rows report their real height; one re-layout per frame however many changed.
  const pending = useRef(false);
  const observer = useMemo(
    () =>
      new ResizeObserver((entries) => {
        let changed = false;
        for (const e of entries) {
          const key = (e.target as HTMLElement).dataset.wkey;
          const h = Math.round((e.target as HTMLElement).offsetHeight);
          if (key === undefined || h === 0 || heights.current.get(key) === h) continue;
          heights.current.set(key, h);
          changed = true;
        }
        if (changed && !pending.current) {
          pending.current = true;
          requestAnimationFrame(() => {
            pending.current = false;
            setMeasured((n) => n + 1);
          });
        }
      }),
    [],
  );
  useEffect(() => () => observer.disconnect(), [observer]);
  // One ref callback per row key, so a re-render does not detach and re-attach every row.
  const refs = useRef(new Map<string, { fn: (el: HTMLElement | null) => void; el?: HTMLElement }>());
  const measureFor = (key: string) => {
    let r = refs.current.get(key);
    if (!r) {
      const slot: { fn: (el: HTMLElement | null) => void; el?: HTMLElement } = {
        fn: (el) => {
          if (slot.el && slot.el !== el) observer.unobserve(slot.el);
          slot.el = el ?? undefined;
          if (!el) return refs.current.delete(key);
          el.dataset.wkey = key;
          observer.observe(el);
        },
      };
      r = slot;
      refs.current.set(key, r);
    }
    return r.fn;
  };

  const { start, end } = rowsInView(offsets, view.top - overscanPx, view.bottom + overscanPx);
  const total = offsets[offsets.length - 1] ?? 0;
  return (
    <ul
      ref={listRef}
      className={className}
      data-testid={rest['data-testid']}
      data-rows={items.length}
      style={{ paddingTop: offsets[start] ?? 0, paddingBottom: total - (offsets[end] ?? total) }}
    >
      {items.slice(start, end).map((item, i) => (
        <Fragment key={keys[start + i]}>{render(item, measureFor(keys[start + i]!))}</Fragment>
      ))}
    </ul>
  );
}
