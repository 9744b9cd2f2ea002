// One MSNP socket (notification or switchboard): framing, ordered command handling, the traffic
// tap, idle timeouts and back-pressure. Protocol meaning lives in the NS/SB sessions above it.
import type net from 'node:net';
import { CLIENT_PAYLOAD_VERBS, encodeCommand, isFramingError, MsnpParser, type FramingError, type MsnpCommand, type ParserLimits } from './codec';
import { newConnId, type EncodedLine, type TapService, type TrafficTap } from '../tap/tap';

export interface ConnectionOptions {
  service: Extract<TapService, 'NS' | 'SB'>;
  tap: TrafficTap;
  limits: ParserLimits;
  /** Closed when nothing at all arrives for this long (clients ping every 60 s or less). */
  idleTimeoutMs: number;
  /** A client still sending faster than this many commands a second, sustained, is cut off. */
  maxCommandsPerSecond?: number;
}

/** Output a slow reader may leave queued before we give up on it. */
const MAX_QUEUED_OUTPUT = 4 * 1024 * 1024;

/**
 * Connections with output queued this turn, flushed by one process.nextTick for all of them: a
 * presence change queues lines on a thousand watchers' connections, and a tick each cost more
 * than formatting their lines.
 */
const toFlush: MsnpConnection[] = [];
let flushQueued = false;

function flushAll(): void {
  flushQueued = false;
  // A flush may queue more (a write error closing a session): the loop reaches those too.
  for (let i = 0; i < toFlush.length; i++) toFlush[i]!.flushOutput();
  toFlush.length = 0;
}

/** Lines and payload bytes as one Buffer, each line encoded straight into it (a relayed MSG: its line, then the sender's bytes). */
function joinBytes(parts: readonly (string | Buffer)[]): Buffer {
  let size = 0;
  for (const p of parts) size += typeof p === 'string' ? Buffer.byteLength(p) : p.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of parts) at += typeof p === 'string' ? out.write(p, at, 'utf8') : p.copy(out, at);
  return out;
}

/**
 * Lines many connections send alike, encoded once: a presence fan-out writes the same NLN + UBX
 * to a thousand watchers of one dialect, and one Buffer written a thousand times spares a string
 * join and a UTF-8 encoding per socket (and their garbage). Made by `sharedOutput`.
 */
export interface SharedOutput {
  /** Each line with its bytes inside `bytes`, which the tap copies for every connection (EncodedLine). */
  readonly lines: readonly EncodedLine[];
  readonly bytes: Buffer;
}

/** Encodes lines once for every connection that will send them (see SharedOutput): "NLN BSY a@x 1 A 0\r\nUBX a@x 1 9\r\n<Data/>…". */
export function sharedOutput(lines: readonly { readonly line: string; readonly payload?: string }[]): SharedOutput {
  const parts: string[] = [];
  for (const l of lines) {
    parts.push(l.line + '\r\n');
    if (l.payload !== undefined) parts.push(l.payload);
  }
  const bytes = Buffer.from(parts.join(''), 'utf8');
  // Views into `bytes`, made once here: the tap copies them for each connection.
  let at = 0;
  const encoded = lines.map((l): EncodedLine => {
    const lineBytes = bytes.subarray(at, (at += Buffer.byteLength(l.line)));
    at += 2; // CRLF, which the tap does not keep
    if (l.payload === undefined) return { line: l.line, lineBytes };
    const payloadBytes = bytes.subarray(at, (at += Buffer.byteLength(l.payload)));
    return { line: l.line, payload: l.payload, lineBytes, payloadBytes };
  });
  return { lines: encoded, bytes };
}

