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
 * What a caller records. A payload may be a Buffer: its bytes are copied into the ring as they
 * are, so a relayed MSG is never decoded unless someone reads it.
 */
export type TrafficInput = Omit<TrafficRecord, 'seq' | 'time' | 'command' | 'payload'> & { command?: string; payload?: string | Buffer };

/**
 * A line sent alike on many connections, encoded once (a fan-out's NLN or UBX to 1,000 watchers):
 * `lineBytes` and `payloadBytes` are its UTF-8 bytes (without CRLF), copied into the ring as they
 * are by recordEncoded instead of encoding the text again for every connection.
 */
export interface EncodedLine {
  readonly line: string;
  readonly payload?: string;
  readonly lineBytes: Uint8Array;
  readonly payloadBytes?: Uint8Array;
}

const MAX_PAYLOAD_CHARS = 16 * 1024;
/** Bytes of line and payload text the ring keeps (see TrafficTap). */
export const DEFAULT_TAP_BYTES = 2 * 1024 * 1024;

/**
 * The ring is kept as columns, one typed array per number, and every line and payload as UTF-8
 * bytes in one preallocated byte ring; a record object (and its strings) is only made when someone
 * reads one (recent()) or listens. Two measured costs led here: keeping thousands of record objects
 * alive made each survive a garbage collection and be copied to the old generation (in a fan-out
 * to 1,000 watchers that cost more than formatting the lines), and keeping each relayed line and
 * payload as a string or Buffer did the same to every message at 2,000 messages a second.
 *
 * Two bounds, whichever comes first: `capacity` records, and `bytes` of text. 5,000 records of a
 * chat (a MSG line and ~150 bytes of MIME each) take ~1 MB; 2 MB leaves room for some of the
 * sign-in bursts' SOAP bodies (each payload is cut at MAX_PAYLOAD_CHARS characters) without letting
 * 5,000 of them hold 80 MB as before. The byte ring is zero-filled lazily by the system, so an idle
 * server's RSS grows only as traffic fills it; once a crowd has signed in it is full, and stays so
 * after they leave: 4 MB was measured as 4 MB of the RSS kept after 1,000 clients left (idle 54.7,
 * after 70.3), so the bound is 2 MB. The panel's live view and its exports of what it shows do not
 * depend on the ring; only the history a freshly opened panel sees is shorter in a SOAP burst.
 * The strings the ring still refers to (connection id, remote address, account) live as long as
 * their connection anyway.
 */
export class TrafficTap {
  private readonly seqs: Float64Array;
  private readonly times: Float64Array;
  private readonly conns: (string | undefined)[];
  private readonly services: (TapService | undefined)[];
  private readonly directions: (TapDirection | undefined)[];
  /** Set only when the caller named the command (most lines: their first word, taken when read). */
  private readonly commands: (string | undefined)[];
  /** Where the record's line starts in `text`, counted from the ring's first byte ever written (-1: empty slot). */
  private readonly textAt: Float64Array;
  private readonly lineLengths: Uint32Array;
  /** Bytes of payload text kept; -1: no payload. */
  private readonly payloadLengths: Int32Array;
  /** NaN: none given (the payload's own byte count, when there is one). */
  private readonly payloadBytes: Float64Array;
  private readonly remotes: (string | undefined)[];
  private readonly accounts: (string | undefined)[];
  private readonly durations: Float64Array;
  private readonly text: Buffer;
  /** The next byte to write in `text`, counted from the first byte ever written (its index is textHead % bytes). */
  private textHead = 0;
  private readonly encodedInput: TrafficInput = { conn: '', service: 'NS', direction: 'out', line: '' };
  private next = 0;
  private seq = 0;
  private readonly listeners = new Set<{
    fn: (r: TrafficRecord) => void;
    services?: ReadonlySet<TapService>;
    wants?: (input: TrafficInput) => boolean;
  }>();

  constructor(
    readonly capacity = 5000,
    readonly bytes = DEFAULT_TAP_BYTES,
  ) {
    this.seqs = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.textAt = new Float64Array(capacity).fill(-1);
    this.lineLengths = new Uint32Array(capacity);
    this.payloadLengths = new Int32Array(capacity).fill(-1);
    this.payloadBytes = new Float64Array(capacity).fill(NaN);
    this.durations = new Float64Array(capacity).fill(NaN);
    const column = <T>() => new Array<T | undefined>(capacity).fill(undefined);
    this.conns = column();
    this.services = column();
    this.directions = column();
    this.commands = column();
    this.remotes = column();
    this.accounts = column();
    this.text = Buffer.alloc(bytes);
  }

