// MSNP framing: CRLF-terminated lines of space-separated words; for payload commands the last
// word is a byte count and exactly that many bytes follow the CRLF, with no terminator:
//   "UUX 9 53\r\n<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>"
// The parser is incremental (bytes arrive in any split) and enforces limits before buffering.

export interface MsnpCommand {
  verb: string;
  /** Words after the verb (for payload commands the length is still the last one). */
  args: string[];
  payload?: Buffer;
  /** The line as received, without CRLF. */
  line: string;
}

export type FramingError =
  | { kind: 'line-too-long'; limit: number }
  | { kind: 'payload-too-large'; line: string; length: number; limit: number }
  | { kind: 'bad-length'; line: string }
  /** The connection may not send this payload command now (e.g. before sign-in): refused unread. */
  | { kind: 'refused-payload'; line: string; why: string };

/**
 * Asked when a payload command's header line arrives, before any of its payload is buffered:
 * a reason to refuse it, or undefined to read it. So an unauthenticated client announcing
 *   "MSG 1 N 262144"
 * costs us one line, not 256 KiB.
 */
export type PayloadGate = (cmd: MsnpCommand) => string | undefined;

export interface ParserLimits {
  maxLineBytes: number;
  maxPayloadBytes: number;
}

/** Commands a client sends with a payload (fact sheet §1.2). */
export const CLIENT_PAYLOAD_VERBS: ReadonlySet<string> = new Set([
  'MSG', 'QRY', 'UUX', 'ADL', 'RML', 'FQY', 'UUN', 'UUM', 'PUT', 'DEL', 'SDG', 'VAS', 'SDC', 'PAG', 'PGD',
]);

/** What a parser holds when nothing is waiting: one shared empty buffer. */
const NOTHING = Buffer.alloc(0);

export class MsnpParser {
  /** Bytes not parsed yet; never a view into a bigger read than they need (see `keepOnlyRest`). */
  private buf: Buffer = NOTHING;
  /** The header line of a payload command whose bytes are still arriving, and how many bytes it announced. */
  private pending?: MsnpCommand;
  private pendingLength = 0;

  constructor(
    private readonly limits: ParserLimits,
    private readonly payloadVerbs: ReadonlySet<string> = CLIENT_PAYLOAD_VERBS,
    private readonly gate: PayloadGate = () => undefined,
  ) {}

  /** Bytes waiting for the rest of their command (a client that stops mid-command leaves them here). */
  get buffered(): number {
    return this.buf.length;
  }

  /** Bytes of memory the parser keeps alive between reads (tests look). */
  get heldBytes(): number {
    return this.buf.buffer.byteLength;
  }

  /**
   * Feeds bytes; returns the complete commands in order. A framing error is returned last and
   * nothing after it is parsed: the stream can no longer be trusted, the caller closes.
   */
  push(chunk: Buffer): (MsnpCommand | FramingError)[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: (MsnpCommand | FramingError)[] = [];
    for (;;) {
      if (this.pending) {
        const length = this.pendingLength;
        if (this.buf.length < length) break;
        const cmd = this.pending;
        cmd.payload = Buffer.from(this.buf.subarray(0, length));
        this.buf = this.buf.subarray(length);
        this.pending = undefined;
        out.push(cmd);
        continue;
      }
      const nl = this.buf.indexOf(0x0a);
      if (nl < 0) {
        if (this.buf.length > this.limits.maxLineBytes) return [...out, { kind: 'line-too-long', limit: this.limits.maxLineBytes }];
        break;
      }
      if (nl > this.limits.maxLineBytes) return [...out, { kind: 'line-too-long', limit: this.limits.maxLineBytes }];
      const end = nl > 0 && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
      const line = this.buf.toString('utf8', 0, end);
      this.buf = this.buf.subarray(nl + 1);
      // One array per line (the words after the verb become the args): a relayed MSG is parsed
      // thousands of times a second. Doubled or edge spaces are rare and dropped as before.
      let words = line.split(' ');
      if (words.includes('')) words = words.filter((w) => w.length > 0);
      if (words.length === 0) continue; // blank keep-alive lines are ignored
      const verb = words.shift()!;
      const cmd: MsnpCommand = { verb, args: words, line };
      if (!this.payloadVerbs.has(cmd.verb)) {
        out.push(cmd);
        continue;
      }
      const lenWord = cmd.args[cmd.args.length - 1];
      if (cmd.args.length < 1 || !lenWord || !/^\d{1,10}$/.test(lenWord)) return [...out, { kind: 'bad-length', line }];
      const length = Number(lenWord);
      if (length > this.limits.maxPayloadBytes) {
        return [...out, { kind: 'payload-too-large', line, length, limit: this.limits.maxPayloadBytes }];
      }
      const refusal = this.gate(cmd);
      if (refusal !== undefined) return [...out, { kind: 'refused-payload', line, why: refusal }];
      this.pending = cmd;
      this.pendingLength = length;
    }
    this.keepOnlyRest();
    return out;
  }

  /**
   * Between reads the parser keeps only the bytes still to parse: a view into the read's chunk
   * would keep the whole chunk (and its ArrayBuffer objects, ~400 bytes a connection even for a
   * short read; up to 64 KB after a big one) alive until the client next writes, which for an idle
   * signed-in client is minutes. A line split across reads is copied out (it is short).
   */
  private keepOnlyRest(): void {
    const b = this.buf;
    if (b.length === 0) this.buf = NOTHING;
    else if (b.length !== b.buffer.byteLength) {
      const own = Buffer.allocUnsafeSlow(b.length);
      b.copy(own);
      this.buf = own;
    }
  }
}

export function isFramingError(x: MsnpCommand | FramingError): x is FramingError {
  return 'kind' in x;
}

/** One command ready for the wire: the line plus CRLF, then the payload bytes if any. */
export function encodeCommand(line: string, payload?: Buffer | string): Buffer {
  const head = Buffer.from(line + '\r\n', 'utf8');
  if (payload === undefined) return head;
  return Buffer.concat([head, typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload]);
}

/** Percent-encodes a parameter (names, MSN objects): "Online User" -> "Online%20User". */
export function encodeParam(value: string): string {
  return encodeURIComponent(value);
}

/** Decodes a percent-encoded parameter; a malformed escape is kept as sent rather than failing. */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A transaction id as clients send them: a decimal number. */
export function isTrid(word: string | undefined): word is string {
  return word !== undefined && /^\d{1,10}$/.test(word);
}