export class MsnpConnection {
  readonly id: string;
  readonly remote: string;
  readonly remotePort: number;
  readonly since = Date.now();
  account?: string;
  onCommand: (cmd: MsnpCommand) => void | Promise<void> = () => {};
  onClose: () => void = () => {};
  /** Whether a payload command may be read now; asked before its payload is buffered (see PayloadGate). */
  admitPayload: (cmd: MsnpCommand) => string | undefined = () => undefined;
  private readonly parser: MsnpParser;
  /** Set while an asynchronous handler runs: commands behind it wait in `waiting`, in order. */
  private running?: Promise<void>;
  private readonly waiting: MsnpCommand[] = [];
  private closed = false;
  private tokens: number;
  private lastRefill = Date.now();
  /** The last time bytes came in or went out (what Node's socket timeout counted too). */
  private lastActivity = Date.now();
  private idleTimer: NodeJS.Timeout;
  /** Output of this turn of the event loop, not yet written. */
  private out: (string | Buffer)[] = [];
  private outBytes = 0;
  private outHasBuffers = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly opts: ConnectionOptions,
  ) {
    this.id = newConnId(opts.service.toLowerCase());
    this.remote = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
    this.remotePort = socket.remotePort ?? 0;
    this.parser = new MsnpParser(opts.limits, CLIENT_PAYLOAD_VERBS, (cmd) => this.admitPayload(cmd));
    this.tokens = this.burst;
    socket.setNoDelay(true);
    // Our own idle timer, not socket.setTimeout: Node re-arms that one on every write and read (a
    // timer-list insert each), which a fan-out paid a thousand times. Reads and writes only stamp
    // the time; the timer looks at it when it fires. Output counts, as it did: someone only
    // reading a conversation on the switchboard sends nothing for a long while.
    this.idleTimer = setTimeout(this.checkIdle, opts.idleTimeoutMs).unref();
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.note(`socket error: ${err.message}`));
    socket.on('close', () => this.finish());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Queues one command (and its payload) and records it in the tap. Everything sent in one turn of
   * the event loop leaves in one socket write: a sign-in's hundreds of lines, or a fan-out's NLN and
   * UBX to the same watcher, cost one system call instead of one each.
   */
  send(line: string, payload?: Buffer | string): void {
    if (this.closed) return;
    this.recordOut(line, payload);
    if (this.out.length === 0) {
      toFlush.push(this);
      if (!flushQueued) {
        flushQueued = true;
        process.nextTick(flushAll);
      }
    }
    // Text stays text until the flush: one encoding of the joined lines beats one Buffer per line.
    this.out.push(line + '\r\n');
    this.outBytes += line.length + 2;
    if (payload !== undefined) {
      this.out.push(payload);
      this.outBytes += payload.length;
      if (typeof payload !== 'string') this.outHasBuffers = true;
    }
    this.dropIfFlooded();
  }

  /** Closes a connection whose client stopped reading: more than MAX_QUEUED_OUTPUT would wait for it. */
  private dropIfFlooded(adding = 0): boolean {
    if (this.socket.writableLength + this.outBytes + adding <= MAX_QUEUED_OUTPUT) return false;
    this.destroy('the client stopped reading what we send');
    return true;
  }

  /**
   * Sends lines encoded once for many connections (a fan-out, see SharedOutput). The tap records
   * each line as `send` would. With nothing of this connection queued, the bytes are written now
   * rather than at the end of the turn: a fan-out's first watchers read their NLN while the
   * server still writes to the rest, instead of after all 1,000 were queued. With output queued,
   * they join it, behind what was sent before.
   */
  sendShared(shared: SharedOutput): void {
    if (this.closed) return;
    // Recorded as `send` would (each line, per connection), from the bytes encoded once.
    const lines = shared.lines;
    for (let i = 0; i < lines.length; i++) this.opts.tap.recordEncoded(lines[i]!, this.id, this.opts.service, this.remote, this.account);
    const size = shared.bytes.length;
    if (this.dropIfFlooded(size)) return;
    if (this.out.length > 0) {
      this.out.push(shared.bytes);
      this.outBytes += size;
      this.outHasBuffers = true;
      return;
    }
    if (!this.socket.destroyed) this.socket.write(shared.bytes);
    this.lastActivity = Date.now();
  }

  private recordOut(line: string, payload: Buffer | string | undefined): void {
    this.opts.tap.record({
      conn: this.id,
      service: this.opts.service,
      direction: 'out',
      line,
      payload,
      remote: this.remote,
      account: this.account,
    });
  }

  /** Hands the queued output to the socket as one write (called once per turn, see flushAll). */
  flushOutput(): void {
    if (this.out.length === 0) return;
    const data = this.outHasBuffers ? joinBytes(this.out) : this.out.join('');
    this.out = [];
    this.outBytes = 0;
    this.outHasBuffers = false;
    if (!this.socket.destroyed) this.socket.write(data);
    this.lastActivity = Date.now();
  }

  /** MSNP error reply: "<code> <trid>", e.g. "911 4". */
  error(code: number, trid: string | number, why: string): void {
    this.note(`error ${code}: ${why}`);
    this.send(`${code} ${trid}`);
  }

  /** A server-side remark in the traffic view (why something was refused, why we closed). */
  note(text: string): void {
    this.opts.tap.record({
      conn: this.id,
      service: this.opts.service,
      direction: 'note',
      command: 'NOTE',
      line: text,
      remote: this.remote,
      account: this.account,
    });
  }

  /** Ends the connection after what was sent has been flushed. */
  close(reason: string): void {
    if (this.closed) return;
    this.note(`closing: ${reason}`);
    this.finish();
    this.flushOutput();
    this.socket.end();
    // A peer that never reads must not hold the socket open forever.
    setTimeout(() => this.socket.destroy(), 5000).unref();
  }

  destroy(reason: string): void {
    if (!this.socket.destroyed) this.note(`dropping: ${reason}`);
    this.finish();
    this.out = [];
    this.outBytes = 0;
    this.socket.destroy();
  }

  /** Closed when nothing went either way for idleTimeoutMs (clients ping every 60 s or less). */
  private readonly checkIdle = (): void => {
    if (this.closed) return;
    const quiet = Date.now() - this.lastActivity;
    if (quiet >= this.opts.idleTimeoutMs) this.close('no data for a while (the client stopped pinging)');
    else this.idleTimer = setTimeout(this.checkIdle, this.opts.idleTimeoutMs - quiet).unref();
  };

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    try {
      this.onClose();
    } catch (err) {
      this.note(`cleanup failed: ${(err as Error).message}`);
    }
  }

  private get burst(): number {
    return (this.opts.maxCommandsPerSecond ?? 100) * 5;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.lastActivity = Date.now();
    for (const item of this.parser.push(chunk)) {
      if (isFramingError(item)) {
        this.recordFramingError(item);
        return;
      }
      this.opts.tap.record({
        conn: this.id,
        service: this.opts.service,
        direction: 'in',
        line: item.line,
        payload: item.payload,
        remote: this.remote,
        account: this.account,
      });
      if (!this.takeToken()) {
        this.destroy('too many commands too fast');
        return;
      }
      if (this.running) this.waiting.push(item);
      else this.dispatch(item);
    }
  }

  /**
   * Runs a command now, in the turn it arrived: most handlers (a relayed MSG, a PNG) are
   * synchronous, and a promise plus a microtask per command was a good part of the relay's cost.
   * A handler that returns a promise (a sign-in waiting for its password hash) holds every later
   * command of this connection until it settles, so commands still run one at a time, in order.
   */
  private dispatch(cmd: MsnpCommand): void {
    if (this.closed) return;
    let result: void | Promise<void>;
    try {
      result = this.onCommand(cmd);
    } catch (err) {
      this.failed(cmd, err);
      return;
    }
    if (!result) return;
    this.running = result.then(
      () => this.resume(),
      (err) => {
        this.failed(cmd, err);
        this.resume();
      },
    );
  }

  /** An asynchronous handler settled: the commands that waited for it run, until one waits again. */
  private resume(): void {
    this.running = undefined;
    while (!this.running && this.waiting.length > 0) this.dispatch(this.waiting.shift()!);
  }

  /** A bug in one handler must cost only this connection, never the server. */
  private failed(cmd: MsnpCommand, err: unknown): void {
    this.note(`internal error handling ${cmd.verb}: ${(err as Error).stack ?? err}`);
    this.send(`500 ${cmd.args[0] ?? 0}`);
    this.close('internal error');
  }

  private recordFramingError(e: FramingError): void {
    if (e.kind === 'refused-payload') {
      this.close(`"${e.line.slice(0, 80)}" refused before reading its payload: ${e.why}`);
      return;
    }
    const why =
      e.kind === 'line-too-long'
        ? `a line longer than ${e.limit} bytes`
        : e.kind === 'payload-too-large'
          ? `"${e.line}" announces ${e.length} bytes, over the ${e.limit}-byte limit`
          : `"${e.line}" needs a byte length as its last word`;
    this.close(`framing error: ${why}`);
  }

  private takeToken(): boolean {
    const now = Date.now();
    const rate = this.opts.maxCommandsPerSecond ?? 100;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
