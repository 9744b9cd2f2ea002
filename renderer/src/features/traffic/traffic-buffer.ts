// The traffic history behind the view: every record received (capped, oldest dropped first) and
// the ones the filter lets through, kept in step incrementally. At 2,000 lines a second a frame
// brings ~35 records, so appending costs O(batch), not a re-filter of the whole history; only a
// filter change walks everything. Arrays are mutated in place; the store bumps a version number.
import type { TrafficRecord } from '../../../../server/tap/tap';
import { matcher, NO_FILTER, type TrafficFilter } from './filter';

export interface ConnSummary {
  conn: string;
  service: TrafficRecord['service'];
  account?: string;
  lines: number;
}

export class TrafficBuffer {
  readonly all: TrafficRecord[] = [];
  shown: TrafficRecord[] = [];
  private filterValue: TrafficFilter = NO_FILTER;
  private match = matcher(NO_FILTER);
  private readonly commandCounts = new Map<string, number>();
  private readonly conns = new Map<string, ConnSummary>();
  /** Changes when a command or connection appears or goes, so the filter menus redraw only then. */
  shape = 0;

  constructor(readonly cap: number) {}

  get filter(): TrafficFilter {
    return this.filterValue;
  }

  append(batch: readonly TrafficRecord[]): void {
    // Records can overlap when a fresh history load meets live events: keep seq increasing.
    let last = this.all.at(-1)?.seq ?? 0;
    for (const r of batch) {
      if (r.seq <= last) continue;
      last = r.seq;
      this.all.push(r);
      const n = this.commandCounts.get(r.command) ?? 0;
      if (n === 0) this.shape++;
      this.commandCounts.set(r.command, n + 1);
      const c = this.conns.get(r.conn);
      if (c) {
        c.lines++;
        if (!c.account && r.account) {
          c.account = r.account;
          this.shape++;
        }
      } else {
        this.conns.set(r.conn, { conn: r.conn, service: r.service, account: r.account, lines: 1 });
        this.shape++;
      }
      if (this.match(r)) this.shown.push(r);
    }
    this.trim();
  }

  setFilter(f: TrafficFilter): void {
    this.filterValue = f;
    this.match = matcher(f);
    this.shown = this.all.filter(this.match);
  }

  clear(): void {
    this.all.length = 0;
    this.shown = [];
    this.commandCounts.clear();
    this.conns.clear();
    this.shape++;
  }

  /** Commands present in the history, sorted. */
  commands(): string[] {
    return [...this.commandCounts.keys()].sort();
  }

  /** Connections present in the history, in order of appearance. */
  connections(): ConnSummary[] {
    return [...this.conns.values()];
  }

  private trim(): void {
    const excess = this.all.length - this.cap;
    if (excess <= 0) return;
    for (const r of this.all.splice(0, excess)) {
      const n = (this.commandCounts.get(r.command) ?? 1) - 1;
      if (n === 0) {
        this.commandCounts.delete(r.command);
        this.shape++;
      } else this.commandCounts.set(r.command, n);
      const c = this.conns.get(r.conn);
      if (c && --c.lines === 0) {
        this.conns.delete(r.conn);
        this.shape++;
      }
    }
    const oldest = this.all[0]!.seq;
    let drop = 0;
    while (drop < this.shown.length && this.shown[drop]!.seq < oldest) drop++;
    if (drop > 0) this.shown.splice(0, drop);
  }
}
