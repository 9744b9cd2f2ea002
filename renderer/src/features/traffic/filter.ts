// What the traffic view shows: one connection or all, some services, one command, a search.
import type { TapService, TrafficRecord } from '../../../../server/tap/tap';

export interface TrafficFilter {
  /** A connection id ("ns-3"), or undefined for every connection. */
  conn?: string;
  /** Services switched off; empty shows every service. */
  hiddenServices: readonly TapService[];
  /** A command (MSNP verb, HTTP method or status, NOTE…), or undefined for every command. */
  command?: string;
  /** Case-insensitive text in the line, payload, connection or account. */
  search: string;
}

export const NO_FILTER: TrafficFilter = { hiddenServices: [], search: '' };

/** The services as the filter offers them, with the names people know them by. */
export const SERVICE_LABELS: Record<TapService, string> = {
  NS: 'NS',
  SB: 'SB',
  HTTP: 'HTTP/SOAP',
  TLS: 'TLS',
  DNS: 'DNS',
  SYS: 'Server',
};

export function isFiltering(f: TrafficFilter): boolean {
  return f.conn !== undefined || f.hiddenServices.length > 0 || f.command !== undefined || f.search.trim() !== '';
}

/** A predicate for one filter, with the search lower-cased once rather than per record. */
export function matcher(f: TrafficFilter): (r: TrafficRecord) => boolean {
  const needle = f.search.trim().toLowerCase();
  const hidden = new Set(f.hiddenServices);
  const has = (r: TrafficRecord) =>
    r.line.toLowerCase().includes(needle) ||
    r.conn.toLowerCase().includes(needle) ||
    (r.account?.toLowerCase().includes(needle) ?? false) ||
    (r.payload?.toLowerCase().includes(needle) ?? false);
  // An HTTP exchange matches by its request or its answer (the status code is the answer's command).
  return (r: TrafficRecord & { response?: TrafficRecord }) =>
    (f.conn === undefined || r.conn === f.conn) &&
    !hidden.has(r.service) &&
    (f.command === undefined || r.command === f.command || r.response?.command === f.command) &&
    (needle === '' || has(r) || (r.response !== undefined && has(r.response)));
}
