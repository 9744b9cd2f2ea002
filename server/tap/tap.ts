// The traffic tap: one place every protocol line, payload and HTTP exchange is written to.
// A bounded ring buffer (old records fall off) plus listeners; recording never blocks a
// connection, and records are only made when someone asks or listens.

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

/**
 * What a caller records. A payload may stay a Buffer, kept as it is (not copied: the caller must
 * not reuse it), so a relayed MSG is decoded only if someone reads it.
 */
export type TrafficInput = Omit<TrafficRecord, 'seq' | 'time' | 'command' | 'payload'> & { command?: string; payload?: string | Buffer };

const MAX_PAYLOAD_CHARS = 16 * 1024;

/**
 * The ring is kept as columns, one array per field, and a record object is only made when someone
 * reads one (recent()) or listens. Keeping thousands of record objects alive made every one of
 * them survive a garbage collection and be copied to the old generation: in a fan-out to 1,000
 * watchers (2,000 lines) that cost more than formatting and queueing the lines.
 */
export class TrafficTap {
  private readonly seqs: Float64Array;
  private readonly times: Float64Array;
  private readonly conns: (string | undefined)[];
  private readonly services: (TapService | undefined)[];
  private readonly directions: (TapDirection | undefined)[];
  private readonly commands: (string | undefined)[];
  private readonly lines: (string | undefined)[];
  private readonly payloads: (string | Buffer | undefined)[];
  /** NaN: none given (worked out from the payload when read). */
  private readonly payloadBytes: Float64Array;
  private readonly remotes: (string | undefined)[];
  private readonly accounts: (string | undefined)[];
  private readonly durations: Float64Array;
  private next = 0;
  private seq = 0;
  private readonly listeners = new Set<{ fn: (r: TrafficRecord) => void; services?: ReadonlySet<TapService> }>();

  constructor(readonly capacity = 5000) {
    this.seqs = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.payloadBytes = new Float64Array(capacity).fill(NaN);
    this.durations = new Float64Array(capacity).fill(NaN);
    const column = <T>() => new Array<T | undefined>(capacity).fill(undefined);
    this.conns = column();
    this.services = column();
    this.directions = column();
    this.commands = column();
    this.lines = column();
    this.payloads = column();
    this.remotes = column();
    this.accounts = column();
  }

  record(input: TrafficInput): void {
    const i = this.next;
    this.next = (i + 1) % this.capacity;
    this.seqs[i] = ++this.seq;
    this.times[i] = Date.now();
    this.conns[i] = input.conn;
    this.services[i] = input.service;
    this.directions[i] = input.direction;
    this.commands[i] = input.command; // undefined: the line's first word, taken when read
    this.lines[i] = input.line;
    let payload = input.payload;
    let bytes = input.payloadBytes ?? NaN;
    if (payload !== undefined && payload.length > MAX_PAYLOAD_CHARS) {
      // A long payload is cut now, so the ring never holds more than MAX_PAYLOAD_CHARS of one.
      if (Number.isNaN(bytes)) bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      const text = typeof payload === 'string' ? payload : payload.toString('utf8', 0, 4 * MAX_PAYLOAD_CHARS);
      payload = cut(text, bytes);
    }
    this.payloads[i] = payload;
    this.payloadBytes[i] = bytes;
    this.remotes[i] = input.remote;
    this.accounts[i] = input.account;
    this.durations[i] = input.durationMs ?? NaN;
    if (this.listeners.size === 0) return;
    let rec: TrafficRecord | undefined;
    for (const l of this.listeners) {
      if (l.services && !l.services.has(input.service)) continue;
      rec ??= this.at(i);
      try {
        l.fn(rec);
      } catch {
        // A broken listener must never break a protocol connection.
      }
    }
  }

  /** The record in slot i, made now. */
  private at(i: number): TrafficRecord {
    const line = this.lines[i]!;
    const rec: TrafficRecord = {
      seq: this.seqs[i]!,
      time: this.times[i]!,
      conn: this.conns[i]!,
      service: this.services[i]!,
      direction: this.directions[i]!,
      command: this.commands[i] ?? firstWord(line),
      line,
    };
    const payload = this.payloads[i];
    if (payload !== undefined) {
      const bytes = this.payloadBytes[i]!;
      const known = Number.isNaN(bytes) ? undefined : bytes;
      if (typeof payload === 'string') {
        rec.payload = payload;
        rec.payloadBytes = known ?? Buffer.byteLength(payload);
      } else {
        rec.payloadBytes = known ?? payload.length;
        rec.payload = payload.toString('utf8');
      }
    } else if (!Number.isNaN(this.payloadBytes[i]!)) rec.payloadBytes = this.payloadBytes[i]!;
    const remote = this.remotes[i];
    if (remote !== undefined) rec.remote = remote;
    const account = this.accounts[i];
    if (account !== undefined) rec.account = account;
    const duration = this.durations[i]!;
    if (!Number.isNaN(duration)) rec.durationMs = duration;
    return rec;
  }

  /** The newest `limit` records, oldest first. */
  recent(limit = this.capacity): TrafficRecord[] {
    const out: TrafficRecord[] = [];
    const n = Math.min(limit, this.capacity);
    for (let k = n; k >= 1; k--) {
      const i = (this.next - k + this.capacity * 2) % this.capacity;
      if (this.lines[i] !== undefined) out.push(this.at(i));
    }
    return out;
  }

  clear(): void {
    for (const col of [this.conns, this.services, this.directions, this.commands, this.lines, this.payloads, this.remotes, this.accounts]) {
      col.fill(undefined);
    }
    this.payloadBytes.fill(NaN);
    this.durations.fill(NaN);
    this.next = 0;
  }

  /** Every record from now on, or only those of `services` (a listener that ignores switchboard traffic costs nothing per relayed message). */
  subscribe(fn: (r: TrafficRecord) => void, services?: readonly TapService[]): () => void {
    const l = { fn, services: services && new Set(services) };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** A payload cut to MAX_PAYLOAD_CHARS, saying how long it was. */
function cut(payload: string, bytes: number): string {
  return payload.slice(0, MAX_PAYLOAD_CHARS) + `\n… (${bytes} bytes in all)`;
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