  record(input: TrafficInput): void {
    let payload = input.payload;
    let bytes = input.payloadBytes ?? NaN;
    if (payload !== undefined && payload.length > MAX_PAYLOAD_CHARS) {
      // A long payload is cut now, so the ring never holds more than MAX_PAYLOAD_CHARS of one.
      if (Number.isNaN(bytes)) bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      const text = typeof payload === 'string' ? payload : payload.toString('utf8', 0, 4 * MAX_PAYLOAD_CHARS);
      payload = cut(text, bytes);
    }
    const i = this.claim(input.conn, input.service, input.direction, input.command, bytes, input.remote, input.account, input.durationMs);
    this.store(i, input.line, payload);
    if (this.listeners.size > 0) this.tell(i, input);
  }

  /** Takes the next slot and fills in what every record has besides its text (record and recordEncoded). */
  private claim(
    conn: string,
    service: TapService,
    direction: TapDirection,
    command: string | undefined,
    payloadBytes: number,
    remote: string | undefined,
    account: string | undefined,
    durationMs: number | undefined,
  ): number {
    const i = this.next;
    this.next = (i + 1) % this.capacity;
    this.seqs[i] = ++this.seq;
    this.times[i] = Date.now();
    this.conns[i] = conn;
    this.services[i] = service;
    this.directions[i] = direction;
    this.commands[i] = command;
    this.payloadBytes[i] = payloadBytes;
    this.remotes[i] = remote;
    this.accounts[i] = account;
    this.durations[i] = durationMs ?? NaN;
    return i;
  }

  /**
   * Records a line the server sends on connection `conn`, already encoded (see EncodedLine): the
   * same record as record() would make, without an input object, a UTF-8 encoding or a string
   * written per connection. A fan-out records two of these per watcher.
   */
  recordEncoded(e: EncodedLine, conn: string, service: TapService, remote?: string, account?: string): void {
    const size = e.lineBytes.length + (e.payloadBytes?.length ?? 0);
    if ((e.payload !== undefined && e.payload.length > MAX_PAYLOAD_CHARS) || size > this.bytes) {
      // Cut (a long payload) or squeezed (a tiny ring) as record() does.
      this.record({ conn, service, direction: 'out', line: e.line, payload: e.payload, remote, account });
      return;
    }
    const i = this.claim(conn, service, 'out', undefined, NaN, remote, account, undefined);
    const at = this.reserve(size);
    this.text.set(e.lineBytes, at);
    if (e.payloadBytes) this.text.set(e.payloadBytes, at + e.lineBytes.length);
    this.textAt[i] = this.textHead;
    this.lineLengths[i] = e.lineBytes.length;
    this.payloadLengths[i] = e.payloadBytes ? e.payloadBytes.length : -1;
    this.textHead += size;
    if (this.listeners.size === 0) return;
    // One input object filled in for each such record: `wants` only reads it (see subscribe).
    const input = this.encodedInput;
    input.conn = conn;
    input.service = service;
    input.line = e.line;
    input.payload = e.payload;
    input.remote = remote;
    input.account = account;
    this.tell(i, input);
  }

  /** Hands the record in slot i to the listeners that want it (made once, only if one does). */
  private tell(i: number, input: TrafficInput): void {
    let rec: TrafficRecord | undefined;
    for (const l of this.listeners) {
      if (l.services && !l.services.has(input.service)) continue;
      if (l.wants && !l.wants(input)) continue;
      rec ??= this.at(i);
      try {
        l.fn(rec);
      } catch {
        // A broken listener must never break a protocol connection.
      }
    }
  }

