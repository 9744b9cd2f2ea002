// The traffic view as a text log to save: a legend, then one line per record with the same arrows
// as the screen (→ from a client, ← to a client, • server note), payloads indented beneath. An HTTP
// exchange is its request line, then its answer with the time it took.
import type { TrafficRecord } from '../../../../server/tap/tap';
import { exchangeDuration, type ViewRecord } from './traffic-buffer';

const ARROW = { in: '→', out: '←', note: '•' } as const;

/** The legend at the top of the file: the same words as the traffic page's. */
export const LOG_LEGEND = [
  '# Butterfly traffic log',
  '# → from a client (client to server)   ← to a client (server to client)   • server note',
  '# An HTTP exchange (one ⇄ line on screen) is its request → and its answer ← [time taken].',
  '# Columns: time, service (NS notification, SB switchboard, HTTP, TLS, DNS, SYS server), connection, direction, line, (account)',
  '# Lines starting with a three-digit number are MSNP errors; the traffic page explains every command and code.',
];

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function formatRecord(r: TrafficRecord, suffix = ''): string {
  const who = r.account ? ` (${r.account})` : '';
  const head = `${formatTime(r.time)} ${r.service.padEnd(4)} ${r.conn.padEnd(9)} ${ARROW[r.direction]} ${r.line}${suffix}${who}`;
  if (!r.payload) return head;
  return `${head}\n${r.payload.replace(/\r\n/g, '\n').replace(/^/gm, '      ')}`;
}

export function formatLog(records: readonly ViewRecord[]): string {
  const lines = records.map((r) => {
    if (!r.response) return formatRecord(r);
    return `${formatRecord(r)}\n${formatRecord(r.response, ` [${exchangeDuration(r)} ms]`)}`;
  });
  return `${[...LOG_LEGEND, ...lines].join('\n')}\n`;
}

export function logFileName(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `butterfly-traffic-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.log`;
}
