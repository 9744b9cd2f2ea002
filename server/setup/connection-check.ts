// The connection check: for each computer that has talked to Butterfly, how far its Messenger got
// (looked us up in DNS, reached the notification server, started signing in, TLS, the Passport
// nexus, the login server, signed in, the address book), read from the traffic tap as it happens.
// The setup page shows it live, so a person sees the step where it stops and why (a TLS record
// already says why a handshake failed; a 401 means a wrong password). Kept small: the latest
// outcome of each step for the 32 most recently seen addresses.
import type { TrafficRecord, TrafficTap } from '../tap/tap';
import { isMicrosoftName } from '../tls/hostnames';

export type CheckStepId = 'dns' | 'ns' | 'usr' | 'tls' | 'nexus' | 'passport' | 'signed-in' | 'soap';

export interface CheckStep {
  state: 'ok' | 'failed';
  at: number;
  /** What was seen, for people: "GET /rdr/pprdr.asp", "HandshakeFailed … unknown CA". */
  detail: string;
}

export interface ClientProgress {
  /** The client computer's IP address. */
  address: string;
  firstSeen: number;
  lastSeen: number;
  /** Client and version from CVR ("macmsgs 8.0.1"). */
  client?: string;
  account?: string;
  steps: Partial<Record<CheckStepId, CheckStep>>;
}

const MAX_ADDRESSES = 32;
const MAX_OPEN_REQUESTS = 256;

/** Which step an HTTP path belongs to. */
function httpStep(path: string): { step: CheckStepId; what: string } | undefined {
  const p = path.toLowerCase();
  if (p === '/rdr/pprdr.asp') return { step: 'nexus', what: 'Passport nexus (pprdr.asp)' };
  if (p === '/login2.srf') return { step: 'passport', what: 'Passport login (login2.srf)' };
  if (p === '/rst.srf' || p === '/rst2.srf') return { step: 'passport', what: `token service (${p.slice(1).toUpperCase().replace('.SRF', '.srf')})` };
  if (p.endsWith('/abservice.asmx') || p.endsWith('/sharingservice.asmx')) return { step: 'soap', what: `address book (${p.slice(p.lastIndexOf('/') + 1)})` };
  return undefined;
}

/** What to do about a refused sign-in, by the reason the server noted. */
const REFUSAL_WORDS: Record<string, (account: string) => string> = {
  'no such account': (a) => `there is no account ${a} on this server: create it on the Accounts page, or check the address typed in Messenger`,
  'wrong password': (a) => `wrong password for ${a}: type it again in Messenger, or set a new one on the Accounts page`,
};

const HTTP_FAILURE: Record<string, string> = {
  '401': 'wrong e-mail address or password',
  '403': 'refused',
  '404': 'not a service Butterfly provides',
  '500': 'the server answered with an error (see Live traffic)',
};

export function clientAddress(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const r = remote.replace(/^::ffff:/, '');
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(r);
  if (v4) return v4[1];
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(r);
  if (v6) return v6[1];
  return r.includes(':') && !r.includes('.') ? r : undefined;
}

export class ClientProgressTracker {
  private readonly clients = new Map<string, ClientProgress>();
  /** HTTP connection → the step its open request belongs to, until the answer is seen. */
  private readonly openRequests = new Map<string, { step: CheckStepId; what: string; throttled?: string }>();
  /** NS connection → its last command from the client (to explain a numeric error after USR). */
  private readonly lastNsCommand = new Map<string, string>();
  /** Per HTTP connection, why the server refused the sign-in it is about to answer 401/500 to. */
  private readonly refusals = new Map<string, { account: string; reason: string }>();
  private readonly listeners = new Set<(list: ClientProgress[]) => void>();
  private notifyQueued = false;
  private readonly unsubscribe: () => void;

  constructor(tap: TrafficTap) {
    // Switchboard traffic says nothing about how far a client got: not delivered at all.
    this.unsubscribe = tap.subscribe((r) => this.apply(r), ['NS', 'HTTP', 'TLS', 'DNS']);
  }

  list(): ClientProgress[] {
    return [...this.clients.values()].sort((a, b) => b.lastSeen - a.lastSeen).map((c) => ({ ...c, steps: { ...c.steps } }));
  }

  reset(): void {
    this.clients.clear();
    this.openRequests.clear();
    this.lastNsCommand.clear();
    this.notify();
  }

