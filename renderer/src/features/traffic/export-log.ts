// The traffic view as a text log to save: one line per record, payloads indented beneath.
import type { TrafficRecord } from '../../../../server/tap/tap';

const ARROW = { in: '<-', out: '->', note: '--' } as const;

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function formatLog(records: readonly TrafficRecord[]): string {
  const lines = records.map((r) => {
    const who = r.account ? ` (${r.account})` : '';
    const head = `${formatTime(r.time)} ${r.service.padEnd(4)} ${r.conn.padEnd(9)} ${ARROW[r.direction]} ${r.line}${who}`;
    if (!r.payload) return head;
    return `${head}\n${r.payload.replace(/\r\n/g, '\n').replace(/^/gm, '      ')}`;
  });
  return `${lines.join('\n')}\n`;
}

export function logFileName(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `butterfly-traffic-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.log`;
}
