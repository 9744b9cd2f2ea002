// DNS mode: a small DNS server so that an old machine only needs one setting changed (its DNS
// server) instead of a hosts file or a patched binary. It listens on UDP and TCP on the same port
// (53 unless told otherwise), answers every Microsoft name the clients use with this server's
// LAN address, and forwards the rest to this computer's own resolver, or refuses it in isolated
// mode. It can be switched on and off while Butterfly runs (the panel does), and nothing a client
// sends can stop it: every packet is handled inside a try, TCP connections are bounded and timed.
import dgram from 'node:dgram';
import net from 'node:net';
import { BindError, bindErrorMessage, closeServer } from '../listen';
import { newConnId, type TrafficTap } from '../tap/tap';
import { decide, describeResponse, errorReply, rcodeName } from './dns-answer';
import { DnsForwarder } from './dns-forwarder';
import { DnsTrafficLog } from './dns-traffic';
import { formatUpstream, systemUpstreams, withoutSelf, type Upstream } from './upstream';

export interface DnsStatus {
  /** Answering now. */
  running: boolean;
  /** The bound port while running; the port it would use otherwise. */
  port: number;
  host: string;
  /** Other names are refused instead of forwarded. */
  isolated: boolean;
  /** The address Microsoft names resolve to. */
  answer: string;
  /** Where other names are forwarded ("127.0.0.1:53"); empty in isolated mode or when none is known. */
  upstream: string[];
  /** Why it is not running although it was asked to (a bind error, for people). */
  problem?: string;
}

export interface DnsOptions {
  tap: TrafficTap;
  host: string;
  /** Port to use when started; 0 picks a free one (tests). */
  port: number;
  isolated: boolean;
  /** Explicit upstream resolvers; undefined means this computer's own. */
  upstream?: Upstream[];
  /** The address to answer with, read at each query (the panel can show a new one). */
  answer: () => string;
  /** This computer's addresses, so that Butterfly never forwards to itself. */
  ownAddresses: () => string[];
}

const MAX_TCP_CONNECTIONS = 64;
const TCP_IDLE_MS = 10_000;

export class DnsServer {
  private udp: dgram.Socket | undefined;
  private tcp: net.Server | undefined;
  private tcpSockets = new Set<net.Socket>();
  private forwarder: DnsForwarder | undefined;
  private log: DnsTrafficLog;
  private boundPort = 0;
  private isolated: boolean;
  private problem: string | undefined;
  private readonly listeners = new Set<(s: DnsStatus) => void>();

  constructor(private readonly opts: DnsOptions) {
    this.isolated = opts.isolated;
    this.log = new DnsTrafficLog(opts.tap);
  }

  get running(): boolean {
    return this.udp !== undefined;
  }

