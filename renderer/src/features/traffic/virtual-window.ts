// Which rows of a long list of fixed-height rows to render: the ones in view plus a margin.
// With 50,000 lines the page holds only a few dozen row elements, whatever the history size.

export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 10): { start: number; end: number } {
  const inView = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  // A scroll position left over from a longer list still shows the end of this one.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), Math.max(0, count - inView));
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.max(start, Math.min(count, first + inView + overscan));
  return { start, end };
}

/** Scrolled to (within a row of) the bottom: new lines should keep the view at the bottom. */
export function atBottom(scrollTop: number, viewport: number, contentHeight: number, rowHeight: number): boolean {
  return scrollTop + viewport >= contentHeight - rowHeight;
}
