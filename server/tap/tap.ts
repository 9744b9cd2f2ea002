// The traffic tap: one place every protocol line, payload and HTTP exchange is written to.
// A bounded ring buffer (old records fall off) plus listeners; recording never blocks a
// connection, and records are only copied out when someone asks or listens.

export type TapService = 'NS' | 'SB' | 'HTTP' | 'TLS' | 'DNS' | 'SYS';
/** in = client to server, out = server to client, note = something the server observed or decided. */
export type TapDirection = 'in' | 'out' | 'note';

export interface TrafficRecord {
  seq: number;
  time: number; // ms since epoch
  conn: string; // connection id, e.g. "ns-12", "http-4"
  service: TapService;
  direction: TapDirection;
  /** First word of the line (MSNP verb, HTTP method or status, TLS event name). */
  command: string;
  /** The line itself without CRLF (for HTTP: the request or status line). */
  line: string;
  /** Payload or body as text (UTF-8, truncated to MAX_PAYLOAD_CHARS). */
  payload?: string;
  payloadBytes?: number;
  remote?: string;
  /** The account the connection is signed in as, once known. */
  account?: string;
  /** HTTP answers: milliseconds from the request's arrival to this answer. */
  durationMs?: number;
}

export type TrafficInput = Omit<TrafficRecord, 'seq' | 'time' | 'command'> & { command?: string };

const MAX_PAYLOAD_CHARS = 16 * 1024;

export class TrafficTap {
  private readonly ring: (TrafficRecord | undefined)[];
  private next = 0;
  private seq = 0;
  private readonly listeners = new Set<{ fn: (r: TrafficRecord) => void; services?: ReadonlySet<TapService> }>();

  constructor(readonly capacity = 5000) {
    this.ring = new Array(capacity);
  }

  record(input: TrafficInput): void {
    // The caller's fresh object becomes the record (no copy per protocol line).
    const rec = input as TrafficRecord;
    const payload = input.payload;
    if (payload !== undefined) {
      rec.payloadBytes ??= Buffer.byteLength(payload);
      if (payload.length > MAX_PAYLOAD_CHARS) rec.payload = payload.slice(0, MAX_PAYLOAD_CHARS) + `\n… (${rec.payloadBytes} bytes in all)`;
    }
    rec.command = input.command ?? firstWord(input.line);
    rec.seq = ++this.seq;
    rec.time = Date.now();
    this.ring[this.next] = rec;
    this.next = (this.next + 1) % this.capacity;
    if (this.listeners.size === 0) return;
    for (const l of this.listeners) {
      if (l.services && !l.services.has(rec.service)) continue;
      try {
        l.fn(rec);
      } catch {
        // A broken listener must never break a protocol connection.
      }
    }
  }

  /** The newest `limit` records, oldest first. */
  recent(limit = this.capacity): TrafficRecord[] {
    const out: TrafficRecord[] = [];
    const n = Math.min(limit, this.capacity);
    for (let i = n; i >= 1; i--) {
      const rec = this.ring[(this.next - i + this.capacity * 2) % this.capacity];
      if (rec) out.push(rec);
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
  }

  /** Every record from now on, or only those of `services` (a listener that ignores switchboard traffic costs nothing per relayed message). */
  subscribe(fn: (r: TrafficRecord) => void, services?: readonly TapService[]): () => void {
    const l = { fn, services: services && new Set(services) };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

function firstWord(line: string): string {
  const sp = line.indexOf(' ');
  return (sp < 0 ? line : line.slice(0, sp)).slice(0, 32);
}

let connCounter = 0;
/** A process-unique connection id with a service prefix: "ns-3", "http-17". */
export function newConnId(prefix: string): string {
  return `${prefix}-${++connCounter}`;
}
