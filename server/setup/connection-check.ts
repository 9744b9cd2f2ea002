// The connection check: for each computer and each Messenger family on it, how far a sign-in got
// (looked us up in DNS, reached the notification server, started signing in, TLS, the Passport
// nexus, the login server, signed in, the address book), read from the traffic tap as it happens.
// The setup page shows it live: the furthest step reached and the first thing that failed after it,
// in words that say what to do (an unknown account is not a wrong password; a refused password
// never blames TLS or DNS). MSN 4.7 and Windows Live Messenger on one PC are two progresses
// (families from VER/CVR, check-family.ts). Kept small: the 32 most recently seen.
import type { TrafficInput, TrafficRecord, TrafficTap } from '../tap/tap';
import type { ClientFamilyId } from '../panel/setup-types';
import { isMicrosoftName } from '../tls/hostnames';
import { checkOf, familyOf, verdictOf } from './check-family';
import { httpRefusal, nsRefusal } from './check-words';

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
  /** Undefined until the client has reached the notification server (VER tells). */
  family?: ClientFamilyId;
  familyLabel: string;
  /** The protocol agreed in VER ("MSNP8"). */
  protocol?: string;
  firstSeen: number;
  lastSeen: number;
  /** Client and version from CVR ("macmsgs 8.0.1"). */
  client?: string;
  account?: string;
  steps: Partial<Record<CheckStepId, CheckStep>>;
  /** The family's steps, in the order its Messenger goes through them. */
  check: { id: CheckStepId; label: string; note?: string }[];
  /** The furthest step that succeeded. */
  reached?: { id: CheckStepId; label: string; detail: string };
  /** The first step after `reached` that failed, with what to do about it. */
  failed?: { id: CheckStepId; label: string; detail: string };
}

/** One computer and family, as kept (the verdict is worked out when listed). */
type Progress = Pick<ClientProgress, 'address' | 'family' | 'protocol' | 'firstSeen' | 'lastSeen' | 'client' | 'account' | 'steps'>;

type Found = { step?: { id: CheckStepId; state: 'ok' | 'failed'; detail: string }; client?: string; account?: string };

const MAX_ADDRESSES = 32;
const MAX_OPEN_REQUESTS = 256;
/** Steps this close before a new sign-in attempt belong to it (a nexus lookup, the redirected connection). */
const ATTEMPT_PREAMBLE_MS = 30_000;

/** Which step an HTTP path belongs to. */
function httpStep(path: string): { step: CheckStepId; what: string } | undefined {
  const p = path.toLowerCase();
  if (p === '/rdr/pprdr.asp') return { step: 'nexus', what: 'Passport nexus (pprdr.asp)' };
  if (p === '/login2.srf') return { step: 'passport', what: 'Passport login (login2.srf)' };
  if (p === '/rst.srf' || p === '/rst2.srf') return { step: 'passport', what: `token service (${p.slice(1).toUpperCase().replace('.SRF', '.srf')})` };
  if (p.endsWith('/abservice.asmx') || p.endsWith('/sharingservice.asmx')) return { step: 'soap', what: `address book (${p.slice(p.lastIndexOf('/') + 1)})` };
  return undefined;
}

const HTTP_FAILURE: Record<string, string> = {
  '401': 'wrong e-mail address or password',
  '403': 'refused',
  '404': 'not a service Butterfly provides',
  '500': 'the server answered with an error (see Live traffic)',
};