  status(): DnsStatus {
    return {
      running: this.running,
      port: this.running ? this.boundPort : this.opts.port,
      host: this.opts.host,
      isolated: this.isolated,
      answer: this.opts.answer(),
      upstream: this.isolated ? [] : this.upstreams().map(formatUpstream),
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }

  onChange(fn: (s: DnsStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  setIsolated(on: boolean): void {
    if (this.isolated === on) return;
    this.isolated = on;
    this.changed();
  }

  /** Records why DNS mode could not start (the desktop app starts without it then). */
  setProblem(message: string | undefined): void {
    this.problem = message;
    this.changed();
  }

  /** Opens UDP and TCP on the same port; throws BindError with a message for people. */
  async start(): Promise<number> {
    if (this.running) return this.boundPort;
    // Port 0: UDP picks a port, TCP must then get the same one; another program may hold it on TCP.
    for (let attempt = 0; ; attempt++) {
      const udp = await this.bindUdp(this.opts.port);
      const port = udp.address().port;
      try {
        this.tcp = await this.listenTcp(port);
      } catch (e) {
        udp.close();
        if (this.opts.port === 0 && attempt < 5) continue;
        throw e;
      }
      this.udp = udp;
      this.boundPort = port;
      break;
    }
    this.forwarder = new DnsForwarder(() => this.upstreams());
    this.problem = undefined;
    this.opts.tap.record({
      conn: 'dns',
      service: 'DNS',
      direction: 'note',
      command: 'NOTE',
      line: `DNS mode on ${this.opts.host}:${this.boundPort} (UDP and TCP): Microsoft names → ${this.opts.answer()}; others ${this.isolated ? 'refused' : `forwarded to ${this.upstreams().map(formatUpstream).join(', ') || 'nobody (no resolver known)'}`}`,
    });
    this.changed();
    return this.boundPort;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const udp = this.udp!;
    this.udp = undefined;
    this.forwarder?.close();
    this.forwarder = undefined;
    for (const s of this.tcpSockets) s.destroy();
    this.tcpSockets.clear();
    await Promise.all([new Promise<void>((r) => udp.close(() => r())), this.tcp ? closeServer(this.tcp) : undefined]);
    this.tcp = undefined;
    this.log.close();
    this.changed();
  }

  private upstreams(): Upstream[] {
    const list = this.opts.upstream ?? systemUpstreams();
    const port = this.running ? this.boundPort : this.opts.port || 53;
    return withoutSelf(list, { port, host: this.opts.host, addresses: this.opts.ownAddresses() });
  }

  private changed(): void {
    const s = this.status();
    for (const fn of this.listeners) {
      try {
        fn(s);
      } catch {
        // A listener's problem is not the DNS server's.
      }
    }
  }

  private bindUdp(port: number): Promise<dgram.Socket> {
    return new Promise((resolve, reject) => {
      const sock = dgram.createSocket(net.isIPv6(this.opts.host) ? 'udp6' : 'udp4');
      sock.once('error', (err: NodeJS.ErrnoException) => {
        sock.close();
        const code = err.code ?? 'UNKNOWN';
        reject(new BindError('DNS', port, code, bindErrorMessage('DNS', this.opts.host, port, code)));
      });
      sock.bind(port, this.opts.host, () => {
        sock.removeAllListeners('error');
        // After binding, errors (ICMP port unreachable on Windows, say) must never end the server.
        sock.on('error', () => {});
        sock.on('message', (msg, rinfo) => this.onDatagram(sock, msg, rinfo));
        resolve(sock);
      });
    });
  }

  private listenTcp(port: number): Promise<net.Server> {
    const server = net.createServer((s) => this.onTcp(s));
    server.maxConnections = MAX_TCP_CONNECTIONS;
    return new Promise((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? 'UNKNOWN';
        reject(new BindError('DNS', port, code, bindErrorMessage('DNS', this.opts.host, port, code)));
      });
      server.listen(port, this.opts.host, () => {
        server.removeAllListeners('error');
        server.on('error', () => {});
        resolve(server);
      });
    });
  }

  private onDatagram(sock: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const remote = `${rinfo.address.replace(/^::ffff:/, '')}:${rinfo.port}`;
    this.handle(msg, remote, 'dns', 'udp', (answer) => {
      if (this.udp === sock) sock.send(answer, rinfo.port, rinfo.address);
    });
  }

  private onTcp(sock: net.Socket): void {
    const conn = newConnId('dns-tcp');
    const remote = `${(sock.remoteAddress ?? '?').replace(/^::ffff:/, '')}:${sock.remotePort}`;
    this.tcpSockets.add(sock);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    sock.on('error', () => {});
    sock.on('close', () => this.tcpSockets.delete(sock));
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      // Each message is preceded by its length (RFC 1035 4.2.2); 65535 is the most it can say.
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        this.handle(msg, remote, conn, 'tcp', (answer) => {
          if (sock.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(answer.length);
          sock.write(Buffer.concat([len, answer]));
        });
      }
    });
  }

  /** One query from either transport; never throws. */
  private handle(msg: Buffer, remote: string, conn: string, transport: 'udp' | 'tcp', send: (b: Buffer) => void): void {
    try {
      const d = decide(msg, { address: this.opts.answer(), isolated: this.isolated });
      if (d.kind === 'drop') {
        this.log.record({ conn, remote, direction: 'note', line: d.line });
        return;
      }
      if (d.kind === 'reply') {
        send(d.response);
        this.log.record({ conn, remote, direction: d.line.startsWith('FORMERR') || d.line.startsWith('NOTIMP') ? 'note' : 'out', line: d.line });
        return;
      }
      const forwarder = this.forwarder;
      if (!forwarder) return;
      void forwarder.forward(msg, transport).then((r) => {
        if (!this.running) return;
        if (r.ok) {
          send(r.response);
          this.log.record({ conn, remote, direction: 'out', line: `${d.label} → ${describeResponse(r.response)} (forwarded to ${r.via})` });
        } else {
          const fail = errorReply(msg, 'SERVFAIL');
          send(fail);
          this.log.record({ conn, remote, direction: 'out', line: `${d.label} → ${rcodeName(fail)}: ${r.why}` });
        }
      });
    } catch (e) {
      this.log.record({ conn, remote, direction: 'note', line: `DNS query not answered: ${(e as Error).message}` });
    }
  }
}
