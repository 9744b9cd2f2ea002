// Asks the upstream resolver on behalf of a client, for every name that is not Microsoft's.
// UDP queries go out over UDP with a fresh random id (so two clients' ids cannot collide and a
// spoofed answer has to guess it); TCP queries go out over TCP. A bounded number wait at once:
// a flood of queries gets SERVFAIL beyond that instead of growing memory.
import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import type { Upstream } from './upstream';
import { formatUpstream } from './upstream';

export const FORWARD_TIMEOUT_MS = 2500;
export const MAX_PENDING = 512;

export type ForwardResult = { ok: true; response: Buffer; via: string } | { ok: false; why: string };

interface Pending {
  clientId: number;
  upstream: Upstream;
  timer: NodeJS.Timeout;
  done: (r: ForwardResult) => void;
}

export class DnsForwarder {
  private sockets = new Map<'udp4' | 'udp6', dgram.Socket>();
  private pending = new Map<number, Pending>();
  private tcp = new Set<net.Socket>();

  constructor(private readonly upstreams: () => Upstream[]) {}

  get waiting(): number {
    return this.pending.size + this.tcp.size;
  }

  /** Tries each upstream in turn until one answers. */
  async forward(query: Buffer, transport: 'udp' | 'tcp'): Promise<ForwardResult> {
    const list = this.upstreams();
    if (list.length === 0) return { ok: false, why: 'no upstream resolver is known (start with --dns-upstream, or use --dns-isolated)' };
    if (this.waiting >= MAX_PENDING) return { ok: false, why: `${MAX_PENDING} queries are already waiting for the upstream resolver` };
    let last: ForwardResult = { ok: false, why: 'no answer' };
    for (const u of list.slice(0, 2)) {
      last = transport === 'udp' ? await this.viaUdp(query, u) : await this.viaTcp(query, u);
      if (last.ok) return last;
    }
    return last;
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.done({ ok: false, why: 'the DNS server is stopping' });
    }
    this.pending.clear();
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
    for (const s of this.tcp) s.destroy();
    this.tcp.clear();
  }

  private viaUdp(query: Buffer, u: Upstream): Promise<ForwardResult> {
    return new Promise((done) => {
      let id: number;
      do id = randomInt(0x10000);
      while (this.pending.has(id));
      const out = Buffer.from(query);
      out.writeUInt16BE(id, 0);
      const timer = setTimeout(() => {
        this.pending.delete(id);
        done({ ok: false, why: `no answer from ${formatUpstream(u)} within ${FORWARD_TIMEOUT_MS / 1000} s` });
      }, FORWARD_TIMEOUT_MS);
      this.pending.set(id, { clientId: query.readUInt16BE(0), upstream: u, timer, done });
      this.socketFor(u).send(out, u.port, u.host, (err) => {
        if (!err || !this.pending.has(id)) return;
        clearTimeout(timer);
        this.pending.delete(id);
        done({ ok: false, why: `cannot send to ${formatUpstream(u)}: ${err.message}` });
      });
    });
  }

  private socketFor(u: Upstream): dgram.Socket {
    const type = net.isIPv6(u.host) ? 'udp6' : 'udp4';
    let s = this.sockets.get(type);
    if (!s) {
      s = dgram.createSocket(type);
      s.on('error', () => {}); // ICMP unreachable and the like: the query just times out
      s.on('message', (msg, rinfo) => this.onUdpAnswer(msg, rinfo));
      s.unref();
      this.sockets.set(type, s);
    }
    return s;
  }

  private onUdpAnswer(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (msg.length < 12) return;
    const p = this.pending.get(msg.readUInt16BE(0));
    // Only from the resolver it was sent to; anything else is a stray or a spoof.
    if (!p || p.upstream.port !== rinfo.port || p.upstream.host.replace(/^::ffff:/, '') !== rinfo.address.replace(/^::ffff:/, '')) return;
    this.pending.delete(msg.readUInt16BE(0));
    clearTimeout(p.timer);
    const back = Buffer.from(msg);
    back.writeUInt16BE(p.clientId, 0);
    p.done({ ok: true, response: back, via: formatUpstream(p.upstream) });
  }

  private viaTcp(query: Buffer, u: Upstream): Promise<ForwardResult> {
    return new Promise((done) => {
      const sock = net.connect({ host: u.host, port: u.port });
      this.tcp.add(sock);
      let got = Buffer.alloc(0);
      let finished = false;
      const finish = (r: ForwardResult) => {
        if (finished) return;
        finished = true;
        this.tcp.delete(sock);
        sock.destroy();
        done(r);
      };
      sock.setTimeout(FORWARD_TIMEOUT_MS, () => finish({ ok: false, why: `no answer from ${formatUpstream(u)} (TCP) within ${FORWARD_TIMEOUT_MS / 1000} s` }));
      sock.on('error', (e) => finish({ ok: false, why: `cannot reach ${formatUpstream(u)} over TCP: ${e.message}` }));
      sock.on('close', () => finish({ ok: false, why: `${formatUpstream(u)} closed the TCP connection without an answer` }));
      sock.on('connect', () => {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(query.length);
        sock.write(Buffer.concat([len, query]));
      });
      sock.on('data', (chunk) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
          finish({ ok: true, response: got.subarray(2, 2 + got.readUInt16BE(0)), via: `${formatUpstream(u)} (TCP)` });
        }
      });
    });
  }
}