  onChange(fn: (list: ClientProgress[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** One tap record; returns whether it changed anyone's progress. */
  apply(r: TrafficRecord): boolean {
    if (!this.mayTell(r)) return false;
    const address = clientAddress(r.remote);
    if (!address) return false;
    const found = this.classify(r);
    if (!found) return false;
    const c = this.client(address, r.time);
    if (found.client) c.client = found.client;
    if (r.account ?? found.account) c.account = r.account ?? found.account;
    if (found.step) c.steps[found.step.id] = { state: found.step.state, at: r.time, detail: found.step.detail };
    this.notify();
    return true;
  }

  /**
   * Whether a record can say anything about a sign-in, decided on its verb alone: this runs for
   * every line the notification server writes, and a presence fan-out writes an NLN and a UBX to
   * each of a thousand watchers, none of which is parsed here.
   */
  private mayTell(r: TrafficRecord): boolean {
    if (r.service !== 'NS' || r.direction !== 'out') return true;
    return r.command === 'USR' || (isErrorCode(r.command) && this.lastNsCommand.get(r.conn) === 'USR');
  }

  private classify(r: TrafficRecord): { step?: { id: CheckStepId; state: 'ok' | 'failed'; detail: string }; client?: string; account?: string } | undefined {
    const words = r.line.split(' ');
    switch (r.service) {
      case 'DNS': {
        // "A nexus.passport.com → 192.168.1.20": only Microsoft names say something about Messenger.
        const name = words[1];
        if (r.direction !== 'out' || !name || !isMicrosoftName(name)) return undefined;
        return { step: { id: 'dns', state: 'ok', detail: `looked up ${name} and was told ${words.slice(3).join(' ')}` } };
      }
      case 'NS':
        return this.classifyNs(r, words);
      case 'TLS':
        if (r.line.startsWith('Established')) return { step: { id: 'tls', state: 'ok', detail: r.line } };
        if (/^(HandshakeFailed|Rejected|Timeout|Garbage|Closed by client before)/.test(r.line)) {
          return { step: { id: 'tls', state: 'failed', detail: r.line } };
        }
        return undefined;
      case 'HTTP':
        return this.classifyHttp(r, words);
      default:
        return undefined;
    }
  }

  private classifyNs(r: TrafficRecord, words: string[]) {
    if (r.direction === 'note' && r.line.startsWith('connected from')) {
      return { step: { id: 'ns' as const, state: 'ok' as const, detail: 'opened a connection to the notification server' } };
    }
    if (r.direction === 'in') {
      this.remember(this.lastNsCommand, r.conn, r.command);
      if (r.command === 'VER') return { step: { id: 'ns' as const, state: 'ok' as const, detail: `offered ${words.slice(2).join(' ')}` } };
      if (r.command === 'CVR') return { client: words.slice(6, 8).join(' ') || undefined, account: words[9] };
      if (r.command === 'USR' && words[3] === 'I') {
        return { step: { id: 'usr' as const, state: 'ok' as const, detail: `started signing in as ${words[4] ?? '?'} (${words[2]})` }, account: words[4] };
      }
      return undefined;
    }
    if (r.direction === 'out' && r.command === 'USR' && words[2] === 'OK') {
      return { step: { id: 'signed-in' as const, state: 'ok' as const, detail: `signed in as ${words[3] ?? '?'}` } };
    }
    if (r.direction === 'out' && isErrorCode(r.command) && this.lastNsCommand.get(r.conn) === 'USR') {
      return { step: { id: 'signed-in' as const, state: 'failed' as const, detail: `the server refused the sign-in with error ${r.command} (a wrong password or expired ticket; MSN 1.0–4.7: the account may not allow them, see the traffic view)` } };
    }
    return undefined;
  }

  private classifyHttp(r: TrafficRecord, words: string[]) {
    // The server's note comes just before its answer: "Passport sign-in refused for bob@lan: no such account".
    const refused = r.direction === 'note' ? /sign-in refused for (\S+): (no such account|wrong password)$/.exec(r.line) : null;
    if (refused) {
      this.remember(this.refusals, r.conn, { account: refused[1]!, reason: refused[2]! });
      return undefined;
    }
    if (r.direction === 'in') {
      const target = (words[1] ?? '').replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0]!;
      const s = httpStep(target);
      if (!s) return undefined;
      this.remember(this.openRequests, r.conn, s);
      return { step: { id: s.step, state: 'ok' as const, detail: `asked for the ${s.what}` } };
    }
    if (r.direction === 'note' && r.line.startsWith('Throttled ')) {
      // Too many wrong passwords: the client is told "failed", the person is told to wait.
      const s = this.openRequests.get(r.conn);
      if (s) s.throttled = `${s.what}: held back after too many wrong passwords — ${r.line.replace(/^.*?: /, '')}. Wait, then type the password carefully.`;
      return undefined;
    }
    if (r.direction === 'out') {
      const s = this.openRequests.get(r.conn);
      if (!s) return undefined;
      this.openRequests.delete(r.conn);
      if (s.throttled) return { step: { id: s.step, state: 'failed' as const, detail: s.throttled } };
      const status = words[1] ?? r.command;
      const ok = /^[23]\d\d$/.test(status);
      const refusal = this.refusals.get(r.conn);
      this.refusals.delete(r.conn);
      const why = !ok && refusal ? REFUSAL_WORDS[refusal.reason]!(refusal.account) : HTTP_FAILURE[status] ?? 'refused';
      return {
        step: { id: s.step, state: ok ? ('ok' as const) : ('failed' as const), detail: `${s.what}: ${status}${ok ? ' OK' : ` — ${why}`}` },
      };
    }
    return undefined;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_OPEN_REQUESTS) map.delete(map.keys().next().value!);
  }

  private client(address: string, time: number): ClientProgress {
    let c = this.clients.get(address);
    if (!c) {
      c = { address, firstSeen: time, lastSeen: time, steps: {} };
      this.clients.set(address, c);
      if (this.clients.size > MAX_ADDRESSES) {
        const oldest = [...this.clients.values()].sort((a, b) => a.lastSeen - b.lastSeen)[0]!;
        this.clients.delete(oldest.address);
      }
    }
    c.lastSeen = time;
    return c;
  }

  /** Listeners hear once per turn of the event loop, however many records changed things. */
  private notify(): void {
    if (this.notifyQueued || this.listeners.size === 0) return;
    this.notifyQueued = true;
    setImmediate(() => {
      this.notifyQueued = false;
      const list = this.list();
      for (const fn of this.listeners) {
        try {
          fn(list);
        } catch {
          // The panel's problem, not the protocol's.
        }
      }
    });
  }
}

/** An MSNP error reply's verb: three digits ("911"). */
function isErrorCode(command: string): boolean {
  return command.length === 3 && /^\d{3}$/.test(command);
}
