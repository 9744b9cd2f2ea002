// Where names that are not Microsoft's are looked up: the resolvers this computer itself uses
// (node:dns getServers(), i.e. /etc/resolv.conf or the OS settings), or the ones given with
// --dns-upstream. Butterfly itself is never an upstream: forwarding to ourselves would loop.
import dns from 'node:dns';
import net from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/** "1.1.1.1", "1.1.1.1:5353", "::1", "[::1]:5353" → {host, port}; undefined when it is none of those. */
export function parseUpstream(text: string): Upstream | undefined {
  const t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracketed) return checked(bracketed[1]!, bracketed[2]);
  if (net.isIPv6(t)) return { host: t, port: 53 };
  const v4 = /^([\d.]+)(?::(\d+))?$/.exec(t);
  if (v4) return checked(v4[1]!, v4[2]);
  return undefined;
}

function checked(host: string, port: string | undefined): Upstream | undefined {
  const p = port === undefined ? 53 : Number(port);
  if (!net.isIP(host) || !Number.isInteger(p) || p < 1 || p > 65535) return undefined;
  return { host, port: p };
}

export function systemUpstreams(): Upstream[] {
  return dns.getServers().map(parseUpstream).filter((u): u is Upstream => u !== undefined);
}

export function formatUpstream(u: Upstream): string {
  return u.host.includes(':') ? `[${u.host}]:${u.port}` : `${u.host}:${u.port}`;
}

/**
 * Leaves out resolvers that would be this very server: on its port, at its bind address, or (when
 * it listens on every address) at a loopback or LAN address of this computer. A local resolver on
 * another address (systemd-resolved's 127.0.0.53 while Butterfly listens on the LAN address only)
 * stays.
 */
export function withoutSelf(list: Upstream[], self: { port: number; host: string; addresses: string[] }): Upstream[] {
  const plain = (h: string) => h.replace(/^::ffff:/, '');
  const wildcard = self.host === '0.0.0.0' || self.host === '::';
  const own = new Set(self.addresses.map(plain));
  const isOwn = (h: string) =>
    plain(h) === plain(self.host) || (wildcard && (own.has(plain(h)) || plain(h).startsWith('127.') || h === '::1' || h === '0.0.0.0' || h === '::'));
  return list.filter((u) => !(u.port === self.port && isOwn(u.host)));
}
