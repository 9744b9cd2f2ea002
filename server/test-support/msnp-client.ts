// A scripted MSNP client for tests: a real TCP socket, lines and byte-counted payloads,
// and waits that fail with what actually arrived instead of hanging.
import net from 'node:net';

export interface Received {
  line: string;
  payload?: string;
  /** The payload's exact bytes (binary P2P data does not survive as a string). */
  bytes?: Buffer;
}

/** Server-to-client commands whose last word is a payload length when it is a number. */
const PAYLOAD_VERBS = new Set(['MSG', 'UBX', 'GCF', 'NOT', 'UBN', 'ADL', 'RML', 'FQY', 'UUX', 'IPG', 'SDG', 'NFY', 'UBM']);

export class MsnpTestClient {
  private buf = Buffer.alloc(0);
  private readonly inbox: Received[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  readonly all: Received[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.parse();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<MsnpTestClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new MsnpTestClient(s)));
      s.once('error', reject);
    });
  }

  send(line: string, payload?: string): void {
    const head = Buffer.from(line + '\r\n');
    this.socket.write(payload === undefined ? head : Buffer.concat([head, Buffer.from(payload)]));
  }

  /** Sends a payload command, computing its byte length: sendPayload('UUX 9', '<Data>…') -> "UUX 9 53". */
  sendPayload(head: string, payload: string): void {
    this.send(`${head} ${Buffer.byteLength(payload)}`, payload);
  }

  /** A payload command with binary content: sendBytes('MSG 7 D', buf) -> "MSG 7 D <len>" + the bytes. */
  sendBytes(head: string, payload: Buffer): void {
    this.socket.write(Buffer.concat([Buffer.from(`${head} ${payload.length}\r\n`), payload]));
  }

  writeRaw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** The next command from the server. */
  async next(timeoutMs = 10_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (this.closed) throw new Error(`connection closed; received so far:\n${this.transcript()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms; received so far:\n${this.transcript()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.inbox.shift()!;
  }

  async nextLine(timeoutMs?: number): Promise<string> {
    return (await this.next(timeoutMs)).line;
  }

  /** Reads commands until one starts with `prefix` (skipping the others); returns it. */
  async until(prefix: string, timeoutMs = 10_000): Promise<Received> {
    for (;;) {
      const r = await this.next(timeoutMs);
      if (r.line.startsWith(prefix)) return r;
    }
  }

  /** Waits for a command starting with `prefix` and removes just that one, leaving the others queued in order. */
  async take(prefix: string, timeoutMs = 10_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((r) => r.line.startsWith(prefix));
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      if (this.closed) throw new Error(`connection closed before ${prefix}; received so far:\n${this.transcript()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${prefix} within ${timeoutMs} ms; received so far:\n${this.transcript()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has closed the connection. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the server did not close the connection');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Nothing more arrives for `ms` (a quiet period, used to prove something was NOT sent). */
  async quiet(ms = 300): Promise<Received[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.inbox.splice(0);
  }

  close(): void {
    this.socket.destroy();
  }

  transcript(): string {
    return this.all.map((r) => `S: ${r.line}${r.payload !== undefined ? `\n${r.payload}` : ''}`).join('\n');
  }

  private parse(): void {
    for (;;) {
      const nl = this.buf.indexOf('\r\n');
      if (nl < 0) break;
      const line = this.buf.subarray(0, nl).toString('utf8');
      const words = line.split(' ');
      const last = words[words.length - 1]!;
      // "NOT <len>" is the one payload command the server sends without a TrID.
      const hasPayload = PAYLOAD_VERBS.has(words[0]!) && (words.length >= 3 || words[0] === 'NOT') && /^\d+$/.test(last);
      if (hasPayload) {
        const len = Number(last);
        if (this.buf.length < nl + 2 + len) break;
        const bytes = Buffer.from(this.buf.subarray(nl + 2, nl + 2 + len));
        this.buf = this.buf.subarray(nl + 2 + len);
        // The bytes ride along unenumerated, so transcripts still compare as { line, payload }.
        this.push(Object.defineProperty({ line, payload: bytes.toString('utf8') }, 'bytes', { value: bytes, enumerable: false }));
      } else {
        this.buf = this.buf.subarray(nl + 2);
        this.push({ line });
      }
    }
  }

  private push(r: Received): void {
    this.inbox.push(r);
    this.all.push(r);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