  /** Copies the line and payload of slot i into the byte ring, contiguous (a record never wraps). */
  private store(i: number, line: string, payload: string | Buffer | undefined): void {
    const room = this.bytes;
    // Where the text goes is decided before writing it: the line by an upper bound (3 bytes per
    // UTF-16 unit, it is short), a text payload measured (a SOAP body at 3 bytes a character would
    // skip much of the ring).
    let worst = line.length * 3 + (payload === undefined ? 0 : typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);
    if (worst > room) {
      // Only with a tiny ring (tests): keep what fits of the line and nothing of the payload.
      line = line.slice(0, Math.floor(room / 3));
      payload = undefined;
      worst = line.length * 3;
    }
    const at = this.reserve(worst);
    const lineLength = this.text.write(line, at, 'utf8');
    let payloadLength = -1;
    if (payload !== undefined) {
      if (typeof payload === 'string') payloadLength = this.text.write(payload, at + lineLength, 'utf8');
      else {
        // TypedArray set, not Buffer#copy: the same bytes without copy()'s argument handling in JS.
        this.text.set(payload, at + lineLength);
        payloadLength = payload.length;
      }
    }
    this.textAt[i] = this.textHead;
    this.lineLengths[i] = lineLength;
    this.payloadLengths[i] = payloadLength;
    this.textHead += lineLength + Math.max(payloadLength, 0);
  }

  /** Where the next `size` bytes of text go: at the head, or at the ring's start when they would not fit before its end. */
  private reserve(size: number): number {
    const room = this.bytes;
    const at = this.textHead % room;
    if (at + size <= room) return at;
    this.textHead += room - at; // skip the end of the ring: records stay contiguous
    return 0;
  }

  /** Whether slot i holds a record whose text has not been written over since. */
  private held(i: number): boolean {
    const at = this.textAt[i]!;
    return at >= 0 && at >= this.textHead - this.bytes;
  }

  /** The record in slot i, made now. */
  private at(i: number): TrafficRecord {
    const from = this.textAt[i]! % this.bytes;
    const lineEnd = from + this.lineLengths[i]!;
    const line = this.text.toString('utf8', from, lineEnd);
    const rec: TrafficRecord = {
      seq: this.seqs[i]!,
      time: this.times[i]!,
      conn: this.conns[i]!,
      service: this.services[i]!,
      direction: this.directions[i]!,
      command: this.commands[i] ?? firstWord(line),
      line,
    };
    const payloadLength = this.payloadLengths[i]!;
    const bytes = this.payloadBytes[i]!;
    if (payloadLength >= 0) {
      rec.payload = this.text.toString('utf8', lineEnd, lineEnd + payloadLength);
      rec.payloadBytes = Number.isNaN(bytes) ? payloadLength : bytes;
    } else if (!Number.isNaN(bytes)) rec.payloadBytes = bytes;
    const remote = this.remotes[i];
    if (remote !== undefined) rec.remote = remote;
    const account = this.accounts[i];
    if (account !== undefined) rec.account = account;
    const duration = this.durations[i]!;
    if (!Number.isNaN(duration)) rec.durationMs = duration;
    return rec;
  }

  /** The newest `limit` records, oldest first (fewer when the byte bound dropped older ones). */
  recent(limit = this.capacity): TrafficRecord[] {
    const out: TrafficRecord[] = [];
    const n = Math.min(limit, this.capacity);
    for (let k = n; k >= 1; k--) {
      const i = (this.next - k + this.capacity * 2) % this.capacity;
      if (this.held(i)) out.push(this.at(i));
    }
    return out;
  }

  /** What the ring holds now: records, and bytes of their text. */
  get usage(): { records: number; textBytes: number } {
    let records = 0;
    let textBytes = 0;
    for (let i = 0; i < this.capacity; i++) {
      if (!this.held(i)) continue;
      records++;
      textBytes += this.lineLengths[i]! + Math.max(this.payloadLengths[i]!, 0);
    }
    return { records, textBytes };
  }

  clear(): void {
    for (const col of [this.conns, this.services, this.directions, this.commands, this.remotes, this.accounts]) col.fill(undefined);
    this.textAt.fill(-1);
    this.payloadLengths.fill(-1);
    this.payloadBytes.fill(NaN);
    this.durations.fill(NaN);
    this.next = 0;
  }

  /**
   * Every record from now on, or only those of `services` (a listener that ignores switchboard
   * traffic costs nothing per relayed message), and of those only the ones `wants` accepts, asked
   * with what was recorded before a record is made: a presence fan-out records an NLN and a UBX
   * for each of 1,000 watchers, and a record object with its line and payload decoded for each was
   * most of the fan-out's garbage, for a listener (the connection check) that reads none of them.
   * `wants` must not keep the input it is given (recordEncoded reuses one).
   */
  subscribe(fn: (r: TrafficRecord) => void, services?: readonly TapService[], wants?: (input: TrafficInput) => boolean): () => void {
    const l = { fn, services: services && new Set(services), wants };
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
