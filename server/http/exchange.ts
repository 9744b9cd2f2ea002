// One HTTP request/response pair as the route handlers see it: the request already read (body
// capped), a reply() that writes the answer, and the traffic tap kept in step. Each exchange
// is written to the tap as one 'in' record (request line, headers, body) and one 'out' record
// (status line, headers, body), both carrying the account once a handler has identified it.
import http from 'node:http';
import type { TrafficTap } from '../tap/tap';
import { maskBody, maskHeader } from './mask';

/** The address clients are told to use; never a Microsoft host name. */
export interface PublicUrls {
  host: string;
  httpPort: number;
  httpsPort: number;
}

export type HeaderList = [name: string, value: string][];

/** How much of a request body goes to the tap (which keeps 16 Ki characters of a payload). */
const TAP_BODY_CHARS = 20_000;

export class HttpExchange {
  readonly method: string;
  /** The path as sent (no query), for display. */
  readonly rawPath: string;
  /** The path lower-cased, for routing: Microsoft's servers (IIS) matched paths case-insensitively. */
  readonly path: string;
  readonly query: URLSearchParams;
  account: string | undefined;
  /** When the request arrived, for the answer's duration in the traffic view. */
  private readonly startedAt = Date.now();
  private inRecorded = false;
  private replied = false;

  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly body: string,
    readonly conn: string,
    private readonly tap: TrafficTap,
    readonly urls: PublicUrls,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    const target = splitTarget(req.url ?? '/');
    this.rawPath = target.path;
    this.path = target.path.toLowerCase();
    this.query = new URLSearchParams(target.query);
  }

  get remote(): string | undefined {
    return this.req.socket.remoteAddress;
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  }

  get isReplied(): boolean {
    return this.replied;
  }

  /** The handler now knows who this is; the tap records carry it from here on. */
  setAccount(email: string): void {
    this.account = email;
  }

  /**
   * Writes the request to the tap. Deferred until the handler knows the account or answers,
   * so both records of an exchange carry the account (handlers never wait on anything slow
   * except the password hash).
   */
  recordIn(): void {
    if (this.inRecorded) return;
    this.inRecorded = true;
    const headers = pairs(this.req.rawHeaders)
      .map(([n, v]) => `${n}: ${maskHeader(n, v)}`)
      .join('\n');
    // The request line is masked too, in case a client ever puts pwd= in a query string.
    const line = maskBody(`${this.req.method ?? '?'} ${this.req.url ?? ''} HTTP/${this.req.httpVersion}`);
    // The tap keeps 16 KiB of a payload anyway; masking the whole of a 1 MiB body would be waste.
    const body = this.body.length > TAP_BODY_CHARS ? `${this.body.slice(0, TAP_BODY_CHARS)}\n… (truncated)` : this.body;
    this.record('in', line, headers, maskBody(body), undefined, Buffer.byteLength(this.body));
  }

  /** A remark for whoever reads the tap (an unsupported SOAP action, a refused document). */
  note(line: string, payload?: string): void {
    this.recordIn();
    this.tapRecord({ direction: 'note', line, command: 'NOTE', payload });
  }

  /** Sends the answer (once) and records it. Content-Length is always set from the body. */
  reply(status: number, headers: HeaderList, body: string | Buffer = ''): void {
    this.recordIn();
    if (this.replied || this.res.headersSent) {
      this.note(`handler tried to answer twice (status ${status}); ignored`);
      return;
    }
    const all: HeaderList = [...headers.filter(([n]) => n.toLowerCase() !== 'content-length')];
    all.push(['Content-Length', String(Buffer.byteLength(body))]);
    try {
      // setHeader keeps the name's case on HTTP/1.1, which matters: MSN reads PassportURLs case-sensitively.
      for (const [n, v] of all) this.res.setHeader(n, v);
    } catch (err) {
      // An invalid header value (a bug of ours): leave nothing half-set for the 500 that follows.
      for (const n of this.res.getHeaderNames()) this.res.removeHeader(n);
      throw err;
    }
    this.replied = true;
    this.res.statusCode = status;
    const reason = http.STATUS_CODES[status] ?? 'Unknown';
    this.res.statusMessage = reason;
    // Bytes (a picture) go to the tap as a size, not as binary.
    const shown = typeof body === 'string' ? body : `(${body.length} bytes)`;
    this.record('out', `HTTP/1.1 ${status} ${reason}`, all.map(([n, v]) => `${n}: ${v}`).join('\n'), shown, String(status), undefined, Date.now() - this.startedAt);
    this.res.end(body);
  }

  private record(direction: 'in' | 'out', line: string, headers: string, body: string, command?: string, bodyBytes?: number, durationMs?: number): void {
    // command: the method for requests (first word of the line), the status code for answers.
    const payload = body ? `${headers}\n\n${body}` : headers;
    const payloadBytes = bodyBytes === undefined ? undefined : Buffer.byteLength(headers) + 2 + bodyBytes;
    this.tapRecord({ direction, line, command, payload, payloadBytes, durationMs });
  }

  private tapRecord(r: {
    direction: 'in' | 'out' | 'note';
    line: string;
    command?: string;
    payload?: string;
    payloadBytes?: number;
    durationMs?: number;
  }): void {
    try {
      this.tap.record({
        conn: this.conn,
        service: 'HTTP',
        direction: r.direction,
        line: r.line,
        command: r.command,
        payload: r.payload,
        payloadBytes: r.payloadBytes,
        remote: this.remote,
        account: this.account,
        ...(r.durationMs === undefined ? {} : { durationMs: r.durationMs }),
      });
    } catch {
      // The tap is an observer; it must never break an answer.
    }
  }
}

/** Splits a request target into path and query; absolute-form targets (proxy style) keep only the path. */
export function splitTarget(target: string): { path: string; query: string } {
  let t = target;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(t);
  if (abs) t = t.slice(abs[0].length) || '/';
  const hash = t.indexOf('#');
  if (hash >= 0) t = t.slice(0, hash);
  const q = t.indexOf('?');
  const path = q >= 0 ? t.slice(0, q) : t;
  return { path: path || '/', query: q >= 0 ? t.slice(q + 1) : '' };
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** "host", or "host:port" when the port isn't the scheme's default; IPv6 literals get brackets. */
export function authority(host: string, port: number, defaultPort: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === defaultPort ? h : `${h}:${port}`;
}

export function httpsBase(urls: PublicUrls): string {
  return `https://${authority(urls.host, urls.httpsPort, 443)}`;
}

export function httpBase(urls: PublicUrls): string {
  return `http://${authority(urls.host, urls.httpPort, 80)}`;
}
