// The traffic history behind the view: every record received (capped, oldest dropped first) and
// the ones the filter lets through, kept in step incrementally. At 2,000 lines a second a frame
// brings ~35 records, so appending costs O(batch), not a re-filter of the whole history; only a
// filter change walks everything. Arrays are mutated in place; the store bumps a version number.
// An HTTP request and its answer are one entry (like HTTP Toolkit's exchanges): the answer is
// attached to the request as `response` instead of becoming a line of its own.
import type { TrafficRecord } from '../../../../server/tap/tap';
import { matcher, NO_FILTER, type TrafficFilter } from './filter';

/** One line of the view: a record, and for an HTTP request the answer once it came. */
export type ViewRecord = TrafficRecord & { response?: TrafficRecord };

/** How long an HTTP exchange took: measured by the server, else the time between the two records. */
export function exchangeDuration(r: ViewRecord): number | undefined {
  return r.response ? (r.response.durationMs ?? r.response.time - r.time) : undefined;
}

export interface ConnSummary {
  conn: string;
  service: TrafficRecord['service'];
  account?: string;
  lines: number;
}

export class TrafficBuffer {
  readonly all: ViewRecord[] = [];
  shown: ViewRecord[] = [];
  /** Per HTTP connection, the request still waiting for its answer (HTTP/1.1 answers in order). */
  private readonly awaiting = new Map<string, ViewRecord>();
  /** The newest record taken in (an HTTP answer is not in `all` on its own). */
  private lastSeq = 0;
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
    for (const r of batch) {
      if (r.seq <= this.lastSeq) continue;
      this.lastSeq = r.seq;
      if (r.service === 'HTTP' && this.pair(r)) continue;
      this.all.push(r);
      this.count(r.command, 1);
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

  /** Attaches an HTTP answer to its request (true), or notes a request as waiting for one. */
  private pair(r: TrafficRecord): boolean {
    if (r.direction === 'in') {
      this.awaiting.set(r.conn, r);
      return false;
    }
    if (r.direction !== 'out') return false;
    const request = this.awaiting.get(r.conn);
    if (!request) return false;
    this.awaiting.delete(r.conn);
    const before = this.match(request);
    request.response = r;
    this.count(r.command, 1);
    const c = this.conns.get(r.conn);
    if (c && !c.account && r.account) {
      c.account = r.account;
      this.shape++;
    }
    // Shown already by what the request said; the answer may make it match now (a search for "404").
    if (before || !this.match(request)) return true;
    let at = this.shown.length;
    while (at > 0 && this.shown[at - 1]!.seq > request.seq) at--;
    this.shown.splice(at, 0, request);
    return true;
  }

  private count(command: string, by: 1 | -1): void {
    const n = (this.commandCounts.get(command) ?? 0) + by;
    if (n <= 0) {
      this.commandCounts.delete(command);
      this.shape++;
    } else {
      if (n === 1 && by === 1) this.shape++;
      this.commandCounts.set(command, n);
    }
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
    this.awaiting.clear();
    this.lastSeq = 0;
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
      this.count(r.command, -1);
      if (r.response) this.count(r.response.command, -1);
      if (this.awaiting.get(r.conn) === r) this.awaiting.delete(r.conn);
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