const keyOf = (address: string, family: ClientFamilyId | undefined) => `${address} ${family ?? '?'}`;

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
  private readonly clients = new Map<string, Progress>();
  /** The DNS step is the computer's, whichever Messenger asked. */
  private readonly dns = new Map<string, CheckStep>();
  /** NS connection → its computer, its progress once the family is known, and what it did before. */
  private readonly nsConns = new Map<string, { address: string; key?: string; protocol?: number; early: Found[] }>();
  /** HTTP connection → the step its open request belongs to, until the answer is seen. */
  private readonly openRequests = new Map<string, { step: CheckStepId; what: string; throttled?: string }>();
  /** NS connection → its last command from the client (to explain a numeric error after USR). */
  private readonly lastNsCommand = new Map<string, string>();
  /** NS connection → the server's last note (why it is about to refuse). */
  private readonly lastNsNote = new Map<string, string>();
  /** Per HTTP connection, why the server refused the sign-in it is about to answer. */
  private readonly refusals = new Map<string, { account: string; words: string }>();
  private readonly listeners = new Set<(list: ClientProgress[]) => void>();
  private notifyQueued = false;
  private readonly unsubscribe: () => void;

  constructor(tap: TrafficTap) {
    // Switchboard traffic says nothing about how far a client got: not delivered at all.
    // What mayTell would refuse is refused before the tap makes a record of it (see mayTellInput).
    this.unsubscribe = tap.subscribe((r) => this.apply(r), ['NS', 'HTTP', 'TLS', 'DNS'], (input) => this.mayTellInput(input));
  }

  list(): ClientProgress[] {
    return [...this.clients.values()].sort((a, b) => b.lastSeen - a.lastSeen).map((c) => this.view(c));
  }

  reset(): void {
    this.clients.clear();
    this.dns.clear();
    this.nsConns.clear();
    this.openRequests.clear();
    this.lastNsCommand.clear();
    this.lastNsNote.clear();
    this.refusals.clear();
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
    const changed = r.service === 'NS' ? this.applyNs(r, address) : this.applyOther(r, address);
    if (changed) this.notify();
    return changed;
  }

  private view(c: Progress): ClientProgress {
    const dns = this.dns.get(c.address);
    const steps = dns ? { dns, ...c.steps } : { ...c.steps };
    const { label, check } = checkOf(c.family);
    return {
      address: c.address,
      ...(c.family ? { family: c.family } : {}),
      familyLabel: label,
      ...(c.protocol ? { protocol: c.protocol } : {}),
      firstSeen: c.firstSeen,
      lastSeen: c.lastSeen,
      ...(c.client ? { client: c.client } : {}),
      ...(c.account ? { account: c.account } : {}),
      steps,
      check,
      ...verdictOf(steps, check),
    };
  }

  // The notification server: the family is known from VER's answer, refined by CVR.

  private applyNs(r: TrafficRecord, address: string): boolean {
    const words = r.line.split(' ');
    if (r.direction === 'note' && r.line.startsWith('connected from')) {
      this.remember(this.nsConns, r.conn, { address, early: [{ step: { id: 'ns', state: 'ok', detail: 'opened a connection to the notification server' } }] });
      return false;
    }
    const conn = this.nsConns.get(r.conn);
    if (!conn) return false;
    if (r.direction === 'note') {
      this.remember(this.lastNsNote, r.conn, r.line);
      return false;
    }
    if (r.direction === 'out' && r.command === 'VER') {
      // "VER 1 MSNP8 CVR0": the protocol agreed; "VER 1 0" refuses every version offered.
      const n = Math.max(0, ...words.map((w) => /^MSNP(\d+)$/.exec(w)?.[1]).filter(Boolean).map(Number));
      if (n === 0) return false;
      conn.protocol = n;
      this.attach(conn, familyOf(n), `MSNP${n}`, r.time);
      return true;
    }
    const found = this.classifyNs(r, words);
    if (!found) return false;
    if (!conn.key) {
      conn.early.push(found);
      return false;
    }
    if (found.client && conn.protocol) {
      const [name = '', version = ''] = found.client.split(' ');
      const family = familyOf(conn.protocol, { name, version });
      if (family !== this.clients.get(conn.key)?.family) this.refile(conn, family);
    }
    this.record(this.clients.get(conn.key)!, found, r.time);
    return true;
  }

  /**
   * Whether a record can say anything about a sign-in, decided on its verb alone: this runs for
   * every line the notification server writes, and a presence fan-out writes an NLN and a UBX to
   * each of a thousand watchers, none of which is parsed here. VER's answer names the family.
   */
  private mayTell(r: Pick<TrafficRecord, 'service' | 'direction' | 'command' | 'conn'>): boolean {
    if (r.service !== 'NS' || r.direction !== 'out') return true;
    return r.command === 'VER' || r.command === 'USR' || (isErrorCode(r.command) && this.lastNsCommand.get(r.conn) === 'USR');
  }

  /**
   * mayTell asked of what the tap is about to record, before any record exists: the verb is read
   * off the line in place (no word split, no string made), so the 2,000 lines of a fan-out to 1,000
   * watchers cost the tap no record object here. "NLN BSY a@x 1 A 0" and "UBX a@x 1 9": no.
   */
  mayTellInput(input: Pick<TrafficInput, 'service' | 'direction' | 'command' | 'line' | 'conn'>): boolean {
    if (input.service !== 'NS' || input.direction !== 'out') return true;
    if (input.command !== undefined) return this.mayTell({ service: 'NS', direction: 'out', command: input.command, conn: input.conn });
    const line = input.line;
    return verbIs(line, 'VER') || verbIs(line, 'USR') || (startsWithErrorCode(line) && this.lastNsCommand.get(input.conn) === 'USR');
  }

  private classifyNs(r: TrafficRecord, words: string[]): Found | undefined {
    if (r.direction === 'in') {
      this.remember(this.lastNsCommand, r.conn, r.command);
      if (r.command === 'VER') return { step: { id: 'ns', state: 'ok', detail: `offered ${words.slice(2).join(' ')}` } };
      if (r.command === 'CVR') return { client: words.slice(6, 8).join(' ') || undefined, account: words[9] };
      if (r.command === 'USR' && words[3] === 'I') {
        return { step: { id: 'usr', state: 'ok', detail: `started signing in as ${words[4] ?? '?'} (${words[2]})` }, account: words[4] };
      }
      return undefined;
    }
    if (r.direction === 'out' && r.command === 'USR' && words[2] === 'OK') {
      return { step: { id: 'signed-in', state: 'ok', detail: `signed in as ${words[3] ?? '?'}` } };
    }
    if (r.direction === 'out' && isErrorCode(r.command) && this.lastNsCommand.get(r.conn) === 'USR') {
      return { step: { id: 'signed-in', state: 'failed', detail: nsRefusal(r.command, this.lastNsNote.get(r.conn)) } };
    }
    return undefined;
  }

  /**
   * A connection agreed a protocol: a new sign-in attempt of that family on that computer. What the
   * computer did just before (a nexus lookup, the first connection before XFR) stays; an older
   * attempt's steps, and anything that failed, go.
   */
  private attach(conn: { address: string; key?: string; early: Found[] }, family: ClientFamilyId, protocol: string, time: number): void {
    const key = keyOf(conn.address, family);
    const prev = this.clients.get(key);
    const unknown = this.clients.get(keyOf(conn.address, undefined));
    const kept: Progress['steps'] = {};
    for (const from of [unknown, prev]) {
      for (const [id, st] of Object.entries(from?.steps ?? {}) as [CheckStepId, CheckStep][]) {
        if (st.state === 'ok' && time - st.at <= ATTEMPT_PREAMBLE_MS) kept[id] = st;
      }
    }
    if (unknown) this.clients.delete(keyOf(conn.address, undefined));
    const c = this.client(conn.address, family, time);
    c.steps = kept;
    c.protocol = protocol;
    if (unknown?.account && !c.account) c.account = unknown.account;
    conn.key = key;
    for (const f of conn.early.splice(0)) this.record(c, f, time);
  }

  /** CVR named a client of another family than the protocol suggested (Messenger for Mac): move it. */
  private refile(conn: { address: string; key?: string }, family: ClientFamilyId): void {
    const c = this.clients.get(conn.key!)!;
    this.clients.delete(conn.key!);
    c.family = family;
    conn.key = keyOf(conn.address, family);
    this.clients.set(conn.key, c);
  }

  // HTTP, TLS and DNS: the computer's latest sign-in attempt that goes through that step.

  private applyOther(r: TrafficRecord, address: string): boolean {
    const words = r.line.split(' ');
    if (r.service === 'DNS') {
      // "A nexus.passport.com → 192.168.1.20": only Microsoft names say something about Messenger.
      const name = words[1];
      if (r.direction !== 'out' || !name || !isMicrosoftName(name)) return false;
      this.dns.set(address, { state: 'ok', at: r.time, detail: `looked up ${name} and was told ${words.slice(3).join(' ')}` });
      if (![...this.clients.values()].some((c) => c.address === address)) this.client(address, undefined, r.time);
      return true;
    }
    const found = r.service === 'TLS' ? this.classifyTls(r) : r.service === 'HTTP' ? this.classifyHttp(r, words) : undefined;
    if (!found) return false;
    const c = this.attemptFor(address, found.step?.id, found.account ?? r.account, r.time);
    this.record(c, found, r.time);
    return true;
  }

  private classifyTls(r: TrafficRecord): Found | undefined {
    if (r.line.startsWith('Established')) return { step: { id: 'tls', state: 'ok', detail: r.line } };
    if (/^(HandshakeFailed|Rejected|Timeout|Garbage|Closed by client before)/.test(r.line)) {
      return { step: { id: 'tls', state: 'failed', detail: r.line } };
    }
    return undefined;
  }

  /** The progress an HTTP or TLS step belongs to: same account if known, else the latest whose family has that step. */
  private attemptFor(address: string, step: CheckStepId | undefined, account: string | undefined, time: number): Progress {
    const here = [...this.clients.values()].filter((c) => c.address === address && (!step || checkOf(c.family).check.some((x) => x.id === step)));
    const acct = account?.toLowerCase();
    const best =
      (acct && here.filter((c) => c.family && c.account?.toLowerCase() === acct).sort((a, b) => b.lastSeen - a.lastSeen)[0]) ||
      here.filter((c) => c.family).sort((a, b) => b.lastSeen - a.lastSeen)[0] ||
      here[0];
    return best ?? this.client(address, undefined, time);
  }

  private classifyHttp(r: TrafficRecord, words: string[]): Found | undefined {
    // The server's note comes just before its answer: "Passport sign-in refused for bob@lan: no such account".
    const refused = r.direction === 'note' ? httpRefusal(r.line) : undefined;
    if (refused) {
      this.remember(this.refusals, r.conn, refused);
      return undefined;
    }
    if (r.direction === 'in') {
      const target = (words[1] ?? '').replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0]!;
      const s = httpStep(target);
      if (!s) return undefined;
      this.remember(this.openRequests, r.conn, s);
      return { step: { id: s.step, state: 'ok', detail: `asked for the ${s.what}` } };
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
      if (s.throttled) return { step: { id: s.step, state: 'failed', detail: s.throttled } };
      const status = words[1] ?? r.command;
      const refusal = this.refusals.get(r.conn);
      this.refusals.delete(r.conn);
      // The token service answers a refused password with a SOAP fault in a 200 (rst-faults.ts).
      const ok = /^[23]\d\d$/.test(status) && !refusal;
      const why = refusal ? refusal.words : (HTTP_FAILURE[status] ?? 'refused');
      return {
        step: { id: s.step, state: ok ? 'ok' : 'failed', detail: `${s.what}: ${status}${ok ? ' OK' : ` — ${why}`}` },
        ...(refusal ? { account: refusal.account } : {}),
      };
    }
    return undefined;
  }

  private record(c: Progress, found: Found, time: number): void {
    c.lastSeen = Math.max(c.lastSeen, time);
    if (found.client) c.client = found.client;
    if (found.account) c.account = found.account;
    if (found.step) c.steps[found.step.id] = { state: found.step.state, at: time, detail: found.step.detail };
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_OPEN_REQUESTS) map.delete(map.keys().next().value!);
  }

  private client(address: string, family: ClientFamilyId | undefined, time: number): Progress {
    const key = keyOf(address, family);
    let c = this.clients.get(key);
    if (!c) {
      c = { address, firstSeen: time, lastSeen: time, steps: {}, ...(family ? { family } : {}) };
      this.clients.set(key, c);
      if (this.clients.size > MAX_ADDRESSES) {
        const [oldest] = [...this.clients.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0]!;
        this.clients.delete(oldest);
      }
    }
    c.lastSeen = Math.max(c.lastSeen, time);
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

/** Whether `line`'s first word is `verb` ("USR 4 OK a@x 1 0" for USR), read in place. */
function verbIs(line: string, verb: string): boolean {
  return line.startsWith(verb) && (line.length === verb.length || line.charCodeAt(verb.length) === 32);
}

/** Whether `line`'s first word is an MSNP error code ("911 4"), read in place. */
function startsWithErrorCode(line: string): boolean {
  for (let i = 0; i < 3; i++) {
    const c = line.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return false;
  }
  return line.length === 3 || line.charCodeAt(3) === 32;
}

/** An MSNP error reply's verb: three digits ("911"). */
function isErrorCode(command: string): boolean {
  return command.length === 3 && /^\d{3}$/.test(command);
}
